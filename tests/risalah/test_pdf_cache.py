"""The printed risalah is rendered once per content: a second download is the stored file; any
change the document shows (a step, the status, the language, the roster) renders it anew.
Verifying renders it in the worker; saving a step draws its charts in the worker."""

import copy
import io
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from groups.models import Person
from risalah import pdf_cache
from risalah.models import Risalah, RisalahStep, Status
from risalah.review import risalah_start_review, risalah_verify
from risalah.services import TITLE_PARTS, risalah_save_title, step_save
from risalah.step_charts import chart_inputs, input_hash, page_causes
from risalah.tasks import draw_risalah_charts, draw_step_charts, warm_pdf_cache
from tests.risalah.test_pdf import flat

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return flat("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def cached_files(risalah) -> list[str]:
    storage = pdf_cache.cache_storage()
    try:
        return sorted(storage.listdir(str(risalah.uuid))[1])
    except FileNotFoundError:
        return []


def stored_path(risalah, *, for_library=False) -> str:
    name = pdf_cache.cache_name(
        risalah, pdf_cache.fingerprint(risalah, for_library=for_library), for_library=for_library
    )
    return pdf_cache.cache_storage().path(name)


def loaded(risalah) -> Risalah:
    return pdf_cache.load(risalah.pk)


def _step(risalah, tool: str) -> RisalahStep:
    steps = risalah.steps.select_related("method_step", "risalah__group__unit")
    return next(step for step in steps if tool in step.method_step.tools)


def test_the_second_download_is_the_stored_file(world, login, django_assert_max_num_queries):
    client = login("operator_a")
    url = reverse("risalah-pdf", args=[world.risalah_a.uuid])
    renders = pdf_cache.stats.renders
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url)
    assert first.status_code == 200
    assert pdf_cache.stats.renders == renders + 1
    path = stored_path(loaded(world.risalah_a))
    with open(path, "rb") as stored:
        assert stored.read() == first.content
    # Back-date the file: if the next request rendered and stored again, its time would move.
    os.utime(path, (1_000_000_000, 1_000_000_000))

    hits = pdf_cache.stats.hits
    with django_assert_max_num_queries(16) as second_queries:
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Cache-Control"] == "private, no-store"
    assert (pdf_cache.stats.renders, pdf_cache.stats.hits) == (renders + 1, hits + 1)
    assert os.stat(path).st_mtime == 1_000_000_000
    assert len(second_queries.captured_queries) < len(first_queries.captured_queries)
    assert cached_files(world.risalah_a) == [os.path.basename(path)]


def test_the_fingerprint_takes_a_fixed_handful_of_queries(world, django_assert_num_queries):
    risalah = loaded(world.risalah_a)
    # Root unit, steps, method steps, meetings, attendance, attachments; a draft: roster and SK.
    with django_assert_num_queries(8):
        pdf_cache.fingerprint(risalah)


def test_a_saved_step_changes_the_pdf(world, login, operator_a):
    client = login("operator_a")
    url = reverse("risalah-pdf", args=[world.risalah_a.uuid])
    before = client.get(url).content
    old_file = cached_files(world.risalah_a)
    step = _step(world.risalah_a, "check_sheet")
    step_save(step=step, data={}, narrative="Antrean pagi sangat panjang", base_version=0, by=operator_a)
    renders = pdf_cache.stats.renders
    after = client.get(url).content
    assert pdf_cache.stats.renders == renders + 1
    assert "Antrean pagi sangat panjang" in pdf_text(after)
    assert "Antrean pagi sangat panjang" not in pdf_text(before)
    # The stale file was replaced, not kept beside the new one.
    new_file = cached_files(world.risalah_a)
    assert len(new_file) == 1 and new_file != old_file


def test_what_the_document_prints_is_in_the_fingerprint(world, operator_a):
    risalah = loaded(world.risalah_a)
    seen = {pdf_cache.fingerprint(risalah)}

    def changed() -> bool:
        digest = pdf_cache.fingerprint(loaded(world.risalah_a))
        new = digest not in seen
        seen.add(digest)
        return new

    assert not changed()  # computed twice, the same
    assert pdf_cache.fingerprint(risalah, for_library=True) != pdf_cache.fingerprint(risalah)
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.SUBMITTED)  # a raw UPDATE too
    assert changed()
    member = world.group_year_a.members.select_related("person").first()
    Person.objects.filter(pk=member.person_id).update(name="Nama Baru")
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.DRAFT)
    changed()
    Person.objects.filter(pk=member.person_id).update(name="Nama Lain")
    assert changed()  # the live roster of a draft
    with override_settings(LANGUAGE_CODE="en"):
        assert changed()


def test_the_status_and_the_language_render_it_anew(world, login):
    client = login("operator_a")
    url = reverse("risalah-pdf", args=[world.risalah_a.uuid])
    indonesian = pdf_text(client.get(url).content)
    assert "Langkah 1" in indonesian
    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        english = pdf_text(client.get(url).content)
    assert "Step 1" in english and "Langkah 1" not in english
    Risalah.objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    renders = pdf_cache.stats.renders
    assert "Langkah 1" in pdf_text(client.get(url).content)
    assert pdf_cache.stats.renders == renders + 1
    assert len(cached_files(world.risalah_a)) == 1


def test_another_units_user_still_gets_404(world, login):
    url = reverse("risalah-pdf", args=[world.risalah_a.uuid])
    assert login("operator_a").get(url).status_code == 200  # cached now
    response = login("outsider").get(url)
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    assert login("anonymous").get(url).status_code == 302


def test_verifying_renders_the_pdf_in_the_worker(submitted, world, login, django_capture_on_commit_callbacks):
    verifikator = world.users["verifikator"]
    risalah_start_review(risalah=submitted, by=verifikator)
    renders = pdf_cache.stats.renders
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        risalah_verify(risalah=submitted, by=verifikator)
    assert cached_files(submitted) == []  # nothing rendered in the verifying request itself
    for callback in callbacks:
        callback()  # the mail and the PDF task, run by the (immediate) task backend
    assert pdf_cache.stats.renders == renders + 2  # the full PDF and the library's copy
    verified = loaded(submitted)
    assert sorted(cached_files(verified)) == sorted(
        os.path.basename(stored_path(verified, for_library=flag)) for flag in (False, True)
    )
    # The downloads now come from the cache: the bureau's and the library's.
    hits = pdf_cache.stats.hits
    full = login("verifikator").get(reverse("risalah-pdf", args=[verified.uuid]))
    library = login("pimpinan_a").get(reverse("risalah-library-pdf", args=[verified.uuid]))
    assert full.status_code == library.status_code == 200
    assert pdf_cache.stats.renders == renders + 2 and pdf_cache.stats.hits == hits + 2
    ketua = verified.group.years.get().members.get(role="ketua").person
    assert ketua.nip in pdf_text(full.content)
    assert ketua.name in pdf_text(library.content) and ketua.nip not in pdf_text(library.content)


def test_the_warm_task_of_a_risalah_gone_does_nothing(world):
    assert warm_pdf_cache.enqueue(10**9).return_value == []


def test_purge_deletes_stale_files_and_those_of_risalah_gone(world, operator_a):
    risalah = loaded(world.risalah_a)
    assert warm_pdf_cache.enqueue(risalah.pk).return_value == [
        pdf_cache.cache_name(risalah, pdf_cache.fingerprint(risalah))
    ]
    current = cached_files(risalah)
    storage = pdf_cache.cache_storage()
    stale = f"{risalah.uuid}/full-{'0' * 32}.pdf"
    storage.save(stale, io.BytesIO(b"%PDF old %%EOF"))
    gone = "0b6ad0b4-1d0e-4d8e-9b53-6a3f4b8e8a11/full-" + "1" * 32 + ".pdf"
    storage.save(gone, io.BytesIO(b"%PDF gone %%EOF"))
    out = io.StringIO()
    call_command("purge_pdf_cache", stdout=out)
    # (Also the files left by earlier tests, whose risalah were rolled back.)
    assert "stale cached PDF(s) deleted; 1 current kept." in out.getvalue()
    assert cached_files(risalah) == current
    assert not storage.exists(stale) and not storage.exists(gone)


def test_saving_a_step_draws_its_charts_in_the_worker(
    world, operator_a, login, django_capture_on_commit_callbacks
):
    step = _step(world.risalah_a, "check_sheet")
    data = {
        "check_sheet": {
            "title": "Lembar periksa",
            "rows": [{"label": "Antrean", "count": 12}, {"label": "Berkas", "count": 5}],
        }
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        step_save(step=step, data=data, narrative="", base_version=0, by=operator_a)
    assert RisalahStep.objects.get(pk=step.pk).charts == {}  # the save itself draws nothing
    assert len(callbacks) == 1
    callbacks[0]()  # the immediate backend runs draw_step_charts
    stored = RisalahStep.objects.select_related("method_step").get(pk=step.pk)
    stored.risalah = loaded(world.risalah_a)
    with translation.override("id"):
        (name, (_draw, kwargs)), *_rest = chart_inputs(stored, {}).items()
        assert name == "pareto"
        assert stored.charts["pareto"]["hash"] == input_hash("pareto", kwargs)
    assert "Antrean" in stored.charts["pareto"]["svg"]

    # The step page's first view finds the chart drawn: it shows it and writes nothing.
    with CaptureQueriesContext(connection) as queries:
        response = login("operator_a").get(
            reverse("risalah-step", args=[world.risalah_a.uuid, step.method_step.number])
        )
    assert response.status_code == 200
    assert "Antrean" in response.content.decode()
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "charts" in q["sql"]]
    assert RisalahStep.objects.get(pk=step.pk).charts == stored.charts


def test_a_narrative_only_save_queues_no_drawing(world, operator_a, django_capture_on_commit_callbacks):
    step = _step(world.risalah_a, "check_sheet")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        step_save(step=step, data={}, narrative="", base_version=0, by=operator_a)
    assert len(callbacks) == 1  # the first save writes the tools' empty shapes
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        step_save(step=step, data={}, narrative="Hanya catatan", base_version=1, by=operator_a)
    assert callbacks == []


def test_a_changed_fishbone_redraws_the_cause_test_of_another_step(
    ready, world, operator_a, django_capture_on_commit_callbacks
):
    steps = list(ready.steps.select_related("method_step").order_by("method_step__number"))
    fishbone_step = next(s for s in steps if "fishbone" in s.method_step.tools)
    test_step = next(s for s in steps if "cause_test" in s.method_step.tools)
    assert fishbone_step.pk != test_step.pk
    # Draw everything once, as the pages would.
    draw_step_charts.enqueue(fishbone_step.pk)
    draw_step_charts.enqueue(test_step.pk)
    fishbone_step.risalah = ready
    data = copy.deepcopy(fishbone_step.data)
    fishbone = data["fishbone"]
    tested_id = test_step.data["cause_test"]["rows"][0]["cause_id"]
    for category in fishbone["categories"]:
        for cause in category["causes"]:
            if cause["id"] == tested_id:
                cause["text"] = "Printerrusak"
    with django_capture_on_commit_callbacks(execute=True):
        step_save(
            step=fishbone_step,
            data=data,
            narrative=fishbone_step.narrative,
            base_version=fishbone_step.version,
            by=operator_a,
        )
    redrawn = RisalahStep.objects.select_related("method_step").get(pk=test_step.pk)
    assert "Printerrusak" in redrawn.charts["cause_pareto"]["svg"]
    redrawn.risalah = loaded(ready)
    steps = list(ready.steps.select_related("method_step").order_by("method_step__number"))
    with translation.override("id"):
        kwargs = chart_inputs(redrawn, page_causes(steps))["cause_pareto"][1]
        assert redrawn.charts["cause_pareto"]["hash"] == input_hash("cause_pareto", kwargs)


def test_a_new_unit_of_measure_in_the_title_redraws_the_before_after_chart(
    ready, operator_a, django_capture_on_commit_callbacks
):
    names = draw_risalah_charts.enqueue(ready.pk).return_value
    assert {"pareto", "fishbone", "cause_pareto", "before_after", "control_chart"} <= set(names)
    step = _step(ready, "before_after")
    before = step.charts["before_after"]["hash"]
    parts = {name: getattr(ready, name) for name in TITLE_PARTS}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        risalah_save_title(
            risalah=ready,
            parts=parts,
            title="",
            title_is_custom=False,
            base_version=ready.version,
            by=operator_a,
        )
    assert callbacks == []  # the same parts: no drawing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        risalah_save_title(
            risalah=ready,
            parts={**parts, "unit_of_measure": "persen"},
            title="",
            title_is_custom=False,
            base_version=ready.version,
            by=operator_a,
        )
    assert len(callbacks) == 1
    redrawn = RisalahStep.objects.select_related("method_step").get(pk=step.pk)
    redrawn.risalah = loaded(ready)
    with translation.override("id"):
        kwargs = chart_inputs(redrawn, {})["before_after"][1]
    assert kwargs["unit_label"] == "persen"
    assert redrawn.charts["before_after"]["hash"] == input_hash("before_after", kwargs) != before
