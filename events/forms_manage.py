"""Forms of the bureau's event pages."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import grid_row, layout_helper
from events.models import Event, EventKind, EventStatus, Round, RoundKind, Track
from groups.forms import DATE_WIDGET, UnitChoiceField
from groups.models import ProgrammeYear

SLOT_FIELDS = (
    "slot_yel_yel_minutes",
    "slot_presentation_minutes",
    "slot_questions_minutes",
    "slot_gap_minutes",
    "day_starts_at",
    "slots_per_day",
    "break_every",
    "break_minutes",
)


class EventFilterForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("Year"), queryset=ProgrammeYear.objects.all(), to_field_name="year", required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + EventKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + EventStatus.choices, required=False
    )


class EventForm(forms.ModelForm):
    """Create (kind, year and organiser too) or edit an event. ``units``: where the user runs events.

    Validated as any ModelForm (the model's field checks and constraints, beside the fields);
    the views save through the services, which compare with the stored event, not with the
    instance this form has written the typed values onto."""

    organiser = UnitChoiceField(label=_("organising unit"))
    scope = UnitChoiceField(
        label=_("participating units (and everything under them)"),
        help_text=_("Only groups of this unit and the units under it may take part."),
    )

    class Meta:
        model = Event
        fields = (
            "kind",
            "title",
            "programme_year",
            "organiser",
            "scope",
            "starts_on",
            "ends_on",
            "venue",
            "description",
            *SLOT_FIELDS,
        )
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "day_starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = units
        self.fields["scope"].queryset = units
        if self.instance.pk:
            # Kind, year and organiser make the event what it is; they are fixed once created.
            for name in ("kind", "programme_year", "organiser"):
                del self.fields[name]
        else:
            self.fields["programme_year"].initial = ProgrammeYear.current()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        organiser = self.instance.organiser if self.instance.pk else data.get("organiser")
        scope = data.get("scope")
        if organiser and scope and not scope.is_within(organiser):
            self.add_error("scope", _("The participating units must lie under the organising unit."))
        if data.get("slot_presentation_minutes") == 0:
            self.add_error("slot_presentation_minutes", _("A presentation needs at least one minute."))
        return data


class RoundForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    advance_count = forms.IntegerField(
        label=_("groups that go on to the next round (per track)"), min_value=1, max_value=500, required=False
    )


class RoundAddForm(forms.Form):
    """A new round: its name, kind (which default rubric it gets) and place among the rounds."""

    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=RoundKind.choices,
        initial=RoundKind.PRESENTATION,
        help_text=_(
            "KBK Prestasi and KBK Kreatif start from their default rubric for this kind of round "
            "(KBK Kreatif has none at a desk screening); other tracks start empty: fill them in on "
            "the rubric page."
        ),
    )
    position = forms.TypedChoiceField(label=_("position"), coerce=int)

    helper = layout_helper(
        grid_row("row g-2", name="col-12 col-md-5", kind="col-12 col-md-4", position="col-12 col-md-3")
    )

    def __init__(self, *args, rounds: list[Round], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (round.order, _("%(n)s. before %(round)s") % {"n": round.order, "round": round.name})
            for round in rounds
        ]
        choices.append((len(rounds) + 1, _("%(n)s. after the last round") % {"n": len(rounds) + 1}))
        self.fields["position"].choices = choices
        self.fields["position"].initial = len(rounds) + 1


class RoundMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("earlier")), ("down", _("later"))])


class TrackForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    requires_verified_risalah = forms.BooleanField(
        label=_("requires a verified risalah of the year"),
        required=False,
        help_text=_("Like KBK Prestasi: only groups whose risalah of the year is verified may enter."),
    )


class TrackAddForm(TrackForm):
    helper = layout_helper(
        grid_row("row g-2", name="col-12 col-md-6", requires_verified_risalah="col-12 col-md-6")
    )


class CriterionForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("name"), max_length=120, required=False)
    max_points = forms.IntegerField(label=_("maximum points"), min_value=1, max_value=1000, required=False)
    weight = forms.DecimalField(
        label=_("weight"), min_value=0.01, max_digits=6, decimal_places=2, required=False
    )
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)
    delete = forms.BooleanField(label=_("remove"), required=False)

    def clean(self):
        data = super().clean()
        empty = not data.get("criterion") and not data.get("name")
        if empty or data.get("delete"):
            data["skip_new"] = empty
            return data
        for name in ("name", "max_points", "weight"):
            if data.get(name) in (None, ""):
                self.add_error(name, _("This field is required."))
        if data.get("order") is None:
            data["order"] = 0
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1)


class RegisterForm(forms.Form):
    group = forms.UUIDField(widget=forms.HiddenInput)
    track = forms.ModelChoiceField(label=_("track"), queryset=Track.objects.none(), to_field_name="uuid")

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by group or unit"), required=False, max_length=100)


class AdvanceForm(forms.Form):
    count = forms.IntegerField(label=_("How many groups per track go on"), min_value=1, max_value=500)


class LotteryForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed (empty for a new random draw)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Enter a seed recorded earlier to repeat that draw exactly."),
    )


class ScheduleForm(forms.Form):
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=14)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["days"].initial = (event.ends_on - event.starts_on).days + 1

    def clean_days(self):
        days = self.cleaned_data["days"]
        return [self.event.starts_on + timedelta(days=n) for n in range(days)]


def round_forms(rounds: list[Round], data=None) -> list[tuple[Round, RoundForm]]:
    return [
        (
            round,
            RoundForm(
                data,
                prefix=f"r{round.uuid.hex}",
                initial={"name": round.name, "advance_count": round.advance_count},
            ),
        )
        for round in rounds
    ]


def track_forms(tracks: list[Track], data=None) -> list[tuple[Track, TrackForm]]:
    return [
        (
            track,
            TrackForm(
                data,
                prefix=f"t{track.uuid.hex}",
                initial={"name": track.name, "requires_verified_risalah": track.requires_verified_risalah},
            ),
        )
        for track in tracks
    ]
