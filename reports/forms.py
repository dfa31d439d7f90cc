from crispy_forms.layout import Div
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect, grid_row, layout_helper
from core.models import Unit, UnitKind
from groups.models import ProgrammeYear
from reports.dashboard import BY_SLUG, default_scope


class DashboardForm(forms.Form):
    """The dashboard's query string: which year, rooted at which unit (by UUID; the view checks
    access through core.permissions, so a unit outside the user's subtree is a 404)."""

    year = forms.ModelChoiceField(
        label=_("Programme year"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=None,
        error_messages={
            "invalid_choice": _("There is no programme year %(value)s. The current year is shown.")
        },
    )
    kind = forms.ChoiceField(
        label=_("Unit kind"),
        choices=[("", _("All kinds"))] + UnitKind.choices,
        required=False,
        error_messages={"invalid_choice": _("There is no unit kind %(value)s. All kinds are shown.")},
    )
    unit = forms.UUIDField(required=False, widget=forms.HiddenInput)

    helper = layout_helper(Div("year"), Div("kind"))  # the hidden unit is rendered by the template


class IndicatorListForm(DashboardForm):
    """The list behind a number: the dashboard's query string plus the indicator."""

    indicator = forms.ChoiceField(choices=[(slug, indicator.label) for slug, indicator in BY_SLUG.items()])
    direct = forms.BooleanField(required=False, widget=forms.HiddenInput)


def recap_units(user):
    """The units whose yearly recap the user may make: the user's highest units (an admin: each
    Pemda) and the units right under them (the OPDs), active ones, in tree order. Two queries
    when evaluated (the user's access, the units)."""
    scope = default_scope(user)
    if scope is None:
        return Unit.objects.none()
    condition = Q()
    for top in scope.tops:
        condition |= Q(path__startswith=top.path, depth__lte=top.depth + 1)
    return Unit.objects.filter(condition, is_active=True).order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # hundreds of units: options written without a template each

    def __init__(self, *args, top_depth: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.top_depth = top_depth

    def label_from_instance(self, unit):
        # The units right under a Pemda (its OPDs) are indented beneath it.
        return f"{'— ' * max(unit.depth - self.top_depth, 0)}{unit.name}"


class RecapForm(forms.Form):
    """The yearly recap to make: a programme year and a unit the user may read (by UUID; a unit
    outside the user's subtree is not a choice)."""

    year = forms.ModelChoiceField(
        label=_("Programme year"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        to_field_name="year",
        empty_label=None,
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), to_field_name="uuid", empty_label=None
    )
    notify = forms.BooleanField(
        label=_("E-mail me when it is ready"),
        required=False,
        help_text=_("Only for a report made in the background (a whole Pemda or a large unit)."),
    )

    helper = layout_helper(grid_row("row g-2", year="col-12 col-md-3", unit="col-12 col-md-9"), Div("notify"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = recap_units(user)
        self.fields["unit"].queryset = units
        first = units.first()
        self.has_units = first is not None
        self.fields["unit"].top_depth = first.depth if first else 1
