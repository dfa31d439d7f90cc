"""Testing the causes: each row stands for one cause, chosen by its fishbone id (issue 7).

Until now a row of the cause test had a dropdown of the fishbone's causes (``cause_id``) and a
free text (``cause``) for the same cause, and wherever the row was shown (the Pareto, the PDF, the
checker, step 4) its text won: changing the dropdown left the text, and the count, on the old
cause. From now on the chosen id wins, and a text counts only for a cause outside the fishbone.

Decision: every row keeps the meaning it has had so far, which is its TEXT. The text is what the
Pareto counted, what the PDF printed, what the checker and the verifikator read; the dropdown's
choice was visible nowhere else, so following it would silently move counts from one cause to
another (the very trap being fixed). Hence, for each row of ``RisalahStep.data["cause_test"]``,
against the causes of the same risalah's fishbone:

- a text that is the same words as a fishbone cause (ignoring case and spacing) gets that cause's
  id, also when the dropdown held another one;
- a text that differs from the chosen cause and matches no fishbone cause becomes a cause outside
  the fishbone (its id is emptied, the text kept): the checker now names it, so the writer decides
  between adding it to the fishbone and choosing a cause of the diagram;
- every other row is left exactly as it is (no text: it was shown as its id's cause, and still is;
  an id the fishbone does not have: its text was shown, and still is).

Nothing else changes: counts, ticks, texts, other tools, step versions and times. The history
(HistoricalRisalahStep, no record is added) and the snapshots kept at a return are left as they
were saved: they are the record of what was written, the last historical record of a step still
holds the dropdown choice that was dropped, and "changes since the return" compares the texts
(ids are skipped), which this migration does not touch. Reversing is a no-op: the migrated rows
read the same under the old code (text first).
"""

from django.db import migrations


def _key(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def fishbone_causes(data) -> dict[str, str]:
    """cause id -> text of the fishbone in a step's raw data (causes without an id are skipped)."""
    fishbone = data.get("fishbone") if isinstance(data, dict) else None
    categories = fishbone.get("categories") if isinstance(fishbone, dict) else None
    causes = {}
    for category in categories if isinstance(categories, list) else []:
        for cause in category.get("causes") or [] if isinstance(category, dict) else []:
            if isinstance(cause, dict) and str(cause.get("id") or "").strip() and _key(cause.get("text")):
                causes[str(cause["id"]).strip()] = str(cause.get("text"))
    return causes


def migrate_rows(rows, causes: dict[str, str]) -> tuple[list, bool]:
    """The cause-test rows with their ids set by their text (see the module docstring), and
    whether anything changed."""
    by_text = {}
    for cause_id, text in causes.items():
        by_text.setdefault(_key(text), cause_id)
    changed = False
    out = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            out.append(row)
            continue
        cause_id, text = str(row.get("cause_id") or "").strip(), _key(row.get("cause"))
        new_id = cause_id
        if text and text in by_text:
            new_id = by_text[text]
        elif text and cause_id in causes:
            new_id = ""  # another cause than the one chosen, and not in the fishbone
        if new_id != cause_id:
            row = {**row, "cause_id": new_id}
            changed = True
        out.append(row)
    return out, changed


def forward(apps, schema_editor):
    RisalahStep = apps.get_model("risalah", "RisalahStep")
    steps = RisalahStep.objects.select_related("method_step").order_by("risalah_id", "method_step__number")
    by_risalah: dict[int, list] = {}
    for step in steps.iterator():
        by_risalah.setdefault(step.risalah_id, []).append(step)
    for risalah_steps in by_risalah.values():
        fishbone = next((s for s in risalah_steps if "fishbone" in (s.method_step.tools or [])), None)
        causes = fishbone_causes(fishbone.data) if fishbone is not None else {}
        for step in risalah_steps:
            test = step.data.get("cause_test") if isinstance(step.data, dict) else None
            if "cause_test" not in (step.method_step.tools or []) or not isinstance(test, dict):
                continue
            rows, changed = migrate_rows(test.get("rows"), causes)
            if changed:
                # An UPDATE: no history record, no new version, the step's time unchanged.
                data = {**step.data, "cause_test": {**test, "rows": rows}}
                RisalahStep.objects.filter(pk=step.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [("risalah", "0004_review")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
