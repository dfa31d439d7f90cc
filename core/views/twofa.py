"""Two-factor login pages: the second step after the password, setting up the app, recovery
codes and logging out everywhere. The services are in core/twofa.py."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core import twofa


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
    )


TOO_MANY = gettext_lazy("Too many wrong codes in a row. Wait a minute, then type the newest code.")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request):
    """The second login step: a 6-digit code from the app, or one recovery code."""
    if twofa.pending(request) != twofa.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = twofa.confirmed_device(request.user)
        used = twofa.verify(request, form.cleaned_data["code"])
        if used is not None:
            if used == "recovery":
                left = twofa.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(left)s are left. Make new ones on the security page."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
        if device is not None and twofa.throttled(device):
            form.add_error("code", TOO_MANY)
        else:
            form.add_error(
                "code",
                _(
                    "This code is wrong or has expired. Type the 6 digits your app shows now, "
                    "or one of your recovery codes."
                ),
            )
        status = 400
    return render(
        request, "core/twofa/verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


@login_required
@require_safe
def security(request):
    """The account's security page: two-factor login, recovery codes, log out everywhere."""
    device = twofa.confirmed_device(request.user)
    return render(
        request,
        "core/twofa/security.html",
        {
            "device": device,
            "must_use": twofa.must_use(request.user),
            "codes_left": twofa.recovery_codes_left(request.user) if device else 0,
        },
    )


@login_required
def setup(request):
    """Set up the app: scan the QR code (or type the key), then confirm with a code."""
    if twofa.pending(request) == twofa.VERIFY:
        return redirect("core-twofa-verify")
    setup = twofa.setup_for(request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        codes = twofa.confirm_setup(request, setup.device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Two-factor login is on. Keep your recovery codes somewhere safe."))
            return render(
                request, "core/twofa/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        if twofa.throttled(setup.device):
            form.add_error("code", TOO_MANY)
        else:
            form.add_error(
                "code", _("This code is wrong. Check the time on your phone and type the newest code.")
            )
        status = 400
    return render(
        request,
        "core/twofa/setup.html",
        {
            "form": form,
            "setup": setup,
            "must_use": twofa.must_use(request.user),
            "replacing": twofa.confirmed_device(request.user) is not None,
        },
        status=status,
    )


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes, shown once; the old ones stop working."""
    if twofa.confirmed_device(request.user) is None:
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("core-twofa-security")
    codes = twofa.regenerate_recovery_codes(request)
    return render(request, "core/twofa/recovery_codes.html", {"codes": codes, "next": ""})


@login_required
@require_POST
def remove(request):
    """Turn two-factor login off; not for a verifikator or an administrator."""
    if twofa.must_use(request.user):
        raise PermissionDenied(_("Your role requires two-factor login; it cannot be turned off."))
    twofa.remove(request)
    messages.success(request, _("Two-factor login is off."))
    return redirect("core-twofa-security")


@login_required
@require_POST
def log_out_everywhere(request):
    twofa.log_out_everywhere(request)
    messages.success(request, _("Every other session of your account has ended; this one goes on."))
    return redirect("core-twofa-security")
