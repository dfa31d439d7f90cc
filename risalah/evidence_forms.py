"""Forms for a risalah's meetings, schedule and attachments.

Every file they take is checked by its content in ``risalah.evidence_files``.
"""

import re

from crispy_forms.layout import Div
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import uploads
from core.forms import grid_row, layout_helper
from groups.models import Person, RosterMember, RosterRole
from risalah.charts import week_runs
from risalah.evidence_files import (
    DATA_KINDS,
    EVIDENCE_FILE_KINDS,
    PHOTO_KINDS,
    SCAN_KINDS,
    accept_attribute,
    check_evidence_file,
    kinds_label,
)
from risalah.models import Evidence, Meeting, Risalah, RisalahStep

MAX_PHOTOS_AT_ONCE = 10

# --- widgets ------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the form's ``clean_<field>``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        else:
            files = [super().clean(data, initial)] if data else []
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


def _file_field_help(kinds) -> str:
    return _("%(kinds)s, at most %(max)s.") % {
        "kinds": kinds_label(kinds),
        "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }


# --- meetings -----------------------------------------------------------------------------


class RosterChoiceField(forms.ModelMultipleChoiceField):
    """Roster members as checkboxes, labelled with their role."""

    def __init__(self, *args, roles: dict[int, str], **kwargs):
        self.roles = roles
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        role = self.roles.get(person.pk)
        return f"{person.name} ({role})" if role else person.name


def roster_members(risalah: Risalah) -> list[RosterMember]:
    """The roster of the risalah's year who count for attendance (the Pembina does not). One query."""
    members = (
        RosterMember.objects.filter(
            group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
        )
        .exclude(role=RosterRole.PEMBINA)
        .select_related("person")
    )
    order = {role: index for index, role in enumerate(RosterRole.values)}
    return sorted(members, key=lambda member: (order[member.role], member.person.name))


class MeetingForm(forms.ModelForm):
    """A meeting: when, how long, what about, who was there; its photos and daftar hadir scan."""

    photos = MultipleFileField(
        label=gettext_lazy("Photos of the meeting"),
        required=False,
    )
    daftar_hadir = forms.FileField(
        label=gettext_lazy("Scan of the attendance list (daftar hadir)"), required=False
    )

    class Meta:
        model = Meeting
        fields = ["date", "duration_minutes", "agenda", "notulen", "attendees"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notulen": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "duration_minutes": gettext_lazy("From the opening to the closing of the meeting, in minutes."),
            "notulen": gettext_lazy("What was discussed and decided, as written in the minutes."),
        }

    helper = layout_helper(
        grid_row("row", date="col-12 col-md-4", duration_minutes="col-12 col-md-4"),
        "agenda",
        Div("attendees", css_class="kbk-attendance"),
        "notulen",
        "photos",
        "daftar_hadir",
    )

    def __init__(self, *args, risalah: Risalah, **kwargs):
        super().__init__(*args, **kwargs)
        self.risalah = risalah
        members = roster_members(risalah)
        self.fields["attendees"] = RosterChoiceField(
            queryset=Person.objects.filter(pk__in=[member.person_id for member in members]).order_by("name"),
            roles={member.person_id: member.get_role_display() for member in members},
            to_field_name="uuid",
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Present"),
            help_text=_("Tick everyone on the group's roster who attended."),
            error_messages={
                "invalid_choice": _(
                    "Only members of the group's roster for this year can be ticked as present. "
                    "Reload the page to see the current roster."
                ),
            },
        )
        self.fields["duration_minutes"].validators += [MinValueValidator(1), MaxValueValidator(1440)]
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 1440})
        self.fields["photos"].widget.attrs["accept"] = accept_attribute(PHOTO_KINDS)
        self.fields["photos"].help_text = _("You may choose several photos at once. %(kinds)s") % {
            "kinds": _file_field_help(PHOTO_KINDS)
        }
        uploads.prepare_upload_field(self.fields["daftar_hadir"], kinds=SCAN_KINDS)
        self.fields["photos"].max_length = None
        self.fields["photos"].allow_empty_file = True

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("The date is in the future. Record a meeting after it took place."), code="future"
            )
        return value

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if len(files) > MAX_PHOTOS_AT_ONCE:
            raise ValidationError(
                _("Choose at most %(max)d photos at once.") % {"max": MAX_PHOTOS_AT_ONCE}, code="too_many"
            )
        checked, errors = [], []
        for file in files:
            try:
                checked.append(check_evidence_file(file, kinds=PHOTO_KINDS))
            except ValidationError as error:
                name = getattr(file, "name", "")
                errors.extend(f"{name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean_daftar_hadir(self):
        file = self.cleaned_data.get("daftar_hadir")
        if not file:
            return None
        return check_evidence_file(file, kinds=SCAN_KINDS)


# --- schedule -----------------------------------------------------------------------------

_WEEK_TOKEN = re.compile(r"^(\d{1,3})(?:\s*[-–—]\s*(\d{1,3}))?$")


def parse_weeks(text: str) -> list[int]:
    """'1-3, 5' -> [1, 2, 3, 5]. Raises ValidationError naming the part that is wrong."""
    weeks: set[int] = set()
    for token in re.split(r"[,;]", text or ""):
        token = token.strip()
        if not token:
            continue
        match = _WEEK_TOKEN.match(token)
        if not match:
            raise ValidationError(
                _("“%(part)s” is not a week or a range of weeks. Write weeks like 1-3, 5.") % {"part": token},
                code="syntax",
            )
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if first < 1:
            raise ValidationError(_("Weeks are numbered from 1."), code="zero")
        if last < first:
            raise ValidationError(
                _("The range “%(part)s” runs backwards; write %(last)d-%(first)d.")
                % {"part": token, "first": first, "last": last},
                code="backwards",
            )
        weeks.update(range(first, last + 1))
    return sorted(weeks)


def format_weeks(weeks) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    clean = [week for week in weeks or [] if isinstance(week, int) and not isinstance(week, bool)]
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in week_runs(clean))


class WeeksField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_weeks(value) if isinstance(value, list) else value

    def to_python(self, value):
        return parse_weeks(super().to_python(value))


class ScheduleForm(forms.Form):
    """The schedule's first week and length, and each step's planned and actual weeks."""

    schedule_start = forms.DateField(
        label=gettext_lazy("First week of the schedule"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("A day in week 1; the chart then shows the date each week starts."),
    )
    schedule_weeks = forms.IntegerField(
        label=gettext_lazy("Number of weeks"),
        min_value=1,
        max_value=52,
    )

    # The weeks of each step follow in the template's table (step_rows).
    helper = layout_helper(
        grid_row("row", schedule_start="col-12 col-md-4", schedule_weeks="col-12 col-md-3")
    )

    def __init__(self, *args, risalah: Risalah, steps: list[RisalahStep], **kwargs):
        initial = {"schedule_start": risalah.schedule_start, "schedule_weeks": risalah.schedule_weeks}
        for step in steps:
            initial[f"planned_{step.method_step.number}"] = format_weeks(step.planned_weeks)
            initial[f"actual_{step.method_step.number}"] = format_weeks(step.actual_weeks)
        super().__init__(*args, initial=initial, **kwargs)
        self.steps = steps
        for step in steps:
            number = step.method_step.number
            self.fields[f"planned_{number}"] = WeeksField(
                label=_("Step %(number)d planned") % {"number": number},
            )
            self.fields[f"actual_{number}"] = WeeksField(
                label=_("Step %(number)d actual") % {"number": number},
            )

    def step_rows(self):
        """(step, planned bound field, actual bound field) for the template's table."""
        return [
            (step, self[f"planned_{step.method_step.number}"], self[f"actual_{step.method_step.number}"])
            for step in self.steps
        ]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("schedule_weeks")
        if total is None:
            return cleaned
        for name, value in list(cleaned.items()):
            if not name.startswith(("planned_", "actual_")) or not value:
                continue
            late = [week for week in value if week > total]
            if late:
                self.add_error(
                    name,
                    _(
                        "Week %(week)d is after the last week of the schedule (%(total)d). "
                        "Correct the week or make the schedule longer."
                    )
                    % {"week": late[0], "total": total},
                )
        return cleaned

    def weeks_by_step(self) -> dict[int, tuple[list[int], list[int]]]:
        """step pk -> (planned weeks, actual weeks), from valid data."""
        return {
            step.pk: (
                self.cleaned_data[f"planned_{step.method_step.number}"],
                self.cleaned_data[f"actual_{step.method_step.number}"],
            )
            for step in self.steps
        }


# --- attachments --------------------------------------------------------------------------


class AttachmentForm(forms.Form):
    """One evidence file: its kind, the step and meeting it belongs to, a caption."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of evidence"), choices=Evidence.choices)
    step = forms.TypedChoiceField(
        label=gettext_lazy("Step"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("The method step this evidence belongs to, if any."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text=gettext_lazy("For a daftar hadir or a photo of a meeting."),
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=250, required=False)
    # Several files of one kind at once (the photos of a meeting, a set of scans): each is checked
    # by content, and one bad file keeps them all out, named, so nothing half-arrives.
    file = MultipleFileField(label=gettext_lazy("Files"))

    def __init__(self, *args, risalah: Risalah, steps: list[RisalahStep], **kwargs):
        super().__init__(*args, **kwargs)
        self.risalah = risalah
        self.steps_by_number = {step.method_step.number: step for step in steps}
        self.fields["step"].choices = [("", "—")] + [
            (step.method_step.number, str(step.method_step)) for step in steps
        ]
        self.fields["meeting"].queryset = risalah.meetings.order_by("date", "created_at")
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{formats.date_format(meeting.date, 'SHORT_DATE_FORMAT')} · {meeting.agenda}"
        )
        # As core.uploads.prepare_upload_field, which does not know spreadsheets: every check is ours.
        self.fields["file"].max_length = None
        self.fields["file"].allow_empty_file = True
        self.fields["file"].widget.attrs["accept"] = accept_attribute(DATA_KINDS)
        self.fields["file"].help_text = (
            _(
                "Photos: JPEG, PNG or WebP. Daftar hadir and SOP: also PDF. Raw data: also Excel (XLSX) or CSV. "
                "At most %(max)s."
            )
            % {"max": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            + " "
            + _("You may choose several files of the same kind at once.")
        )

    def clean_step(self):
        number = self.cleaned_data.get("step")
        return self.steps_by_number.get(number) if number is not None else None

    def clean(self):
        cleaned = super().clean()
        kind, files = cleaned.get("kind"), cleaned.get("file") or []
        if len(files) > MAX_PHOTOS_AT_ONCE:
            self.add_error(
                "file",
                ValidationError(
                    _("Choose at most %(max)d files at once.") % {"max": MAX_PHOTOS_AT_ONCE}, code="too_many"
                ),
            )
        elif kind and files:
            checked, errors = [], []
            for file in files:
                try:
                    checked.append(check_evidence_file(file, kinds=EVIDENCE_FILE_KINDS[kind]))
                except ValidationError as error:
                    name = getattr(file, "name", "")
                    errors.extend(
                        ValidationError(f"{name}: {message}", code=error.code) for message in error.messages
                    )
            if errors:
                self.add_error("file", errors)
            else:
                cleaned["file"] = checked
        return cleaned
