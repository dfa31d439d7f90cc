"""Forms of the Bimtek pages: registration by NIP or from a roster, quotas, the check-in search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect
from core.nip import clean_nip
from groups.models import Person


class NipRegistrationForm(forms.Form):
    """Any ASN by NIP: a known NIP takes the name and unit of the ASN's record; an unknown one
    needs the name and unit typed (a participant without a portal account)."""

    nip = forms.CharField(label=_("NIP"), max_length=60, help_text=_("18 digits; spaces and dots are fine."))
    name = forms.CharField(
        label=_("name"),
        max_length=150,
        required=False,
        help_text=_("Needed only for a NIP not yet in the portal."),
    )
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None, required=False, widget=QuickSelect)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.person = None

    def clean_nip(self):
        return clean_nip(self.cleaned_data["nip"])

    def clean(self):
        data = super().clean()
        nip = data.get("nip")
        if not nip:
            return data
        self.person = Person.objects.select_related("unit").filter(nip=nip).first()
        if self.person is not None:
            if not self.fields["unit"].queryset.filter(pk=self.person.unit_id).exists():
                self.add_error("nip", _("This ASN works in a unit you may not register people for."))
            data["name"], data["unit"] = self.person.name, self.person.unit
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("This NIP is not in the portal yet: type the person's name."))
        if data.get("unit") is None and "unit" not in self.errors:
            self.add_error("unit", _("This NIP is not in the portal yet: choose the person's unit."))
        return data


class RosterPickForm(forms.Form):
    """People of one group's roster of the event's year, ticked."""

    people = forms.ModelMultipleChoiceField(
        label=_("members"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda person: f"{person.name} ({person.nip})"


class QuotaForm(forms.Form):
    """One number of seats per OPD; empty means no quota."""

    def __init__(self, *args, units, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.IntegerField(
                label=str(unit.name),
                min_value=0,
                max_value=1000,
                required=False,
                initial=quotas.get(unit.pk),
            )

    def seats(self) -> dict:
        """{unit: seats or None} from the cleaned form."""
        return {unit: self.cleaned_data.get(f"unit_{unit.pk}") for unit in self.units}


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
