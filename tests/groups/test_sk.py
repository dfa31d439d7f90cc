"""The SK of a programme year: recording it, with its scan, and serving the scan."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from groups.models import Completeness, GroupYear
from tests.factories import GroupFactory, ProgrammeYearFactory, complete_group_year, pdf_bytes

pytestmark = pytest.mark.django_db


def sk_data(**overrides):
    data = {
        "sk_number": "800/45/SK/2026",
        "sk_date": "2026-02-03",
        "sk_signed_by": "Kepala Puskesmas Sukamaju",
        "sk_scan": SimpleUploadedFile("scan SK.pdf", pdf_bytes("SK KBK"), content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_recording_the_sk_creates_the_year_and_evaluates_it(world, as_persona):
    group = GroupFactory(unit=world.unit_a1, name="KBK Baru")
    url = reverse("groups-year-edit", args=[group.uuid, 2026])

    page = as_persona("operator_a").get(url)
    assert not GroupYear.objects.filter(group=group).exists()  # showing the form writes nothing
    assert "SK 2026 of KBK Baru" in page.content.decode()

    response = as_persona("operator_a").post(url, sk_data(), follow=True)

    group_year = GroupYear.objects.get(group=group, programme_year=world.year)
    assert response.redirect_chain == [(reverse("groups-detail", args=[group.uuid]), 302)]
    assert (group_year.sk_number, group_year.sk_date, group_year.sk_signed_by) == (
        "800/45/SK/2026",
        date(2026, 2, 3),
        "Kepala Puskesmas Sukamaju",
    )
    assert group_year.sk_scan.name.startswith("groups/sk/") and group_year.sk_scan.name.endswith(".pdf")
    with group_year.sk_scan.open("rb") as stored:
        assert PdfReader(stored).pages[0].extract_text() == "SK KBK"
    # The SK is complete; the empty roster is what is still missing.
    assert group_year.status == Completeness.INCOMPLETE
    assert group_year.problem_messages == [
        "The roster has 0 members; at least 3 are required.",
        "There must be exactly 1 Ketua (now 0).",
        "There must be exactly 1 Sekretaris (now 0).",
        "At least 1 Fasilitator is required (now 0).",
    ]
    content = response.content.decode()
    assert "The SK for 2026 was saved." in content
    assert "800/45/SK/2026" in content


def test_an_sk_with_a_full_roster_makes_the_year_complete(world, as_persona):
    group_year = world.group_year_a
    GroupYear.objects.filter(pk=group_year.pk).update(sk_number="", status=Completeness.INCOMPLETE)

    as_persona("operator_a").post(
        reverse("groups-year-edit", args=[world.group_a.uuid, 2026]), sk_data(sk_scan="")
    )

    group_year.refresh_from_db()
    assert (group_year.sk_number, group_year.status, group_year.problems) == (
        "800/45/SK/2026",
        Completeness.COMPLETE,
        [],
    )


def test_an_empty_sk_is_saved_as_incomplete_not_refused(world, as_persona):
    group = GroupFactory(unit=world.unit_a1)

    response = as_persona("operator_a").post(
        reverse("groups-year-edit", args=[group.uuid, 2026]),
        {"sk_number": "", "sk_date": "", "sk_signed_by": ""},
    )

    assert response.status_code == 302
    group_year = GroupYear.objects.get(group=group)
    assert group_year.problem_messages[:3] == [
        "The SK number is missing.",
        "The SK date is missing.",
        "The scanned SK is missing.",
    ]


def test_an_earlier_year_can_be_recorded(world, as_persona):
    ProgrammeYearFactory(year=2025)

    as_persona("operator_a").post(reverse("groups-year-edit", args=[world.group_a.uuid, 2025]), sk_data())

    assert sorted(world.group_a.years.values_list("programme_year__year", flat=True)) == [2025, 2026]


def test_an_unknown_year_is_404(world, as_persona):
    client = as_persona("operator_a")

    assert client.get(reverse("groups-year-edit", args=[world.group_a.uuid, 1999])).status_code == 404
    assert client.get(reverse("groups-roster", args=[world.group_a.uuid, 1999])).status_code == 404
    assert client.get(reverse("groups-year-sk", args=[world.group_a.uuid, 1999])).status_code == 404


@pytest.mark.parametrize("persona", ["pimpinan_a", "verifikator"])
def test_read_only_roles_cannot_record_the_sk(world, as_persona, persona):
    client = as_persona(persona)
    url = reverse("groups-year-edit", args=[world.group_a.uuid, 2026])

    assert client.get(url).status_code == 403
    assert client.post(url, sk_data(sk_number="X")).status_code == 403
    world.group_year_a.refresh_from_db()
    assert world.group_year_a.sk_number != "X"


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a", "verifikator", "admin"])
def test_sk_scan_is_served_inline_as_pdf(world, as_persona, persona):
    response = as_persona(persona).get(reverse("groups-year-sk", args=[world.group_a.uuid, 2026]))

    body = b"".join(response.streaming_content)
    response.close()
    assert (
        response["Content-Type"],
        response["X-Content-Type-Options"],
        response["Content-Disposition"],
    ) == (
        "application/pdf",
        "nosniff",
        'inline; filename="sk-kbk-sehati-2026.pdf"',
    )
    assert body.startswith(b"%PDF-")


def test_sk_scan_of_a_year_without_scan_is_404(world, as_persona):
    group_year = complete_group_year(world.group_year_a)
    GroupYear.objects.filter(pk=group_year.pk).update(sk_scan="")

    response = as_persona("operator_a").get(reverse("groups-year-sk", args=[world.group_a.uuid, 2026]))

    assert response.status_code == 404


def test_sk_scan_of_another_units_group_is_404(world, as_persona):
    response = as_persona("operator_a").get(reverse("groups-year-sk", args=[world.group_b.uuid, 2026]))

    assert response.status_code == 404
