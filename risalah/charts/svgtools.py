"""Small SVG helpers shared by the charts: CSP-safe post-processing, escaping, and a safety gate.

The portal's Content-Security-Policy is ``style-src 'self'`` without ``'unsafe-inline'``, so inline
SVG may carry neither ``style="..."`` attributes nor ``<style>`` elements. Matplotlib writes both;
:func:`styles_to_presentation_attributes` rewrites them as SVG presentation attributes
(``fill=``, ``stroke-width=``, ``font-size=`` ...), which CSP does not govern and which browsers and
WeasyPrint both honour.
"""

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"

FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"

# CSS properties that SVG also accepts as presentation attributes. Anything else in a style is
# an error: better a failing test after a matplotlib upgrade than a chart the CSP silently breaks.
PRESENTATION_PROPERTIES = frozenset(
    {
        "clip-path",
        "clip-rule",
        "color",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "letter-spacing",
        "opacity",
        "paint-order",
        "shape-rendering",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "visibility",
        "word-spacing",
        "writing-mode",
    }
)

# Only what the charts draw. safe_svg() refuses everything else, scripts and foreignObject first.
ALLOWED_TAGS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "clipPath",
        "title",
        "desc",
        "path",
        "rect",
        "line",
        "polyline",
        "polygon",
        "circle",
        "ellipse",
        "text",
        "tspan",
        "use",
    }
)

_FONT_WEIGHTS = {"normal", "bold", "bolder", "lighter"} | {str(w) for w in range(100, 1000, 100)}
_FONT_STYLES = {"normal", "italic", "oblique"}
_URL_RE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def parse_style(style: str) -> dict[str, str]:
    """Parse a CSS declaration list (``"fill: #fff; stroke-width: 0.8"``) into an ordered dict."""
    declarations: dict[str, str] = {}
    for chunk in style.split(";"):
        if not chunk.strip():
            continue
        name, sep, value = chunk.partition(":")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(f"Malformed CSS declaration: {chunk!r}")
        declarations[name.strip().lower()] = value.strip()
    return declarations


def expand_font_shorthand(value: str) -> dict[str, str]:
    """Expand the CSS ``font`` shorthand (``[style] [weight] size[/line-height] family``)."""
    tokens = value.split(None)
    result: dict[str, str] = {}
    while tokens and (tokens[0] in _FONT_STYLES or tokens[0] in _FONT_WEIGHTS):
        keyword = tokens.pop(0)
        if keyword in _FONT_STYLES - {"normal"}:
            result["font-style"] = keyword
        elif keyword in _FONT_WEIGHTS:
            result["font-weight"] = keyword
    if len(tokens) < 2:
        raise ValueError(f"Cannot expand font shorthand: {value!r}")
    result["font-size"] = tokens[0].split("/")[0]
    result["font-family"] = " ".join(tokens[1:])
    return result


def presentation_attributes(style: str) -> dict[str, str]:
    """Turn a ``style`` attribute's value into presentation attributes, or raise ValueError."""
    attributes: dict[str, str] = {}
    for name, value in parse_style(style).items():
        if name == "font":
            attributes.update(expand_font_shorthand(value))
        elif name in PRESENTATION_PROPERTIES:
            attributes[name] = value
        else:
            raise ValueError(f"CSS property {name!r} has no SVG presentation attribute")
    return attributes


def _convert_styles(root: ET.Element) -> None:
    """Move every ``style=`` into presentation attributes and fold ``<style>`` rules into the root."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}style":
                # Matplotlib writes exactly one rule, "*{stroke-linejoin: round; stroke-linecap: butt}";
                # on the root element the same values reach every shape by inheritance.
                match = re.fullmatch(r"\s*\*\s*\{([^}]*)\}\s*", child.text or "")
                if match is None:
                    raise ValueError(f"Unsupported <style> content: {child.text!r}")
                for name, value in presentation_attributes(match.group(1)).items():
                    root.set(name, value)
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style is not None:
            for name, value in presentation_attributes(style).items():
                element.set(name, value)


def styles_to_presentation_attributes(svg: str) -> str:
    """Return ``svg`` with every ``style`` attribute and ``<style>`` element turned into attributes.

    Raises ValueError for CSS that has no presentation-attribute equivalent.
    """
    root = ET.fromstring(_strip_prolog(svg))  # noqa: S314 -- our own chart output, never user-supplied XML
    _convert_styles(root)
    return serialize(root)


def _strip_prolog(svg: str) -> str:
    """Drop the XML declaration and DOCTYPE that matplotlib writes before ``<svg``."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("Not an SVG document")
    return svg[start:]


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Prefix every id and internal reference, so several charts can share one HTML page."""
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for element in root.iter():
        if element.get("id"):
            element.set("id", prefix + element.get("id"))
        for name, value in list(element.attrib.items()):
            if name in (XLINK_HREF, "href") and value.startswith("#") and value[1:] in ids:
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, _URL_RE.sub(lambda m: _prefixed_url(m, prefix, ids), value))


def _prefixed_url(match: re.Match, prefix: str, ids: set[str]) -> str:
    return f"url(#{prefix}{match.group(1)})" if match.group(1) in ids else match.group(0)


def _tidy(root: ET.Element) -> None:
    """Drop metadata, empty defs and indentation; flatten newlines in path data."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}metadata" or (child.tag == f"{{{SVG_NS}}}defs" and len(child) == 0):
                parent.remove(child)
    for element in root.iter():
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        if element.tag != f"{{{SVG_NS}}}text" and element.text is not None and not element.text.strip():
            element.text = None
        if "d" in element.attrib:
            element.set("d", " ".join(element.get("d").split()))
        href = element.attrib.pop(XLINK_HREF, None)
        if href is not None:
            # SVG 2 href: understood by browsers and WeasyPrint, and needs no xlink namespace.
            element.set("href", href)


def serialize(root: ET.Element) -> str:
    # ElementTree's prefix registry is process-global and other libraries (WeasyPrint) re-register
    # the default prefix; claim it for SVG at the moment of writing so output is always plain <svg>.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _add_tooltips(root: ET.Element, tooltips: Mapping[str, str]) -> None:
    """Give each element whose id is a key of ``tooltips`` a ``<title>`` child with the value."""
    for element in root.iter():
        text = tooltips.get(element.get("id") or "")
        if text is not None:
            tooltip = ET.Element(f"{{{SVG_NS}}}title")
            tooltip.text = text
            element.insert(0, tooltip)


def finish_matplotlib_svg(
    svg: str, *, title: str, class_name: str, tooltips: Mapping[str, str] | None = None
) -> str:
    """Turn matplotlib's SVG output into a CSP-safe, responsive, inline-ready SVG string.

    No prolog/DOCTYPE/metadata, no style attributes or elements, a viewBox without fixed
    width/height (the SVG scales to its container), ids prefixed with a hash of the content
    (deterministic, yet distinct for different charts on the same page), and a ``<title>``.
    ``tooltips`` maps element ids (matplotlib gids) to a text each element gets as its own
    ``<title>``: the full text of a shortened label, shown by a browser on hover.
    """
    root = ET.fromstring(_strip_prolog(svg))  # noqa: S314 -- matplotlib's output, not user-supplied XML
    _convert_styles(root)
    _tidy(root)
    _add_tooltips(root, tooltips or {})
    for attribute in ("width", "height", "version"):
        root.attrib.pop(attribute, None)
    root.set("role", "img")
    root.set("class", class_name)
    title_element = ET.Element(f"{{{SVG_NS}}}title")
    title_element.text = title
    root.insert(0, title_element)
    digest = hashlib.sha256(serialize(root).encode()).hexdigest()[:10]
    _prefix_ids(root, f"c{digest}-")
    return serialize(root)


def esc(text: str) -> str:
    """Escape text content for SVG we write ourselves."""
    return escape(str(text))


def attrs(**attributes: object) -> str:
    """Render keyword attributes (``stroke_width`` -> ``stroke-width``), quoted and escaped."""
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(text)}")
    return " ".join(parts)


def element(tag: str, text: str | None = None, **attributes: object) -> str:
    """One SVG element: ``element("rect", x=1.0, fill="#fff")`` -> ``<rect x="1" fill="#fff"/>``."""
    if text is None:
        return f"<{tag} {attrs(**attributes)}/>"
    return f"<{tag} {attrs(**attributes)}>{esc(text)}</{tag}>"


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: compact and deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg_open(width: float, height: float, title: str, *, class_name: str) -> str:
    view_box = f"0 0 {num(width)} {num(height)}"
    opening = attrs(xmlns=SVG_NS, viewBox=view_box, role="img", class_=class_name, font_family=FONT_FAMILY)
    return f"<svg {opening}><title>{esc(title)}</title>"


class UnsafeSVGError(ValueError):
    """The SVG contains something that must not reach a page: script, handler, external link."""


def check_svg(svg: str) -> None:
    """Raise UnsafeSVGError unless ``svg`` is a plain drawing fit for inline use under our CSP."""
    if not svg.startswith("<svg"):
        raise UnsafeSVGError("An inline SVG must start with <svg (no prolog, no DOCTYPE).")
    lowered = svg.lower()
    for forbidden in ("<script", "<!", "<?"):
        if forbidden in lowered:
            raise UnsafeSVGError(f"The SVG contains {forbidden!r}.")
    try:
        # "<!" was refused above, so no DTD and no entity expansion can reach the parser.
        root = ET.fromstring(svg)  # noqa: S314
    except ET.ParseError as error:
        raise UnsafeSVGError(f"The SVG is not well-formed: {error}") from error
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace.lstrip("{") != SVG_NS or tag not in ALLOWED_TAGS:
            raise UnsafeSVGError(f"Element {element.tag!r} is not allowed in a chart.")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on"):
                raise UnsafeSVGError(f"Event handler attribute {name!r} is not allowed.")
            if local == "style":
                raise UnsafeSVGError("style attributes are blocked by the Content-Security-Policy.")
            if "javascript:" in "".join(value.split()).lower():
                raise UnsafeSVGError(f"Attribute {name!r} holds a javascript: URL.")
            if local in ("href", "src") and not value.startswith("#"):
                raise UnsafeSVGError(f"External reference {value!r} is not allowed.")
            if "url(" in value.replace(" ", "").lower() and not re.fullmatch(r"url\(#[^)]+\)", value.strip()):
                raise UnsafeSVGError(f"External reference {value!r} is not allowed.")


def safe_svg(svg: str) -> SafeString:
    """Check a chart's SVG (see :func:`check_svg`) and mark it safe for a template."""
    check_svg(svg)
    return mark_safe(svg)
