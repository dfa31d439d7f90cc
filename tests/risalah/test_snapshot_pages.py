"""The pages of a filed risalah: the overview, the review page and the PDF keep the roster and
figures as filed, say when the group's roster changed since, and link to the difference; the
roster page names the risalah its edits do not affect; the submit page warns when it is late;
a second "Risalah baru" for the same group and year opens the existing one. Pages in English."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from risalah.models import Risalah, Status, Transition
from risalah.review import risalah_verify
from tests.risalah.conftest import newcomer

NOTICE = "The roster has changed since it was submitted"
PERSONAS_WHO_READ = ("operator_a", "pimpinan_a", "verifikator", "admin")


def client_for(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def as_(world):
    return lambda persona: client_for(world.users[persona])


@pytest.fixture
def verified(submitted, world):
    risalah_verify(risalah=submitted, by=world.users["verifikator"])
    return Risalah.objects.get(pk=submitted.pk)


def figures_section(html: str) -> str:
    return re.search(r'<section class="col-12 col-lg-5" id="figures">(.*?)</section>', html, re.S).group(1)


def attendance(html: str) -> str:
    return re.search(r"Average attendance</dt><dd class=\"col-6\">([^<]*)</dd>", figures_section(html)).group(
        1
    )


def in_english(day) -> str:
    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


# --- the overview ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS_WHO_READ)
def test_the_overview_of_a_verified_risalah_keeps_its_figures_and_says_the_roster_changed(
    verified, world, as_, persona
):
    client = as_(persona)
    before = client.get(reverse("risalah-detail", args=[verified.uuid])).content.decode()
    assert attendance(before) == "80.0%"
    assert NOTICE not in before and 'id="filed-notice"' in before
    newcomer(world)
    after = client.get(reverse("risalah-detail", args=[verified.uuid])).content.decode()
    assert attendance(after) == "80.0%"
    assert figures_section(after) == figures_section(before)
    assert NOTICE in after
    assert (
        f'<a href="{reverse("risalah-roster-changes", args=[verified.uuid])}">See the difference</a>' in after
    )


def test_the_overview_of_a_draft_follows_the_live_roster(ready, world, as_):
    client = as_("operator_a")
    assert attendance(client.get(reverse("risalah-detail", args=[ready.uuid])).content.decode()) == "80.0%"
    newcomer(world)
    html = client.get(reverse("risalah-detail", args=[ready.uuid])).content.decode()
    assert attendance(html) == "66.7%"
    assert 'id="filed-notice"' not in html


def test_the_outsider_does_not_see_a_filed_risalah_or_its_roster(verified, world, as_):
    newcomer(world)
    for name in ("risalah-detail", "risalah-roster-changes"):
        assert as_("outsider").get(reverse(name, args=[verified.uuid])).status_code == 404


def test_the_review_page_reads_the_snapshot_and_shows_the_notice(submitted, world, as_):
    newcomer(world)
    html = as_("verifikator").get(reverse("risalah-review", args=[submitted.uuid])).content.decode()
    assert NOTICE in html
    # the checker counts the attendance as filed (80%), not the 66.7% of today's roster
    assert "Average attendance at the meetings" not in html


# --- the difference ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS_WHO_READ)
def test_the_difference_page_lists_added_removed_and_changed_members(verified, world, as_, persona):
    newcomer(world)
    anggota = world.group_year_a.members.filter(role="anggota").select_related("person").order_by("pk")
    removed = anggota[0]
    removed_name = removed.person.name
    removed.delete()
    ketua = world.group_year_a.members.get(role="ketua")
    ketua.person.jabatan = "Kepala Tata Usaha"
    ketua.person.save()
    html = as_(persona).get(reverse("risalah-roster-changes", args=[verified.uuid])).content.decode()
    assert html.count("<h1") == 1
    rows = re.findall(r'<tr data-testid="(added|removed|changed)">(.*?)</tr>', html, re.S)
    texts = [(kind, " ".join(re.sub(r"<[^>]+>", " ", row).split())) for kind, row in rows]
    assert [kind for kind, _text in texts] == ["added", "removed", "changed"]
    assert "Budi Pendatang" in texts[0][1] and "Perawat" in texts[0][1]
    assert removed_name in texts[1][1]
    assert "Pelaksana" in texts[2][1] and "Kepala Tata Usaha" in texts[2][1]
    # the roster in the risalah is the one filed: the removed member is in it, the newcomer not
    filed = re.search(r'<section class="mb-4" id="roster-as-filed">(.*?)</section>', html, re.S).group(1)
    assert removed_name in filed and "Budi Pendatang" not in filed and "dr. Hadi Santoso" in filed


def test_the_difference_page_of_a_draft_says_it_reads_the_live_roster(world, as_):
    html = (
        as_("operator_a").get(reverse("risalah-roster-changes", args=[world.risalah_a.uuid])).content.decode()
    )
    assert "current roster: it has not been filed, or it was returned to the group for revision." in html
    assert 'id="roster-difference"' not in html


# --- the roster page ---------------------------------------------------------------------------


def roster_page(as_, persona, world) -> str:
    return as_(persona).get(reverse("groups-roster", args=[world.group_a.uuid, 2026])).content.decode()


def test_the_roster_page_names_the_risalah_its_edits_do_not_affect(submitted, world, as_):
    for persona in ("operator_a", "pimpinan_a", "verifikator"):
        html = roster_page(as_, persona, world)
        notice = re.search(
            r'<div class="alert alert-info" role="note" id="roster-kept">(.*?)</div>', html, re.S
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", notice.group(1)).split())
        assert text == (
            f"Changes to this roster do not affect the risalah “{submitted.title}” (submitted): it keeps the"
            " roster as it was when it was filed. The roster as filed"
        )
        assert reverse("risalah-roster-changes", args=[submitted.uuid]) in notice.group(1)


def test_the_roster_page_of_a_group_with_a_draft_has_no_such_note(world, as_):
    assert 'id="roster-kept"' not in roster_page(as_, "operator_a", world)


def test_the_roster_page_names_nothing_while_the_risalah_is_returned(submitted, world, as_):
    Risalah.objects.filter(pk=submitted.pk).update(status=Status.RETURNED)
    assert 'id="roster-kept"' not in roster_page(as_, "operator_a", world)


# --- the PDF -----------------------------------------------------------------------------------


def test_the_pdf_of_a_verified_risalah_prints_the_roster_as_filed(verified, world, as_):
    newcomer(world, "Budi Pendatang")
    world.group_year_a.sk_number = "800/99/SK/2026"
    world.group_year_a.save()
    text = pdf_text(as_("pimpinan_a").get(reverse("risalah-pdf", args=[verified.uuid])))
    assert "Budi Pendatang" not in text
    assert "800/99/SK/2026" not in text
    sk = Transition.objects.get(to_status=Status.VERIFIED).filed.sk["number"]
    assert sk in text
    assert "dr. Hadi Santoso" in text  # the Pembina as filed signs the approval sheet
    assert "Rata-rata kehadiran 80%" in text
    assert "4/5" in text  # each meeting: present of the roster as filed


def test_the_pdf_of_a_draft_prints_the_live_roster(ready, world, as_):
    newcomer(world, "Budi Pendatang")
    text = pdf_text(as_("operator_a").get(reverse("risalah-pdf", args=[ready.uuid])))
    assert "Budi Pendatang" in text and "4/6" in text


# --- late --------------------------------------------------------------------------------------


def test_the_submit_page_warns_before_the_click_when_it_is_late(ready, world, as_):
    world.year.risalah_deadline = timezone.localdate() - timedelta(days=3)
    world.year.save()
    client = as_("operator_a")
    html = client.get(reverse("risalah-submit", args=[ready.uuid])).content.decode()
    warning = re.search(
        r'<div class="alert alert-danger" role="alert" id="late-warning">(.*?)</div>', html, re.S
    )
    deadline = world.year.risalah_deadline
    assert " ".join(warning.group(1).split()) == (
        f"Late: the risalah deadline of 2026 was {in_english(deadline)}."
        " Submitted now, the risalah is recorded as late."
    )
    client.post(reverse("risalah-submit", args=[ready.uuid]))
    assert Transition.objects.get().late is True
    html = client.get(reverse("risalah-detail", args=[ready.uuid])).content.decode()
    assert re.search(r'<span class="badge text-bg-danger" id="late-badge">submitted late, [^<]+</span>', html)
    history = client.get(reverse("risalah-history", args=[ready.uuid])).content.decode()
    assert '<span class="badge text-bg-danger">late</span>' in history


def test_the_late_warning_in_indonesian_says_terlambat(ready, world):
    world.year.risalah_deadline = timezone.localdate() - timedelta(days=3)
    world.year.save()
    client = Client()
    client.force_login(world.users["operator_a"])
    html = client.get(reverse("risalah-submit", args=[ready.uuid])).content.decode()
    assert 'id="late-warning"' in html and "Terlambat: batas waktu penyerahan risalah 2026 adalah" in html


def test_no_warning_before_the_deadline(ready, world, as_):
    world.year.risalah_deadline = timezone.localdate() + timedelta(days=3)
    world.year.save()
    client = as_("operator_a")
    assert (
        'id="late-warning"' not in client.get(reverse("risalah-submit", args=[ready.uuid])).content.decode()
    )
    client.post(reverse("risalah-submit", args=[ready.uuid]))
    assert Transition.objects.get().late is False
    assert 'id="late-badge"' not in client.get(reverse("risalah-detail", args=[ready.uuid])).content.decode()


# --- one risalah per group and year ------------------------------------------------------------


def test_a_second_risalah_baru_opens_the_existing_one(world, as_):
    client = as_("operator_a")
    data = {"group": str(world.group_a.uuid), "programme_year": "2026", "theme": "Arsip tertib"}
    response = client.post(reverse("risalah-create"), data)
    assert response["Location"] == reverse("risalah-detail", args=[world.risalah_a.uuid])
    assert list(Risalah.objects.values_list("pk", flat=True)) == [world.risalah_a.pk]
    html = client.get(response["Location"]).content.decode()
    assert "KBK Sehati already has its risalah for 2026 (one per group and year); here it is." in html
    response = client.post(reverse("risalah-create"), data)  # and again: still the same one
    assert response["Location"] == reverse("risalah-detail", args=[world.risalah_a.uuid])
    assert Risalah.objects.count() == 1
