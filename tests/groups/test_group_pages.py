"""Group create, detail, edit and logo, as every persona."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from groups.models import Group
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    ProgrammeYearFactory,
    complete_group_year,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def group_data(world, **overrides):
    data = {
        "unit": str(world.unit_a1.uuid),
        "name": "KBK Harapan",
        "makna": "Harapan untuk pelayanan",
        "motto": "Cepat, tepat, ramah",
        "yel_yel": "Harapan! Pasti bisa!",
        "formed_on": "2026-01-20",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- create -------------------------------------------------------------------------------


def test_operator_creates_a_group_with_a_logo(world, as_persona):
    client = as_persona("operator_a")
    logo = SimpleUploadedFile("Logo Harapan FINAL (2).png", png_bytes((120, 80)), content_type="image/png")

    response = client.post(reverse("groups-create"), group_data(world, logo=logo), follow=True)

    group = Group.objects.get(name="KBK Harapan")
    assert response.redirect_chain == [(reverse("groups-detail", args=[group.uuid]), 302)]
    assert (group.unit, group.makna, group.motto, group.yel_yel, group.formed_on, group.is_active) == (
        world.unit_a1,
        "Harapan untuk pelayanan",
        "Cepat, tepat, ramah",
        "Harapan! Pasti bisa!",
        date(2026, 1, 20),
        True,
    )
    # Stored under a random name with the extension of the sniffed content.
    assert group.logo.name.startswith("groups/logos/")
    assert group.logo.name.endswith(".png")
    assert "Harapan" not in group.logo.name
    content = response.content.decode()
    assert "The group “KBK Harapan” was created." in content
    assert reverse("groups-logo", args=[group.uuid]) in content


def test_create_offers_only_the_units_the_operator_manages(world, as_persona):
    response = as_persona("operator_a").get(reverse("groups-create"))

    units = list(response.context["form"].fields["unit"].queryset)
    assert units == [world.unit_a, world.unit_a1]
    assert "Dinas Pendidikan" not in response.content.decode()


def test_create_in_a_unit_outside_the_operators_subtree_is_refused(world, as_persona):
    response = as_persona("operator_a").post(
        reverse("groups-create"), group_data(world, unit=str(world.unit_b.uuid))
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Group.objects.filter(name="KBK Harapan").exists()


def test_create_refuses_a_name_already_used_in_the_unit(world, as_persona):
    response = as_persona("operator_a").post(reverse("groups-create"), group_data(world, name="kbk  sehati"))

    assert response.context["form"].errors["name"] == [
        "PKM Sukamaju already has a group called “kbk sehati”. Choose another name."
    ]
    assert Group.objects.filter(unit=world.unit_a1).count() == 1


@pytest.mark.parametrize("persona", ["pimpinan_a", "verifikator"])
def test_read_only_roles_cannot_create(world, as_persona, persona):
    client = as_persona(persona)

    assert client.get(reverse("groups-create")).status_code == 403
    assert client.post(reverse("groups-create"), group_data(world)).status_code == 403
    assert not Group.objects.filter(name="KBK Harapan").exists()


def test_list_shows_the_new_group_button_only_to_those_who_may_create(world, as_persona):
    create_url = reverse("groups-create")

    assert create_url in as_persona("operator_a").get(reverse("groups-list")).content.decode()
    assert create_url not in as_persona("pimpinan_a").get(reverse("groups-list")).content.decode()


# --- detail -------------------------------------------------------------------------------


def test_detail_shows_identity_sk_roster_and_history(world, as_persona):
    year_2025 = ProgrammeYearFactory(year=2025)
    complete_group_year(
        GroupYearFactory(group=world.group_a, programme_year=year_2025, sk_number="800/1/SK/2025")
    )
    group_year = world.group_year_a

    response = as_persona("pimpinan_a").get(reverse("groups-detail", args=[world.group_a.uuid]))

    content = response.content.decode()
    assert content.count("<h1") == 1
    assert [gy.programme_year.year for gy in response.context["years"]] == [2026, 2025]
    for text in [
        "KBK Sehati",
        "Kelompok yang bekerja dengan hati",
        "Melayani dengan senyum",
        group_year.sk_number,
        "800/1/SK/2025",
        "Kepala Dinas",
        reverse("groups-year-sk", args=[world.group_a.uuid, 2026]),
        reverse("groups-logo", args=[world.group_a.uuid]),
    ]:
        assert text in content
    roster = response.context["years"][0].roster
    assert [member.role for member in roster] == ["fasilitator", "ketua", "sekretaris", "anggota", "anggota"]
    for member in roster:
        assert member.person.name in content and member.person.nip in content
    # Read-only: no edit links.
    assert f'href="{reverse("groups-edit", args=[world.group_a.uuid])}"' not in content
    assert f'href="{reverse("groups-year-edit", args=[world.group_a.uuid, 2026])}"' not in content


def test_detail_lists_the_problems_of_an_incomplete_year(world, as_persona):
    group = GroupFactory(unit=world.unit_a, name="KBK Setengah")
    GroupYearFactory(group=group, programme_year=world.year, sk_number="", sk_scan="")
    from groups.services import evaluate_group_year

    evaluate_group_year(group_year=group.years.get())

    response = as_persona("operator_a").get(reverse("groups-detail", args=[group.uuid]))

    content = response.content.decode()
    assert "Incomplete" in content
    for problem in group.years.get().problem_messages:
        assert problem in content
    assert group.years.get().problem_messages == [
        "The SK number is missing.",
        "The scanned SK is missing.",
        "The roster has 0 members; at least 3 are required.",
        "There must be exactly 1 Ketua (now 0).",
        "There must be exactly 1 Sekretaris (now 0).",
        "At least 1 Fasilitator is required (now 0).",
    ]


def test_detail_of_a_group_without_a_year_offers_to_record_it(world, as_persona):
    group = GroupFactory(unit=world.unit_a, name="KBK Baru")

    content = as_persona("operator_a").get(reverse("groups-detail", args=[group.uuid])).content.decode()

    assert "No SK/roster yet" in content
    assert reverse("groups-year-edit", args=[group.uuid, 2026]) in content
    assert reverse("groups-roster", args=[group.uuid, 2026]) in content


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a", "verifikator", "admin"])
def test_everyone_in_scope_reads_the_detail(world, as_persona, persona):
    response = as_persona(persona).get(reverse("groups-detail", args=[world.group_a.uuid]))

    assert response.status_code == 200
    assert response.context["group"] == world.group_a


def test_outsider_gets_404_on_everything_of_group_a(world, as_persona):
    client = as_persona("outsider")
    uuid = world.group_a.uuid
    member = world.group_year_a.members.first()
    gets = [
        reverse("groups-detail", args=[uuid]),
        reverse("groups-edit", args=[uuid]),
        reverse("groups-logo", args=[uuid]),
        reverse("groups-year-edit", args=[uuid, 2026]),
        reverse("groups-year-sk", args=[uuid, 2026]),
        reverse("groups-roster", args=[uuid, 2026]),
    ]
    posts = [
        reverse("groups-edit", args=[uuid]),
        reverse("groups-year-edit", args=[uuid, 2026]),
        reverse("groups-roster", args=[uuid, 2026]),
        reverse("groups-roster-copy", args=[uuid, 2026]),
        reverse("groups-roster-role", args=[uuid, 2026, member.person.uuid]),
        reverse("groups-roster-remove", args=[uuid, 2026, member.person.uuid]),
    ]
    statuses = [client.get(url).status_code for url in gets] + [client.post(url).status_code for url in posts]

    assert statuses == [404] * len(gets + posts)
    assert world.group_year_a.members.count() == 5
    # The outsider's lists never mention group A.
    assert "KBK Sehati" not in client.get(reverse("groups-list")).content.decode()


# --- edit ---------------------------------------------------------------------------------


def test_operator_edits_a_group(world, as_persona):
    old_logo = world.group_a.logo.name
    response = as_persona("operator_a").post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        group_data(world, name="KBK Sehati Selalu", motto="Selalu sehat", is_active=""),
        follow=True,
    )

    world.group_a.refresh_from_db()
    assert (world.group_a.name, world.group_a.motto, world.group_a.is_active) == (
        "KBK Sehati Selalu",
        "Selalu sehat",
        False,
    )
    assert world.group_a.logo.name == old_logo  # no new file chosen: the logo stays
    assert "The changes to “KBK Sehati Selalu” were saved." in response.content.decode()


def test_replacing_the_logo_keeps_the_old_file_for_the_history(world, as_persona):
    storage = world.group_a.logo.storage
    old_logo = world.group_a.logo.name
    new_logo = SimpleUploadedFile("new.png", png_bytes((10, 10), (1, 2, 3)), content_type="image/png")

    as_persona("operator_a").post(
        reverse("groups-edit", args=[world.group_a.uuid]), group_data(world, name="KBK Sehati", logo=new_logo)
    )

    world.group_a.refresh_from_db()
    assert world.group_a.logo.name != old_logo
    assert (storage.exists(old_logo), storage.exists(world.group_a.logo.name)) == (True, True)
    assert [record.logo for record in world.group_a.history.order_by("history_date")][-2:] == [
        old_logo,
        world.group_a.logo.name,
    ]


def test_clearing_the_logo_removes_it(world, as_persona):
    as_persona("operator_a").post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        group_data(world, name="KBK Sehati", **{"logo-clear": "on"}),
    )

    world.group_a.refresh_from_db()
    assert world.group_a.logo.name == ""


@pytest.mark.parametrize("persona", ["pimpinan_a", "verifikator"])
def test_read_only_roles_cannot_edit(world, as_persona, persona):
    client = as_persona(persona)
    url = reverse("groups-edit", args=[world.group_a.uuid])

    assert client.get(url).status_code == 403
    assert client.post(url, group_data(world, name="Diubah")).status_code == 403
    world.group_a.refresh_from_db()
    assert world.group_a.name == "KBK Sehati"


def test_admin_edits_any_group(world, as_persona):
    response = as_persona("admin").post(
        reverse("groups-edit", args=[world.group_b.uuid]),
        group_data(world, unit=str(world.unit_b.uuid), name="KBK Cerdas Ceria"),
    )

    assert response.status_code == 302
    world.group_b.refresh_from_db()
    assert world.group_b.name == "KBK Cerdas Ceria"


# --- logo ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a", "verifikator", "admin"])
def test_logo_is_served_with_safe_headers(world, as_persona, persona):
    response = as_persona(persona).get(reverse("groups-logo", args=[world.group_a.uuid]))

    body = b"".join(response.streaming_content)
    response.close()
    assert (
        response["Content-Type"],
        response["X-Content-Type-Options"],
        response["Content-Disposition"],
    ) == (
        "image/png",
        "nosniff",
        'inline; filename="logo-kbk-sehati.png"',
    )
    assert "sandbox" in response["Content-Security-Policy"]
    with world.group_a.logo.open("rb") as stored:
        assert body == stored.read()


def test_a_group_without_logo_has_no_logo_url(world, as_persona):
    response = as_persona("operator_a").get(reverse("groups-logo", args=[world.group_b.uuid]))
    assert response.status_code == 404  # outside operator_a's scope

    response = as_persona("admin").get(reverse("groups-logo", args=[world.group_b.uuid]))
    assert response.status_code == 404
    assert not world.group_b.logo


def test_a_served_logo_is_a_real_image(world, as_persona):
    response = as_persona("operator_a").get(reverse("groups-logo", args=[world.group_a.uuid]))

    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    response.close()
    assert (image.format, image.size) == ("PNG", (64, 64))


def test_edit_links_the_current_logo_through_its_view_never_the_storage_name(world, as_persona):
    content = as_persona("operator_a").get(reverse("groups-edit", args=[world.group_a.uuid])).content.decode()

    assert f'<a href="{reverse("groups-logo", args=[world.group_a.uuid])}"' in content
    assert "Current logo" in content
    assert world.group_a.logo.name not in content
    assert 'name="logo-clear"' in content
    assert 'accept="image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp"' in content


def test_sk_form_links_the_current_scan_through_its_view(world, as_persona):
    content = (
        as_persona("operator_a")
        .get(reverse("groups-year-edit", args=[world.group_a.uuid, 2026]))
        .content.decode()
    )

    assert f'<a href="{reverse("groups-year-sk", args=[world.group_a.uuid, 2026])}"' in content
    assert world.group_year_a.sk_scan.name not in content
