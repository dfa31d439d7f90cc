"""What a writer typed survives an expired session.

A long text (a step, the notulen of a meeting, the conclusion) is often written over more than
the session lasts. ``login_keeping_input`` replaces ``login_required`` on those pages: a POST
that arrives without a session is not saved (nobody is known to save it as) but kept in the new,
anonymous session, and the writer is sent to log in. Logging in keeps the session's data, the
login page sends the writer back to the form, and ``take_kept_input`` gives the form its input
again, shown as after a refused save: the text is back, nothing is saved until "Simpan".

Only the latest input is kept, for one page, and only text (files must be chosen again). The
page gives it back only to a user who may write there; the view's access check runs first.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.utils.translation import gettext as _

SESSION_KEY = "risalah_kept_input"
MAX_KEPT_CHARS = 200_000  # far more than the longest form; bounds what an anonymous POST may store


def login_keeping_input(view):
    """``login_required`` that keeps the input of a POST whose session has ended."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            if len(json.dumps(data)) <= MAX_KEPT_CHARS:
                request.session[SESSION_KEY] = {
                    "path": request.path,
                    "data": data,
                    "files": bool(request.FILES),
                }
                messages.warning(
                    request,
                    _(
                        "Your session had ended, so nothing was saved. What you typed is kept: "
                        "log in again and it is back in the form."
                    ),
                )
        return redirect_to_login(request.get_full_path())

    return wrapper


def take_kept_input(request) -> QueryDict | None:
    """The input kept for this page (and forgotten now), with a message saying so; else None."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, values)
    if kept.get("files"):
        message = _(
            "What you typed before your session ended is back in the form. It is NOT saved yet: "
            "check it and save. Files you had chosen must be chosen again."
        )
    else:
        message = _(
            "What you typed before your session ended is back in the form. It is NOT saved yet: "
            "check it and save."
        )
    messages.warning(request, message)
    return data
