from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewNoteForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("The risalah as a whole"))] + [
            (step.method_step.number, str(step.method_step)) for step in steps
        ]


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the group"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
