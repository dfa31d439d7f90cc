"""Every events page (tests/events/event_pages.py, each showing what it can) as its persona: one
<h1>, no inline script, style or event handler (the strict CSP), and every table inside a
``.table-responsive`` box that takes the keyboard focus and has a name, so that at 360 px a wide
table scrolls on its own and the page does not (tests/browser/test_event_pages_phone.py measures
that on the real pages)."""

import re
from html.parser import HTMLParser

from tests.events.event_pages import event_pages
from tests.test_site import EVENT_ATTRIBUTE, INLINE_SCRIPT, STYLE_ATTRIBUTE

UNFOCUSABLE_BOX = re.compile(r'<div class="table-responsive"(?![^>]*tabindex="0"[^>]*aria-label="[^"]+")')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Tables(HTMLParser):
    """The tables of a page, each with whether a ``.table-responsive`` element holds it."""

    def __init__(self):
        super().__init__()
        self.open: list[bool] = []  # per open element: is it a .table-responsive box
        self.tables: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(any(self.open))
        if tag not in VOID:
            classes = (dict(attrs).get("class") or "").split()
            self.open.append("table-responsive" in classes)

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()


def tables_outside_a_box(html: str) -> int:
    parser = Tables()
    parser.feed(html)
    return parser.tables.count(False)


def test_the_parser_sees_a_table_without_its_box():
    assert tables_outside_a_box('<div class="table-responsive"><table></table></div><table></table>') == 1
    assert tables_outside_a_box('<div class="x table-responsive"><p><br></p><table></table></div>') == 0


def test_every_events_page_has_one_h1_no_inline_script_or_style_and_boxed_tables(world, client):
    problems = []
    for page in event_pages(world):
        client.logout()
        if page.user is not None:
            client.force_login(page.user)
        response = client.get(page.url)
        assert response.status_code == 200, page
        html = response.content.decode()
        found = {
            "h1": len(re.findall(r"<h1[\s>]", html)),
            "inline script": len(INLINE_SCRIPT.findall(html)),
            "style attribute": len(STYLE_ATTRIBUTE.findall(html)),
            "style element": html.lower().count("<style"),
            "event handler": len(EVENT_ATTRIBUTE.findall(html)),
            "table outside .table-responsive": tables_outside_a_box(html),
            # A box that scrolls must take the keyboard focus (axe: scrollable-region-focusable).
            "box without focus or name": len(UNFOCUSABLE_BOX.findall(html)),
            "tables": html.count("<table"),
        }
        expected = {**found, "h1": 1, "inline script": 0, "style attribute": 0, "style element": 0}
        expected |= {"event handler": 0, "table outside .table-responsive": 0, "box without focus or name": 0}
        if found != expected:
            problems.append((page.name, page.url, found))
    assert problems == []
