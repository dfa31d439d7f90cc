from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from groups.models import Completeness, ProgrammeYear


class GroupFilterForm(forms.Form):
    """The filters of the group list; every field is optional."""

    year = forms.ModelChoiceField(
        label=_("Year"), queryset=ProgrammeYear.objects.all(), to_field_name="year", required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (with its sub-units)"), queryset=Unit.objects.none(), to_field_name="uuid", required=False
    )
    completeness = forms.ChoiceField(
        label=_("SK and roster"), choices=[("", _("All"))] + Completeness.choices, required=False
    )
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
