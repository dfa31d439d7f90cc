"""Forms of the documents page: which year and unit, the notes of a letter, the signatory."""

from crispy_forms.layout import Div
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect, columns, grid_row, layout_helper
from core.models import Unit
from core.nip import nip_problems, normalise_nip
from groups.models import ProgrammeYear
from reports.models import DocumentSignatory, OpdLetterNote


class UnitChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # hundreds of units: options written without a template each

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


class DocumentExportForm(forms.Form):
    """What a documents button posts besides its address: the e-mail wish for a background file."""

    notify = forms.BooleanField(label=_("E-mail me when it is ready"), required=False)


class DocumentsForm(forms.Form):
    """The documents page's query string: a programme year (none: the current one) and one of
    the units offered (none: the first); see document_views.offered_units."""

    year = forms.ModelChoiceField(
        label=_("Programme year"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("There is no programme year %(value)s.")},
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the units in the list.")},
    )

    helper = layout_helper(*columns(year="col-12 col-sm-4 col-md-3", unit="col-12 col-sm-8 col-md-6"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class LetterNoteForm(forms.ModelForm):
    class Meta:
        model = OpdLetterNote
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": _(
                "Printed in the letter under the figures, as typed (line breaks kept). "
                "Kept for the next print of this unit's letter of the year."
            )
        }

    helper = layout_helper(Div("number"), Div("text"))

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class SignatoryForm(forms.ModelForm):
    # Longer than the 18 digits stored: a NIP is often typed with spaces ("19750708 200312 1 001").
    nip = forms.CharField(label=_("NIP"), max_length=40, required=False)

    class Meta:
        model = DocumentSignatory
        fields = ["position", "name", "rank", "nip", "place"]

    helper = layout_helper(
        Div("position"),
        grid_row("row g-2", name="col-12 col-md-6", rank="col-12 col-md-6"),
        grid_row("row g-2", nip="col-12 col-md-6", place="col-12 col-md-6"),
    )

    def clean_nip(self) -> str:
        nip = normalise_nip(self.cleaned_data["nip"])
        if nip and (problems := nip_problems(nip)):
            raise forms.ValidationError(problems)
        return nip

    def clean_position(self) -> str:
        return self.cleaned_data["position"].strip()
