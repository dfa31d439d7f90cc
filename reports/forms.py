from crispy_forms.layout import Div
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import layout_helper
from core.models import UnitKind
from groups.models import ProgrammeYear
from reports.dashboard import BY_SLUG


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
