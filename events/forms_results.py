"""Forms of the results pages: opening a locked round again, publishing, checking a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.results_services import normalise_code


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the round opened again?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the round is opened again."))
        return reason


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the ranking; publish it to everyone."),
        error_messages={"required": _("Tick the box to confirm that the results may be published.")},
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])
