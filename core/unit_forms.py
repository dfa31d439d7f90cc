"""Forms of the unit pages and of the unit and account imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import imports
from core.forms import columns, layout_helper
from core.models import Unit, UnitKind


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name} ({obj.code})"


class UnitForm(forms.ModelForm):
    """Create or edit a unit. The parent is chosen among the units the user manages.

    ``parents`` is that queryset (without the unit's own subtree when editing);
    ``parent_locked`` removes the field when the user may not move the unit (its current
    parent lies outside the user's units); ``allow_top_level`` lets an administrator
    leave the parent empty to make a top-level unit.
    """

    parent = ParentChoiceField(
        label=_("Parent unit"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        help_text=_("The unit this one belongs to."),
    )

    class Meta:
        model = Unit
        fields = ["parent", "kind", "name", "short_name", "code", "asn_count", "is_active"]
        error_messages = {
            "code": {"unique": _("Another unit already uses this code.")},
        }

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        # PKM-02 and pkm-02 are the same code (the database says so too: unit_code_unique_ci).
        if Unit.objects.filter(code__iexact=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another unit already uses this code."))
        return code

    def __init__(self, *args, parents, parent_locked: bool = False, allow_top_level: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_locked:
            del self.fields["parent"]
            return
        field = self.fields["parent"]
        field.queryset = parents
        if allow_top_level:
            field.required = False
            field.empty_label = _("(none: a top-level unit)")
            field.help_text = _("Leave empty for a top-level unit such as a Pemda.")


class UnitFilterForm(forms.Form):
    """The filters of the unit list; every field is optional."""

    ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Inactive"))]

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + UnitKind.choices, required=False)
    active = forms.ChoiceField(label=_("Active"), choices=ACTIVE_CHOICES, required=False)
    q = forms.CharField(label=_("Search name or code"), required=False, max_length=100)

    helper = layout_helper(
        *columns(q="col-12 col-md-5", kind="col-6 col-md-3", active="col-6 col-md-2"),
    )


class ImportUploadForm(forms.Form):
    """The spreadsheet to import. Checked here: a real XLSX or UTF-8 CSV with the columns."""

    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("At most 5 MB and 5000 rows. The first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, columns: tuple[str, ...], required: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.required_columns = required
        self.data_bytes = b""
        self.table = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."), params={"size": imports.MAX_BYTES // (1024 * 1024)}
            )
        data = upload.read()
        try:
            self.table = imports.read_table(data, columns=self.columns, required=self.required_columns)
        except imports.FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected
        self.data_bytes = data
        return upload
