"""Forms of the jury pages: adding and inviting jury members, assigning them, declaring a
conflict of interest and the guest's password."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.forms import layout_helper
from core.models import User
from events.models import Jury, Participant, Track


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, NIP or e-mail"), required=False, max_length=100)


class JuryAddForm(forms.Form):
    """An existing account made a jury member; ``accounts`` are those the bureau may pick."""

    account = forms.ModelChoiceField(queryset=User.objects.none(), to_field_name="uuid")

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class GuestInviteForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    affiliation = forms.CharField(
        label=_("affiliation"),
        max_length=200,
        required=False,
        help_text=_("For a guest: the company or institution."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_helper("full_name", "email", "affiliation")


class AssignForm(forms.Form):
    """Every ticked jury member scores every ticked group in the round."""

    juries = forms.ModelMultipleChoiceField(
        label=_("jury members"),
        queryset=Jury.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("groups"),
        queryset=Participant.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, juries, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juries"].queryset = juries
        self.fields["participants"].queryset = participants


class BalanceForm(forms.Form):
    per_group = forms.IntegerField(label=_("jury members per group"), min_value=1, max_value=20, initial=3)
    cap = forms.IntegerField(
        label=_("at most ... groups per jury member"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Empty for no limit."),
    )
    track = forms.ModelChoiceField(
        label=_("track"), queryset=Track.objects.none(), to_field_name="uuid", required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["track"].empty_label = _("All tracks")
        self.helper = layout_helper("per_group", "cap", "track")


class TrackFilterForm(forms.Form):
    track = forms.ModelChoiceField(
        label=_("track"), queryset=Track.objects.none(), to_field_name="uuid", required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["track"].empty_label = _("All tracks")


class AssignmentRemoveForm(forms.Form):
    jury = forms.UUIDField(widget=forms.HiddenInput)
    participant = forms.UUIDField(widget=forms.HiddenInput)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a relative is a member of the group, or you coached it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_helper("reason")


class InvitationPasswordForm(SetPasswordForm):
    """The guest's first password, checked by Django's password validators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_helper("new_password1", "new_password2")
