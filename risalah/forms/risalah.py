"""The risalah list's filters and the form that starts a risalah."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.forms import QuickSelect, columns, layout_helper
from groups.models import Group, ProgrammeYear
from risalah.models import Status


class RisalahFilterForm(forms.Form):
    """The filters of the risalah list; every field is optional."""

    year = forms.ModelChoiceField(
        label=_("Year"), queryset=ProgrammeYear.objects.all(), to_field_name="year", required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Status.choices, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit (with its sub-units)"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        widget=QuickSelect,
    )
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Title, theme or group name")
    )

    helper = layout_helper(
        *columns(year="col-6 col-md-2", status="col-6 col-md-2", unit="col-12 col-md-3", q="col-12 col-md-3"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class GroupChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # the groups an operator or a verifikator manages: up to thousands

    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.name} — {obj.unit}"


class RisalahCreateForm(forms.Form):
    group = GroupChoiceField(label=_("Group"), queryset=Group.objects.none(), to_field_name="uuid")
    programme_year = forms.ModelChoiceField(
        label=_("Programme year"), queryset=ProgrammeYear.objects.all(), to_field_name="year"
    )
    theme = forms.CharField(
        label=_("Theme (tema)"),
        required=False,
        max_length=250,
        help_text=_("The area the group wants to improve. The measurable title is written next."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = permissions.restrict(
            Group.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "name"),
            user,
            roles=permissions.GROUP_WRITE_ROLES,
        )
        self.fields["group"].queryset = groups
        self.fields["programme_year"].initial = ProgrammeYear.current()

    def clean_theme(self) -> str:
        return " ".join(self.cleaned_data["theme"].split())
