"""The palette in static/css/portal.css meets WCAG AA: every text colour reaches 4.5:1 on each
background it is used on. The ratios are computed from the CSS custom properties themselves, so a
later colour change that breaks AA fails here before anyone sees it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
AA = 4.5

# Which colours are text and which backgrounds they sit on. Every colour of the palette is named
# here (test_every_palette_colour_is_classified), so a new one needs a decision, not a guess.
ON_BRAND = ["on-brand", "on-brand-muted"]
BRAND = ["brand"]
ON_LIGHT = ["text", "link", "link-hover", "complete", "incomplete", "missing", "quiet"]
LIGHT = ["surface", "row-error", "note", "diff-old", "diff-new"]
DECORATION = ["note-border"]  # a border beside text, not under it


def css_text() -> str:
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)


def declarations(selector: str) -> dict[str, str]:
    """The declarations of every rule with exactly this selector, merged in order."""
    found: dict[str, str] = {}
    for rule_selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css_text()):
        if rule_selector.strip() == selector:
            for declaration in body.split(";"):
                if ":" in declaration:
                    name, value = declaration.split(":", 1)
                    found[name.strip()] = value.strip()
    return found


def palette() -> dict[str, str]:
    return {
        name.removeprefix("--kbk-"): value
        for name, value in declarations(":root").items()
        if name.startswith("--kbk-")
    }


def resolve(value: str) -> str:
    match = re.fullmatch(r"var\(--kbk-([a-z-]+)\)", value)
    return palette()[match.group(1)] if match else value


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.strip()
    if match := re.fullmatch(r"#([0-9a-fA-F]{6})", colour):
        digits = match.group(1)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if match := re.fullmatch(r"#([0-9a-fA-F]{3})", colour):
        return tuple(int(digit * 2, 16) for digit in match.group(1))
    if match := re.fullmatch(r"(\d+)\s*,\s*(\d+)\s*,\s*(\d+)", colour):
        return tuple(int(part) for part in match.groups())
    raise ValueError(f"not a colour the palette test understands: {colour!r}")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    channels = []
    for channel in rgb(colour):
        value = channel / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def pairs() -> list[tuple[str, str]]:
    return [(text, ground) for text in ON_BRAND for ground in BRAND] + [
        (text, ground) for text in ON_LIGHT for ground in LIGHT
    ]


def test_the_contrast_formula_matches_known_ratios():
    # The measurement of the old navigation link, and the extremes.
    assert round(contrast("#91b0bd", "#0b4f6c"), 2) == 3.89
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert contrast("#777", "#777") == 1.0


def test_every_palette_colour_is_classified():
    assert sorted(palette()) == sorted(ON_BRAND + BRAND + ON_LIGHT + LIGHT + DECORATION)


@pytest.mark.parametrize(("text", "ground"), pairs(), ids=[f"{text}-on-{ground}" for text, ground in pairs()])
def test_each_text_colour_meets_aa_on_its_backgrounds(text, ground):
    colours = palette()
    ratio = contrast(colours[text], colours[ground])
    assert ratio >= AA, f"--kbk-{text} {colours[text]} on --kbk-{ground} {colours[ground]}: {ratio:.2f}:1"


def test_the_navigation_bar_reads_its_colours_from_the_palette():
    # Bootstrap's dark navbar draws links in white at 55% opacity (3.89:1 on the brand colour):
    # the portal's navbar must set its own colours, from the palette checked above.
    navbar = declarations(".navbar.bg-kbk")
    assert {name: resolve(value) for name, value in navbar.items()} == {
        "--bs-navbar-color": palette()["on-brand-muted"],
        "--bs-navbar-hover-color": palette()["on-brand"],
        "--bs-navbar-active-color": palette()["on-brand"],
        "--bs-navbar-brand-color": palette()["on-brand"],
        "--bs-navbar-brand-hover-color": palette()["on-brand"],
    }
    assert resolve(declarations(".bg-kbk")["background-color"]) == palette()["brand"]


def test_links_use_the_palette_colour_in_both_of_bootstraps_spellings():
    root = declarations(":root")
    assert resolve(root["--bs-link-color"]) == palette()["link"]
    assert rgb(root["--bs-link-color-rgb"]) == rgb(palette()["link"])
    assert resolve(root["--bs-link-hover-color"]) == palette()["link-hover"]
    assert rgb(root["--bs-link-hover-color-rgb"]) == rgb(palette()["link-hover"])


def test_status_colours_come_from_the_palette():
    assert {
        name: resolve(declarations(f".status-{name}")["color"])
        for name in ("complete", "incomplete", "missing")
    } == {name: palette()[name] for name in ("complete", "incomplete", "missing")}


def test_outline_buttons_write_their_labels_in_palette_colours():
    assert {
        kind: resolve(declarations(f".btn-outline-{kind}")["--bs-btn-color"])
        for kind in ("primary", "danger", "secondary")
    } == {"primary": palette()["link"], "danger": palette()["missing"], "secondary": palette()["quiet"]}
