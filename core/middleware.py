from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class PortalLocaleMiddleware(MiddlewareMixin):
    """Indonesian unless the person chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    office computers in Indonesia run an English browser; the portal speaks Indonesian by
    default and only the explicit choice (the language cookie) changes that.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip of pages, CSV and JSON (a dashboard's 355 KB of HTML becomes about 25 KB),
    with its BREACH mitigation (Heal The Breach: up to 100 random bytes in each compressed
    response; the CSRF token is masked per response too). Files that are compressed already
    (PDF, ZIP, XLSX, images) are sent as they are; static files come compressed from WhiteNoise.
    """

    TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.TEXT_TYPES):
            return response
        return super().process_response(request, response)


class MethodNotAllowedPageMiddleware:
    """``require_POST`` and the class views answer a wrong method with an empty 405.

    Someone who opens such an address from the history or a bookmark would see a blank
    page; this shows one in the portal's layout that says what to do instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class TwoFactorMiddleware:
    """A session that owes its second login step reaches only that step (core/twofa.py).

    ``verify``: the code form; ``setup``: setting up the authenticator app (a verifikator or an
    administrator who has none). Logging out, the language switch and static files stay open.
    It reads one session key and makes no query.
    """

    OPEN = ("logout", "set_language", "core-health")
    PAGES = {"verify": "core-twofa-verify", "setup": "core-twofa-setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.twofa import PENDING_SESSION_KEY

        state = request.session.get(PENDING_SESSION_KEY)
        if state in self.PAGES and request.user.is_authenticated and not self._open(request, state):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode

            url = reverse(self.PAGES[state])
            if request.method == "GET" and request.path_info != "/":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)

    def _open(self, request, state) -> bool:
        from django.urls import Resolver404, resolve

        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return False
        return name in self.OPEN or name == self.PAGES[state]
