"""The filters of the library of verified risalah."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import columns, layout_helper
from core.models import UnitKind
from groups.models import ProgrammeYear

RESULT_CHOICES = [
    ("", _("All")),
    ("yes", _("Target reached")),
    ("no", _("Target not reached")),
]


class LibraryFilterForm(forms.Form):
    """Every field is optional; an invalid one is shown beside the field and ignored."""

    q = forms.CharField(
        label=_("Words in the title or theme"),
        required=False,
        max_length=100,
        help_text=_("For example: antrean, rekam medis, perizinan"),
    )
    year = forms.ModelChoiceField(
        label=_("Year"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=_("All"),
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), queryset=None, to_field_name="uuid", required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"), choices=[("", _("All")), *UnitKind.choices], required=False
    )
    result = forms.ChoiceField(label=_("Evaluation result"), choices=RESULT_CHOICES, required=False)

    helper = layout_helper(
        *columns(
            q="col-12 col-lg-4",
            year="col-6 col-lg-2",
            result="col-6 col-lg-2",
            opd="col-12 col-md-6 col-lg-2",
            kind="col-12 col-md-6 col-lg-2",
        ),
    )

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds
