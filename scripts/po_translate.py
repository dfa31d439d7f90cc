"""Help translate locale/id/LC_MESSAGES/django.po without a .po editor.

    python scripts/po_translate.py export todo.json   # the entries without an Indonesian text
    python scripts/po_translate.py apply done.json    # write translations back (msgid -> msgstr)

In the JSON, a plural entry's value is a list [singular, plural]. Run `make messages`
afterwards to compile the catalogue.
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _quote(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    )


def _unquote(line: str) -> str:
    return json.loads(line) if line.startswith('"') else ""


def blocks(text: str) -> list[str]:
    return re.split(r"\n\n+", text.strip("\n"))


def parse_block(block: str) -> dict:
    entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}, "fuzzy": False}
    key = None
    for line in block.splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if isinstance(key, int):
                entry["msgstr"][key] += value
            elif key:
                entry[key] += value
            continue
        word, _, rest = line.partition(" ")
        if word.startswith("msgstr["):
            key = int(word[7:-1])
            entry["msgstr"][key] = _unquote(rest)
        elif word == "msgstr":
            key = 0
            entry["msgstr"][0] = _unquote(rest)
        elif word in {"msgid", "msgid_plural", "msgctxt"}:
            key = word
            entry[word] = _unquote(rest)
    return entry


def export(target: str) -> None:
    todo = {}
    for block in blocks(PO.read_text(encoding="utf-8")):
        entry = parse_block(block)
        if not entry["msgid"]:
            continue
        if entry["fuzzy"] or not all(entry["msgstr"].values()):
            todo[entry["msgid"]] = [entry["msgid"], entry["msgid_plural"]] if entry["msgid_plural"] else ""
    Path(target).write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(todo)} entries to translate -> {target}")


def apply(source: str) -> None:
    done = json.loads(Path(source).read_text(encoding="utf-8"))
    out, applied = [], 0
    text = PO.read_text(encoding="utf-8")
    for block in blocks(text):
        entry = parse_block(block)
        value = done.get(entry["msgid"]) if entry["msgid"] else None
        if value:
            lines = [line for line in block.splitlines() if line.startswith("#") and "fuzzy" not in line]
            lines = [line for line in lines if not line.startswith("#|")]
            if entry["msgctxt"] is not None:
                lines.append("msgctxt " + _quote(entry["msgctxt"]))
            lines.append("msgid " + _quote(entry["msgid"]))
            if entry["msgid_plural"] is not None:
                lines.append("msgid_plural " + _quote(entry["msgid_plural"]))
                forms = value if isinstance(value, list) else [value]
                # Indonesian has one plural form (Plural-Forms: nplurals=1).
                lines.append("msgstr[0] " + _quote(forms[0]))
            else:
                lines.append("msgstr " + _quote(value if isinstance(value, str) else value[0]))
            block = "\n".join(lines)
            applied += 1
        out.append(block)
    PO.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    print(f"{applied} entries written to {PO}")


if __name__ == "__main__":
    {"export": export, "apply": apply}[sys.argv[1]](sys.argv[2])
