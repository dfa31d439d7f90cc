"""The library of verified risalah: what every reader finds (and what never leaks), its filters
and search, the read-only page and PDF, "risalah serupa" on the title page, and the navigation."""

import io
import re

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from core.models import UnitKind
from demo.example_risalah import build_example_risalah
from risalah import library
from risalah.models import ReviewNote, Risalah, RisalahStep, Status
from risalah.review import review_note_add, risalah_new_revision, risalah_start_review, risalah_verify
from risalah.services import risalah_create
from tests.conftest import without_risalah
from tests.factories import (
    GroupFactory,
    ProgrammeYearFactory,
    UnitFactory,
    UserFactory,
    make_verified_risalah,
)

pytestmark = pytest.mark.django_db

TITLE_A = "Meningkatkan persentase pasien dilayani kurang dari 60 menit dari 29,6% menjadi 95% di Puskesmas"
TITLE_B = "Menurunkan jumlah berkas izin yang terlambat diproses dari 40 menjadi 10 di Dinas Perizinan"


def verified(world, unit, *, year=None, **fields):
    group = GroupFactory(unit=unit)
    return make_verified_risalah(
        group=group,
        programme_year=year or world.year,
        by=world.users["admin"],
        reviewer=world.users["verifikator"],
        **fields,
    )


def with_status(world, unit, status, **fields):
    risalah = risalah_create(
        group=GroupFactory(unit=unit), programme_year=world.year, by=world.users["admin"]
    )
    Risalah.objects.filter(pk=risalah.pk).update(status=status, **fields)
    return risalah


def listed(response) -> list[str]:
    return [str(risalah.uuid) for risalah in response.context["page"]]


def set_target_reached(risalah, value) -> None:
    step = next(
        s for s in risalah.steps.select_related("method_step") if "before_after" in s.method_step.tools
    )
    RisalahStep.objects.filter(pk=step.pk).update(
        data={
            "before_after": {"metric": "m", "before": 30, "after": 20, "target": 25, "target_reached": value}
        }
    )


# --- what the library holds -----------------------------------------------------------------------


def test_the_library_lists_the_verified_risalah_of_every_unit_and_nothing_else(world, login):
    mine = verified(world, world.unit_a1, theme="Antrean", title=TITLE_A)
    theirs = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    # Risalah of unit B that must not leak to operator_a, whatever their title says.
    for status in (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED, Status.REJECTED):
        with_status(world, world.unit_b, status, theme=f"Rahasia {status}", title=TITLE_B)
    response = login("operator_a").get(reverse("risalah-library"))
    assert listed(response) == [str(mine.uuid), str(theirs.uuid)]
    html = response.content.decode()
    assert "Rahasia" not in html
    assert world.risalah_a.theme not in html  # operator_a's own draft is not in the library either


def test_every_persona_reads_the_same_library(world, login):
    entry = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    for persona in ("operator_a", "pimpinan_a", "verifikator", "outsider", "admin"):
        assert listed(login(persona).get(reverse("risalah-library"))) == [str(entry.uuid)], persona


def test_a_user_without_a_role_reads_the_library_of_their_pemda(world, client):
    entry = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    clerk = UserFactory(unit=world.unit_a1)
    client.force_login(clerk)
    assert listed(client.get(reverse("risalah-library"))) == [str(entry.uuid)]
    assert client.get(reverse("risalah-library-detail", args=[entry.uuid])).status_code == 200


def test_another_pemda_keeps_its_library(world, login):
    other_pemda = UnitFactory(kind=UnitKind.PEMKOT, name="Pemerintah Kota Lain", code="LAIN")
    foreign = verified(world, UnitFactory(parent=other_pemda, name="Dinas Lain"), theme="Lain", title=TITLE_B)
    client = login("verifikator")
    assert listed(client.get(reverse("risalah-library"))) == []
    assert client.get(reverse("risalah-library-detail", args=[foreign.uuid])).status_code == 404
    assert client.get(reverse("risalah-library-pdf", args=[foreign.uuid])).status_code == 404
    # The admin reads every tree.
    assert listed(login("admin").get(reverse("risalah-library"))) == [str(foreign.uuid)]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REJECTED])
def test_a_risalah_that_is_not_verified_is_not_in_the_library(world, login, status):
    risalah = with_status(world, world.unit_a1, status, theme="Belum")
    for persona in ("operator_a", "verifikator", "admin"):
        client = login(persona)
        assert client.get(reverse("risalah-library-detail", args=[risalah.uuid])).status_code == 404
        assert client.get(reverse("risalah-library-pdf", args=[risalah.uuid])).status_code == 404


def test_a_newer_verified_revision_replaces_the_older_one(world, login):
    first = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    client = login("operator_a")
    second = risalah_new_revision(risalah=first, by=world.users["outsider"])
    # A correction still being written: the library keeps showing the verified revision.
    assert listed(client.get(reverse("risalah-library"))) == [str(first.uuid)]
    Risalah.objects.filter(pk=second.pk).update(status=Status.SUBMITTED, title=TITLE_B + " (perbaikan)")
    risalah_verify(risalah=Risalah.objects.get(pk=second.pk), by=world.users["verifikator"])
    assert listed(client.get(reverse("risalah-library"))) == [str(second.uuid)]
    old = client.get(reverse("risalah-library-detail", args=[first.uuid]))
    assert (old.status_code, old["Location"]) == (302, reverse("risalah-library-detail", args=[second.uuid]))
    old_pdf = client.get(reverse("risalah-library-pdf", args=[first.uuid]))
    assert old_pdf["Location"] == reverse("risalah-library-pdf", args=[second.uuid])
    page = client.get(reverse("risalah-library-detail", args=[second.uuid])).content.decode()
    assert "(perbaikan)" in page
    assert "revisi 2" in page


# --- the page and the PDF show the work, not the review nor personal data ---------------------------


@pytest.fixture
def reviewed(world):
    """The demo's complete risalah, with a NIP and a position on every member, reviewed with a note
    on a step and one on the whole, and verified with a note."""
    without_risalah(world)  # one risalah per group and year: the example takes the draft's place
    for member in world.group_year_a.members.select_related("person"):
        member.person.jabatan = "Jabatan Rahasia Uji"
        member.person.save()
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.SUBMITTED)
    risalah.refresh_from_db()
    reviewer = world.users["verifikator"]
    risalah_start_review(risalah=risalah, by=reviewer)
    review_note_add(
        risalah=risalah, step=risalah.steps.first(), text="Catatan pemeriksa langkah satu", by=reviewer
    )
    review_note_add(risalah=risalah, step=None, text="Catatan pemeriksa umum", by=reviewer)
    risalah_verify(risalah=risalah, by=reviewer, note="Catatan verifikasi akhir")
    assert ReviewNote.objects.filter(risalah=risalah).count() == 2
    return Risalah.objects.get(pk=risalah.pk)


def roster_people(world):
    return [member.person for member in world.group_year_a.members.select_related("person")]


def test_the_page_shows_the_steps_names_and_roles_but_no_review_notes_nor_nip(world, login, reviewed):
    response = login("outsider").get(reverse("risalah-library-detail", args=[reviewed.uuid]))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert reviewed.title in html and reviewed.theme in html
    assert "Puskesmas Sukamaju" in html and "Dinas Kesehatan" in html  # unit and its OPD
    assert [f"step-{n}" in html for n in range(1, 8)] == [True] * 7
    assert "<svg" in html  # the charts
    for person in roster_people(world):
        assert person.name in html
        assert person.nip not in html
    assert "Ketua" in html and "Fasilitator" in html
    assert "Jabatan Rahasia Uji" not in html
    for note in ("Catatan pemeriksa langkah satu", "Catatan pemeriksa umum", "Catatan verifikasi akhir"):
        assert note not in html
    assert reverse("risalah-review", args=[reviewed.uuid]) not in html
    assert reverse("risalah-attachments", args=[reviewed.uuid]) not in html


def test_the_library_pdf_prints_names_and_roles_but_no_nip(world, login, reviewed):
    response = login("outsider").get(reverse("risalah-library-pdf", args=[reviewed.uuid]))
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="risalah-kbk-sehati-2026.pdf"',
    )
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    digits = re.sub(r"\s", "", text)
    for person in roster_people(world):
        assert person.name in flat
        assert person.nip not in digits
    assert "Jabatan Rahasia Uji" not in flat
    assert "Catatan pemeriksa" not in flat and "Catatan verifikasi" not in flat
    # The group's own PDF still prints the NIPs (the library copy is the only one without them).
    own = login("operator_a").get(reverse("risalah-pdf", args=[reviewed.uuid]))
    own_digits = re.sub(
        r"\s", "", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(own.content)).pages)
    )
    assert all(person.nip in own_digits for person in roster_people(world))


def test_the_library_roster_is_names_and_roles_in_role_order(world, reviewed):
    roster = library.library_roster(reviewed)
    assert [member.role for member in roster] == ["fasilitator", "ketua", "sekretaris", "anggota", "anggota"]


# --- filters and search ---------------------------------------------------------------------------


@pytest.fixture
def shelf(world):
    """Four verified risalah: two years, two OPDs, a kelurahan, reached / missed / no verdict."""
    year_2025 = ProgrammeYearFactory(year=2025)
    kecamatan = UnitFactory(parent=world.pemda, kind=UnitKind.KECAMATAN, name="Kecamatan Kota", code="KEC")
    kelurahan = UnitFactory(parent=kecamatan, kind=UnitKind.KELURAHAN, name="Kelurahan Mekar", code="KEL")
    items = {
        "antrean": verified(world, world.unit_a1, theme="Antrean loket pendaftaran", title=TITLE_A),
        "izin": verified(world, world.unit_b, theme="Perizinan sekolah", title=TITLE_B),
        "rekam": verified(
            world,
            world.unit_a1,
            year=year_2025,
            theme="Rekam medis",
            title="Meningkatkan kelengkapan rekam medis",
        ),
        "surat": verified(
            world, kelurahan, theme="Surat keterangan", title="Mempercepat surat keterangan warga"
        ),
    }
    set_target_reached(items["antrean"], True)
    set_target_reached(items["izin"], False)
    set_target_reached(items["rekam"], True)
    return items


def uuids(*items) -> list[str]:
    return [str(item.uuid) for item in items]


def test_the_year_filter(shelf, login):
    response = login("operator_a").get(reverse("risalah-library"), {"year": 2025})
    assert listed(response) == uuids(shelf["rekam"])


def test_the_opd_filter_takes_the_opd_with_its_sub_units(world, shelf, login):
    response = login("outsider").get(reverse("risalah-library"), {"opd": str(world.unit_a.uuid)})
    assert listed(response) == uuids(shelf["antrean"], shelf["rekam"])


def test_the_opd_choices_are_the_units_under_the_pemda(world, shelf, login):
    form = login("outsider").get(reverse("risalah-library")).context["form"]
    assert [unit.name for unit in form.fields["opd"].queryset] == [
        "Dinas Kesehatan",
        "Dinas Pendidikan",
        "Kecamatan Kota",
    ]


def test_the_unit_kind_filter(shelf, login):
    response = login("operator_a").get(reverse("risalah-library"), {"kind": UnitKind.KELURAHAN})
    assert listed(response) == uuids(shelf["surat"])
    response = login("operator_a").get(reverse("risalah-library"), {"kind": UnitKind.PUSKESMAS})
    assert listed(response) == uuids(shelf["antrean"], shelf["rekam"])


def test_the_target_reached_filter_reads_the_evaluation(shelf, login):
    client = login("operator_a")
    assert listed(client.get(reverse("risalah-library"), {"result": "yes"})) == uuids(
        shelf["antrean"], shelf["rekam"]
    )
    assert listed(client.get(reverse("risalah-library"), {"result": "no"})) == uuids(shelf["izin"])
    html = client.get(reverse("risalah-library")).content.decode()
    assert (html.count("Target tercapai</span>"), html.count("Target tidak tercapai</span>")) == (2, 1)


def test_the_search_finds_words_of_the_title_and_the_theme(shelf, login):
    client = login("pimpinan_a")
    assert listed(client.get(reverse("risalah-library"), {"q": "perizinan"})) == uuids(shelf["izin"])
    assert listed(client.get(reverse("risalah-library"), {"q": "rekam medis"})) == uuids(shelf["rekam"])
    # Every word must be found: "rekam" and "izin" are never in one risalah.
    assert listed(client.get(reverse("risalah-library"), {"q": "rekam izin"})) == []
    assert listed(client.get(reverse("risalah-library"), {"q": "Pasien", "year": 2026})) == uuids(
        shelf["antrean"]
    )


def test_the_search_finds_a_word_inside_its_derived_form(world, shelf, login):
    """On PostgreSQL the Indonesian stemmer reduces "pelayanan" and "layanan" to "layan" (and
    "dilayani" of another title too, hence "KTP"); SQLite's icontains finds "layanan" inside
    "pelayanan". Either way the reader finds it."""
    ktp = verified(world, world.unit_b, theme="Pelayanan KTP")
    response = login("operator_a").get(reverse("risalah-library"), {"q": "layanan KTP"})
    assert listed(response) == uuids(ktp)
    if connection.vendor == "postgresql":
        assert library.search_config() == "indonesian"
        # The stemmer at work: "dilayani" in TITLE_A is found by "layanan" as well.
        both = login("operator_a").get(reverse("risalah-library"), {"q": "layanan"})
        assert sorted(listed(both)) == sorted(uuids(ktp, shelf["antrean"]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index: PostgreSQL only")
def test_on_postgresql_the_search_is_one_the_library_index_serves(world, shelf):
    """At 15,000 verified risalah building every search vector cost 0.1 s per query: the search's
    condition must be the expression of the index of migration risalah 0015. With the planner
    left only bitmap scans (a few test rows would rather be read in full), the condition on the
    search vector is what it can scan an index for."""
    queryset = library.search(Risalah.objects.filter(status=Status.VERIFIED), "pelayanan").values("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Read for the condition on the vector, not merely as the list of verified risalah.
    assert re.search(
        r"Bitmap Index Scan on risalah_library_search .*\n +Index Cond: \(to_tsvector\(", plan
    ), plan


def test_filters_stay_in_the_links_of_the_other_pages(world, login):
    for number in range(library_page_size() + 1):
        verified(world, world.unit_b, theme=f"Perizinan {number:02d}", title=f"{TITLE_B} nomor {number}")
    response = login("operator_a").get(reverse("risalah-library"), {"q": "perizinan", "kind": UnitKind.OPD})
    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?q=perizinan&amp;kind=opd&amp;page=2"' in response.content.decode()
    second = login("operator_a").get(reverse("risalah-library"), {"q": "perizinan", "kind": "opd", "page": 2})
    assert len(second.context["page"].object_list) == 1


def library_page_size() -> int:
    from risalah.views.library import PAGE_SIZE

    return PAGE_SIZE


def test_an_invalid_filter_is_shown_and_ignored(shelf, login):
    response = login("operator_a").get(reverse("risalah-library"), {"year": "1900", "result": "maybe"})
    assert sorted(response.context["form"].errors) == ["result", "year"]
    assert len(listed(response)) == 4


def test_the_list_runs_the_same_queries_for_one_and_three_items(world, login, django_assert_num_queries):
    client = login("operator_a")
    verified(world, world.unit_b, theme="Satu", title=TITLE_B)
    client.get(reverse("risalah-library"), {"q": "satu"})  # warm: the search configuration is asked once
    # 13: the page's keys, then its rows with their targets (core.pagination.KeyPaginator).
    with django_assert_num_queries(13):
        response = client.get(reverse("risalah-library"))
    assert len(listed(response)) == 1
    verified(world, world.unit_a1, theme="Dua", title=TITLE_A)
    verified(world, world.unit_a1, theme="Tiga", title="Tiga")
    with django_assert_num_queries(13):
        response = client.get(reverse("risalah-library"))
    assert len(listed(response)) == 3


# --- "risalah serupa" while writing -------------------------------------------------------------------


def test_the_title_page_shows_similar_verified_risalah(world, login):
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title=TITLE_A)
    close = verified(world, world.unit_b, theme="Antrean pasien", title=TITLE_A.replace("60", "45"))
    far = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    leaking = with_status(world, world.unit_b, Status.RETURNED, theme="Antrean pasien", title=TITLE_A)
    html = login("operator_a").get(reverse("risalah-title", args=[world.risalah_a.uuid])).content.decode()
    assert 'id="similar-risalah"' in html
    assert reverse("risalah-library-detail", args=[close.uuid]) in html
    assert reverse("risalah-library-detail", args=[far.uuid]) not in html
    assert str(leaking.uuid) not in html


def test_at_most_five_similar_risalah(world):
    for number in range(7):
        verified(world, world.unit_b, theme="Antrean pasien", title=f"{TITLE_A} {number}")
    found = library.similar_risalah(
        world.users["operator_a"], title=TITLE_A, theme="", exclude=world.risalah_a
    )
    assert len(found) == 5


def test_no_similar_box_without_a_similar_title(world, login):
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title=TITLE_A)
    verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    html = login("operator_a").get(reverse("risalah-title", args=[world.risalah_a.uuid])).content.decode()
    assert 'id="similar-risalah"' not in html


# --- the navigation -----------------------------------------------------------------------------------


def test_the_library_is_in_everyones_menu_and_marked_current_on_its_pages(world, login, client):
    entry = verified(world, world.unit_b, theme="Perizinan", title=TITLE_B)
    clerk = UserFactory(unit=world.unit_a1)
    client.force_login(clerk)
    for reader in [login(p) for p in ("operator_a", "pimpinan_a", "verifikator", "outsider", "admin")] + [
        client
    ]:
        items = reader.get(reverse("risalah-library-detail", args=[entry.uuid])).context["nav_items"]
        assert [item["label"] for item in items if item["active"]] == ["Perpustakaan"]
        assert reverse("risalah-library") in [item["url"] for item in items]
    items = login("operator_a").get(reverse("risalah-list")).context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["Risalah"]


def test_the_library_names_the_roster_the_risalah_was_verified_with(world, reviewed):
    """A member seated after the verification is on the group's page, not in the library."""
    from groups.services import roster_add_member
    from tests.factories import PersonFactory

    before = [(member.person.name, member.role) for member in library.library_roster(reviewed)]
    late_member = PersonFactory(unit=world.unit_a1, name="Anggota Sesudah Verifikasi")
    roster_add_member(
        group_year=world.group_year_a, person=late_member, role="anggota", by=world.users["operator_a"]
    )
    assert [(member.person.name, member.role) for member in library.library_roster(reviewed)] == before
    assert "Anggota Sesudah Verifikasi" not in [name for name, _role in before]
