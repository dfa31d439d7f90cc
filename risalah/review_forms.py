from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewNoteForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Write the note first.")},
        help_text=_("Say what the group should fix, so they can do it without asking."),
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("The risalah as a whole"))] + [
            (step.method_step.number, str(step.method_step)) for step in steps
        ]


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the group"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Sent with the e-mail to the group's operators. Needed to reject."),
    )
