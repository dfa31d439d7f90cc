from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.mail import preferences
from core.models import NotificationPreference, SentMail


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["weekly_digest", "review_digest", "status_notices"]


@login_required
def notification_settings(request):
    """Each person sees and changes which e-mails they get, and sees what was sent to them."""
    prefs = preferences(request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail notification choices are saved."))
        return redirect("core-notification-settings")
    sent = SentMail.objects.filter(recipient=request.user).only(
        "subject", "kind", "status", "created_at", "sent_at"
    )[:20]
    return render(request, "core/notification_settings.html", {"form": form, "sent": sent})
