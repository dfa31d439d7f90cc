"""What the first load of a page transfers (issue 11: at most 300 KB), against a running portal.

    python bench/page_weight.py http://127.0.0.1:8000 USERNAME PASSWORD /dasbor/ /risalah/ ...

Logs in through the login form (an account without a second factor, or a portal run with
TWO_FACTOR_REQUIRED=0), then for each page fetches it and every stylesheet, script, image and
icon it names (href/src on link, script, img; a browser's first visit, empty cache) with
``Accept-Encoding: gzip, br`` as a browser sends it, and sums the bytes on the wire (the bodies as
sent, compressed where the server compressed them, plus the response headers). Each static file
is counted once per page. Prints one line per page and the largest resources.
"""

import http.client
import re
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"#]+)"', re.I)
SKIP_REL = re.compile(r'<link\b[^>]*\brel="(?:canonical|alternate|next|prev)"', re.I)


class Session:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.base, self.host, self.port = base, parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}

    def get(self, path: str, *, method="GET", body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = {"Accept-Encoding": "gzip, br", "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        header_bytes = sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        connection.close()
        return response, raw, header_bytes


def log_in(session: Session, username: str, password: str) -> None:
    _response, page, _ = session.get("/masuk/", headers={"Accept-Encoding": "identity"})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    response, _raw, _ = session.get(
        "/masuk/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": session.base + "/masuk/"},
    )
    if response.status != 302 or "/masuk/" in response.headers.get("Location", "/masuk/"):
        raise SystemExit(f"{username} was not logged in ({response.status})")


def weigh(session: Session, path: str) -> tuple[int, int, list[tuple[int, str]]]:
    response, html, headers = session.get(path)
    total, resources = len(html) + headers, [(len(html) + headers, path)]
    text = html
    if response.headers.get("Content-Encoding") == "gzip":
        import gzip

        text = gzip.decompress(html)
    elif response.headers.get("Content-Encoding") == "br":
        raise SystemExit("install nothing: the portal answered br; read it with a browser instead")
    page = text.decode("utf-8", "replace")
    seen = set()
    for tag in re.finditer(r"<(?:link|script|img)\b[^>]*>", page, re.I):
        if SKIP_REL.match(tag.group(0)):
            continue
        match = ASSET.match(tag.group(0))
        if not match:
            continue
        url = urljoin(path, match.group(1).replace("&amp;", "&"))
        if url.startswith(("http:", "https:", "data:")) or url in seen:
            continue
        seen.add(url)
        _r, body, header_bytes = session.get(url)
        total += len(body) + header_bytes
        resources.append((len(body) + header_bytes, url))
    return response.status, total, sorted(resources, reverse=True)[:5]


def main(argv: list[str]) -> None:
    base, username, password, *pages = argv
    session = Session(base.rstrip("/"))
    log_in(session, username, password)
    print(f"{'page':50} {'status':>6} {'KB on the wire':>15}  largest")
    for path in pages:
        status, total, largest = weigh(session, path)
        top = ", ".join(f"{url} {size / 1024:.0f}" for size, url in largest[:3])
        print(f"{path:50} {status:>6} {total / 1024:>15.1f}  {top}")


if __name__ == "__main__":
    main(sys.argv[1:])
