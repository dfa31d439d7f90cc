"""Log out, forgotten password and the error pages, in the portal's layout and language."""

from axes.helpers import get_client_ip_address
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

from core import throttle


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (a link must not log anyone out); a GET shows the button to do it."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, with a limit on how many links an address or an IP can ask for."""

    throttled_message = _(
        "Too many password links have been asked for this address or from this network "
        "in the last hour. Wait an hour and try again; a link already sent stays valid "
        "for three days."
    )

    def form_valid(self, form):
        allowed = throttle.password_reset_allowed(
            email=form.cleaned_data["email"], ip=get_client_ip_address(self.request)
        )
        if not allowed:
            form.add_error("email", self.throttled_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's page speaks English and mentions DEBUG; this one says what to do."""
    return render(request, "403_csrf.html", status=403)
