from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.forms import QuickSelect, columns, grid_row, layout_helper
from core.models import Unit, User
from core.nip import clean_nip
from core.uploads import ALL_KINDS, IMAGE_KINDS, clean_upload, prepare_upload_field
from groups.models import Completeness, Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from groups.services import names_match


class GroupFilterForm(forms.Form):
    """The filters of the group list; every field is optional."""

    year = forms.ModelChoiceField(
        label=_("Year"), queryset=ProgrammeYear.objects.all(), to_field_name="year", required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (with its sub-units)"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=QuickSelect,
    )
    completeness = forms.ChoiceField(
        label=_("SK and roster"), choices=[("", _("All"))] + Completeness.choices, required=False
    )
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)

    helper = layout_helper(
        *columns(
            year="col-6 col-md-2", unit="col-6 col-md-4", completeness="col-6 col-md-2", q="col-6 col-md-2"
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown as an indented tree, posted by UUID."""

    widget = QuickSelect  # hundreds of units: options written without a template each

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return "\u2014 " * (obj.depth - 1) + str(obj)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PRIVATE_FILE_TEMPLATE = "groups/_private_file_field.html"


def private_file_helper(
    form: forms.BaseForm, file_field: str, *, current_url: str | None, current_label
) -> FormHelper:
    """A crispy layout whose file field links the stored file through its access-checked view.

    Uploads have no public URL (no MEDIA_URL), so the stock "Currently: <link>" of a clearable
    file input would point nowhere and show the random storage name.
    """
    field = form.fields[file_field]
    field.current_url, field.current_label = current_url, current_label
    helper = FormHelper(form)
    helper.form_tag = False
    helper.layout = Layout(
        *(Field(name, template=PRIVATE_FILE_TEMPLATE) if name == file_field else name for name in form.fields)
    )
    return helper


class GroupForm(forms.ModelForm):
    """A group's identity. ``units`` are the units the user may form groups in."""

    unit = UnitChoiceField(label=_("Unit"), help_text=_("The unit whose head signs the group's SK."))

    class Meta:
        model = Group
        fields = ["unit", "name", "makna", "motto", "yel_yel", "logo", "formed_on", "is_active"]
        widgets = {
            "makna": forms.Textarea(attrs={"rows": 3}),
            "yel_yel": forms.Textarea(attrs={"rows": 4}),
            "formed_on": DATE_WIDGET,
        }
        help_texts = {
            "makna": _("What the group's name stands for."),
            "is_active": _("Inactive groups stay in the history but are no longer expected to file."),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if self.instance.pk:
            self.initial["unit"] = self.instance.unit
        elif len(units) == 1:
            self.initial["unit"] = units[0]
        prepare_upload_field(self.fields["logo"], kinds=IMAGE_KINDS)
        has_logo = self.instance.pk and self.instance.logo
        self.helper = private_file_helper(
            self,
            "logo",
            current_url=reverse("groups-logo", args=[self.instance.uuid]) if has_logo else None,
            current_label=_("Current logo"),
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_logo(self):
        return clean_upload(self.cleaned_data.get("logo"), kinds=IMAGE_KINDS)

    def clean(self):
        cleaned = super().clean()
        unit, name = cleaned.get("unit"), cleaned.get("name")
        if unit and name:
            clash = Group.objects.filter(unit=unit, name__iexact=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name",
                    _("%(unit)s already has a group called “%(name)s”. Choose another name.")
                    % {"unit": unit, "name": name},
                )
        return cleaned


class GroupYearForm(forms.ModelForm):
    """The SK of one programme year. Every field may be left empty: the year is then incomplete."""

    class Meta:
        model = GroupYear
        fields = ["sk_number", "sk_date", "sk_signed_by", "sk_scan"]
        widgets = {"sk_date": DATE_WIDGET}
        help_texts = {
            "sk_number": _("As printed on the decree, e.g. 800/123/SK/2026."),
            "sk_signed_by": _("Usually the head of the unit (the Pembina)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_upload_field(self.fields["sk_scan"], kinds=ALL_KINDS)
        has_scan = self.instance.pk and self.instance.sk_scan
        self.helper = private_file_helper(
            self,
            "sk_scan",
            current_url=(
                reverse("groups-year-sk", args=[self.instance.group.uuid, self.instance.programme_year.year])
                if has_scan
                else None
            ),
            current_label=_("Current scan"),
        )

    def clean_sk_number(self) -> str:
        return self.cleaned_data["sk_number"].strip()

    def clean_sk_scan(self):
        return clean_upload(self.cleaned_data.get("sk_scan"), kinds=ALL_KINDS)


class RosterAddForm(forms.Form):
    """Add an ASN to a roster by NIP.

    Name, position and unit are asked for a new NIP. An ASN of a unit outside the operator's
    subtree is added only by NIP and the full name typed: nothing of the other unit's record
    is looked up for the operator, and a name that does not match is refused without saying
    what the record holds.
    """

    nip = forms.CharField(
        label=_("NIP"), max_length=60, help_text=_("18 digits; spaces, dots and dashes are ignored.")
    )
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=RosterRole.choices, initial=RosterRole.ANGGOTA
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("For an ASN of another unit: the full name, as in that unit's records."),
    )
    jabatan = forms.CharField(label=_("Position (jabatan)"), max_length=150, required=False)
    unit = UnitChoiceField(label=_("Unit"), required=False)

    person_helper = layout_helper(grid_row("row g-2", nip="col-12 col-md-6", role="col-12 col-md-6"))
    # Inside the template's fieldset "Only for a NIP not yet in the portal".
    new_person_helper = layout_helper(
        grid_row("row g-2", name="col-12 col-md-4", jabatan="col-12 col-md-4", unit="col-12 col-md-4")
    )

    def __init__(self, *args, user: User, units, group_year: GroupYear | None, default_unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.group_year = group_year
        self.person: Person | None = None
        self.from_other_unit = False
        self.fields["unit"].queryset = units
        self.initial.setdefault("unit", default_unit)
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["name"].widget.attrs.update({"autocomplete": "off"})

    def clean_nip(self) -> str:
        return clean_nip(self.cleaned_data["nip"])

    def clean(self):
        cleaned = super().clean()
        nip = cleaned.get("nip")
        if not nip:
            return cleaned
        name = " ".join(cleaned.get("name", "").split())
        cleaned["name"] = name
        self.person = Person.objects.select_related("unit").filter(nip=nip).first()
        if self.person is not None:
            self.from_other_unit = not permissions.can_manage_groups(self.user, self.person.unit)
            roster = self.group_year.members if self.group_year is not None else RosterMember.objects.none()
            if roster.filter(person=self.person).exists():
                self.add_error(
                    "nip",
                    _("NIP %(nip)s is already on this roster. Change the role in the table.") % {"nip": nip},
                )
            elif self.from_other_unit and not name:
                self.add_error(
                    "name",
                    _("This NIP belongs to an ASN of another unit: type the full name to add them."),
                )
            elif self.from_other_unit and not names_match(name, self.person.name):
                self.add_error(
                    "name",
                    _(
                        "This NIP belongs to an ASN of another unit whose name is not the one typed. "
                        "Check the NIP and type the full name as in the SK."
                    ),
                )
            return cleaned
        if not name:
            self.add_error("name", _("This NIP is not in the portal yet: please type the name."))
        if not cleaned.get("unit"):
            self.add_error("unit", _("This NIP is not in the portal yet: please choose the unit."))
        return cleaned


class RosterPasteForm(forms.Form):
    """Several roster rows pasted at once (from Excel or Word: tab-separated; or typed with
    commas or semicolons): NIP, name, jabatan, role. Checked row by row in groups.roster_rows."""

    rows = forms.CharField(
        label=_("Rows (NIP, name, position, role)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        max_length=20000,
        help_text=_(
            "One person per line. Copy the rows from Excel or Word, or separate the columns with "
            "commas or semicolons. The role is Pembina, Fasilitator, Ketua, Sekretaris or Anggota "
            "(empty: Anggota)."
        ),
    )


class RosterRoleForm(forms.Form):
    """Change one member's role; one per table row, prefixed by the person's UUID."""

    role = forms.ChoiceField(label=_("Role in the group"), choices=RosterRole.choices)

    def __init__(self, *args, member: RosterMember, **kwargs):
        kwargs.setdefault("prefix", f"m{member.person.uuid.hex}")
        kwargs.setdefault("initial", {"role": member.role})
        super().__init__(*args, **kwargs)
        # flex-shrink-0: on a phone the select keeps the width of its longest role.
        self.fields["role"].widget.attrs["class"] = "form-select form-select-sm w-auto flex-shrink-0"


class SeatDecisionForm(forms.Form):
    """An operator of the member's unit confirms or declines a seat from another unit."""

    CONFIRM, DECLINE = "confirm", "decline"

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(CONFIRM, _("Confirm")), (DECLINE, _("Decline"))]
    )
