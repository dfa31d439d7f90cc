from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import grid_row, layout_helper
from groups.models import ProgrammeYear

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Deadlines may fall a little outside the year: an SK signed in December for the next
# year, a provincial final in the following spring.
MONTHS_AROUND_YEAR = 3


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeYearForm(forms.ModelForm):
    class Meta:
        model = ProgrammeYear
        fields = [
            "year",
            "is_current",
            "sk_deadline",
            "risalah_deadline",
            "gelar_date",
            "min_members",
            "max_members",
            "ketua_count",
            "sekretaris_count",
            "min_fasilitator",
        ]
        widgets = {
            "sk_deadline": _date_input(),
            "risalah_deadline": _date_input(),
            "gelar_date": _date_input(),
        }
        help_texts = {
            "min_members": _("Everyone on the roster except the Pembina counts as a member."),
            "ketua_count": _("A complete roster has exactly this many."),
            "sekretaris_count": _("A complete roster has exactly this many."),
        }

    # The two fieldsets of the page: the year and its calendar, the roster rules.
    calendar_helper = layout_helper(
        grid_row("row", year="col-sm-6", is_current="col-sm-6 pt-sm-4"),
        grid_row("row", sk_deadline="col-sm-4", risalah_deadline="col-sm-4", gelar_date="col-sm-4"),
    )
    rules_helper = layout_helper(
        grid_row("row", min_members="col-sm-6", max_members="col-sm-6"),
        grid_row("row", ketua_count="col-sm-4", sekretaris_count="col-sm-4", min_fasilitator="col-sm-4"),
    )

    def validate_constraints(self):
        # One year may be current (one_current_programme_year): programme_year_save unsets the
        # other year in the same transaction, so the form must not refuse a second current year.
        exclude = self._get_validation_exclusions() | {"is_current"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if ProgrammeYear.objects.filter(year=year).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The programme year %(year)d already exists.") % {"year": year})
        return year

    def clean_min_members(self) -> int:
        value = self.cleaned_data["min_members"]
        if value < 1:
            raise forms.ValidationError(_("A group needs at least one member."))
        return value

    def clean(self):
        cleaned = super().clean()
        self._check_roster_rules(cleaned)
        self._check_dates(cleaned)
        return cleaned

    def _check_roster_rules(self, cleaned) -> None:
        low, high = cleaned.get("min_members"), cleaned.get("max_members")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_members",
                _("The maximum (%(max)d) cannot be smaller than the minimum (%(min)d).")
                % {"max": high, "min": low},
            )
            return
        counts = [cleaned.get(name) for name in ("ketua_count", "sekretaris_count", "min_fasilitator")]
        if high is not None and None not in counts and sum(counts) > high:
            self.add_error(
                "max_members",
                _(
                    "%(ketua)d Ketua, %(sekretaris)d Sekretaris and %(fasilitator)d Fasilitator already make "
                    "%(needed)d members, more than the maximum of %(max)d: no roster could be complete."
                )
                % {
                    "ketua": counts[0],
                    "sekretaris": counts[1],
                    "fasilitator": counts[2],
                    "needed": sum(counts),
                    "max": high,
                },
            )

    def _check_dates(self, cleaned) -> None:
        year = cleaned.get("year")
        names = ["sk_deadline", "risalah_deadline", "gelar_date"]
        if year is not None:
            start = date(year - 1, 13 - MONTHS_AROUND_YEAR, 1)
            end = date(year + 1, MONTHS_AROUND_YEAR + 1, 1) - timedelta(days=1)
            for name in names:
                value = cleaned.get(name)
                if value is not None and not start <= value <= end:
                    self.add_error(
                        name,
                        _("This date must lie in %(year)d or close to it: between %(start)s and %(end)s.")
                        % {"year": year, "start": date_format(start), "end": date_format(end)},
                    )
        # Each date must come after the ones before it (those that are filled in).
        earlier = None
        for name in names:
            value = cleaned.get(name)
            if value is None or name in self.errors:
                continue
            if earlier is not None and value <= cleaned[earlier]:
                self.add_error(
                    name,
                    _("This date must come after the %(earlier)s (%(date)s).")
                    % {
                        "earlier": ProgrammeYear._meta.get_field(earlier).verbose_name,
                        "date": date_format(cleaned[earlier]),
                    },
                )
                continue
            earlier = name
