"""axe-core in the browser tests: every page a journey visits is checked for serious and critical
accessibility violations.

axe-core comes from the npm registry, pinned in package.json/package-lock.json (`make test` runs
`npm ci` when node_modules/axe-core is missing). It is evaluated through the DevTools protocol
(page.evaluate), which the page's strict Content-Security-Policy does not govern, so the journeys
keep the real CSP and keep checking that no page breaks it; a <script> tag would be refused.
"""

from functools import cache
from pathlib import Path
from urllib.parse import urldefrag

from django.conf import settings
from playwright.sync_api import Page

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "),
            html: node.html.slice(0, 200),
            summary: node.failureSummary,
        })),
    }));
}"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci --no-audit --no-fund` (make test does)")
    # The trailing expression keeps page.evaluate from returning (and serialising) axe itself.
    return AXE.read_text(encoding="utf-8") + "\n;true"


def violations(page: Page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return [violation for violation in page.evaluate(RUN) if violation["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.extend(f"        {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


class Visits:
    """The pages one browser tab loaded, and those checked with assert_accessible."""

    def __init__(self, page: Page):
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.loaded.append(urldefrag(frame.url).url)

    def unchecked(self) -> list[str]:
        return sorted(set(self.loaded) - self.checked)


_tracked: dict[Page, Visits] = {}


def track(page: Page) -> Visits:
    """Watch the tab so that assert_every_page_checked can tell a page no check has seen."""
    return _tracked.setdefault(page, Visits(page))


def assert_accessible(page: Page) -> None:
    """No serious or critical axe violation on the current page; the failure lists each one with
    the elements it concerns and what axe says to fix."""
    found = violations(page)
    if page in _tracked:
        _tracked[page].checked.add(urldefrag(page.url).url)
    assert not found, f"axe-core on {page.url}:\n{describe(found)}"


def assert_every_page_checked(page: Page) -> None:
    """Every page the tracked tab loaded was checked by axe (a journey that grows a step must
    check the pages that step visits)."""
    unchecked = _tracked.pop(page).unchecked()
    assert not unchecked, "pages loaded without an axe check: " + ", ".join(unchecked)
