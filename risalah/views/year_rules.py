"""The bureau's risalah rules for a programme year: the method and the meeting thresholds."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from groups.models import ProgrammeYear
from risalah.models import YearRules
from risalah.year_rules import year_rules, year_rules_save


class YearRulesForm(forms.ModelForm):
    class Meta:
        model = YearRules
        fields = ["method", "min_meetings", "min_attendance_pct"]
        help_texts = {
            "method": gettext_lazy(
                "New risalah of this year follow this method; risalah already started keep theirs."
            ),
            "min_meetings": gettext_lazy("The checker asks for at least this many meetings."),
            "min_attendance_pct": gettext_lazy(
                "The checker asks for at least this average attendance, in percent of the roster."
            ),
        }

    def clean_min_attendance_pct(self) -> int:
        value = self.cleaned_data["min_attendance_pct"]
        if value > 100:
            raise forms.ValidationError(gettext_lazy("A percentage is at most 100."))
        return value


@login_required
def year_rules_edit(request, year):
    if not permissions.may_manage_programme_years(request.user):
        raise PermissionDenied
    programme_year = get_object_or_404(ProgrammeYear, year=year)
    rules = year_rules(programme_year)
    form = YearRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        year_rules_save(rules=form.save(commit=False))
        messages.success(request, _("The risalah rules for %(year)d are saved.") % {"year": year})
        return redirect("groups-programme-year-list")
    started = programme_year.risalah.count()
    return render(
        request,
        "risalah/year_rules.html",
        {"form": form, "programme_year": programme_year, "started": started},
    )
