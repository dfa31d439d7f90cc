"""axe-core in the browser tests: every page a journey visits is checked for serious and critical
accessibility violations.

axe-core comes from the npm registry, pinned in package.json/package-lock.json (`make test` runs
`npm ci` when node_modules/axe-core is missing). It is evaluated through the DevTools protocol
(page.evaluate), which the page's strict Content-Security-Policy does not govern, so the journeys
keep the real CSP and keep checking that no page breaks it; a <script> tag would be refused.
"""

from functools import cache
from pathlib import Path

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


def assert_accessible(page: Page) -> None:
    """No serious or critical axe violation on the current page; the failure lists each one with
    the elements it concerns and what axe says to fix."""
    found = violations(page)
    assert not found, f"axe-core on {page.url}:\n{describe(found)}"
