"""Unit pages: the tree list with its filters and counts, creating, editing and moving units.

The world's verifikator holds the whole Pemkab; ``unit_verifikator`` holds only Dinas
Kesehatan (unit A, with Puskesmas A1) and must not see or touch Dinas Pendidikan (unit B).
"""

import pytest
from django.urls import reverse

from core.models import Role, Unit, UnitKind
from tests.factories import GroupFactory, RoleFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def unit_verifikator(world):
    user = UserFactory(username="verif_dinkes", unit=world.unit_a)
    RoleFactory(user=user, role=Role.VERIFIKATOR, unit=world.unit_a)
    return user


@pytest.fixture
def as_unit_verifikator(client, unit_verifikator):
    client.force_login(unit_verifikator)
    return client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def listed(response) -> list[tuple[str, int, int, int]]:
    """(code, indent, sub-units, active groups) of the listed units, in order."""
    return [(u.code, u.indent, u.numchild, u.group_count) for u in response.context["page"]]


def tree_is_sound() -> bool:
    return all(problem == [] for problem in Unit.objects.find_problems())


# --- list -----------------------------------------------------------------------------


def test_list_shows_the_whole_tree_indented_with_counts(login, world):
    GroupFactory(unit=world.unit_a1, name="KBK Tidak Aktif", is_active=False)
    response = login("verifikator").get(reverse("core-unit-list"))
    assert listed(response) == [
        ("PEMDA", 0, 2, 0),
        ("DINKES", 1, 1, 0),
        ("PKM-SKM", 2, 0, 1),  # the inactive group is not counted
        ("DISDIK", 1, 0, 1),
    ]
    page = html(response)
    assert "Puskesmas Sukamaju" in page
    assert reverse("core-unit-edit", args=[world.unit_a1.uuid]) in page
    assert f"{reverse('core-unit-create')}?induk={world.unit_a.uuid}" in page


def test_unit_verifikator_sees_only_his_subtree(as_unit_verifikator, world):
    response = as_unit_verifikator.get(reverse("core-unit-list"))
    assert listed(response) == [("DINKES", 0, 1, 0), ("PKM-SKM", 1, 0, 1)]
    assert "Dinas Pendidikan" not in html(response)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"kind": UnitKind.PUSKESMAS}, ["PKM-SKM"]),
        ({"q": "pendidikan"}, ["DISDIK"]),
        ({"q": "pkm-skm"}, ["PKM-SKM"]),
        ({"q": "Dinkes"}, ["DINKES"]),
        ({"active": "0"}, ["OLD"]),
        ({"active": "1", "kind": UnitKind.OPD}, ["DINKES", "DISDIK"]),
    ],
)
def test_list_filters(login, world, query, codes):
    UnitFactory(parent=world.unit_b, kind=UnitKind.SEKOLAH, name="SD Lama", code="OLD", is_active=False)
    response = login("verifikator").get(reverse("core-unit-list"), query)
    assert [code for code, *_ in listed(response)] == codes


def test_list_ignores_an_invalid_filter_and_says_so(login, world):
    response = login("verifikator").get(reverse("core-unit-list"), {"kind": "castle"})
    assert len(listed(response)) == 4
    assert "Select a valid choice. castle is not one of the available choices." in html(response)


def _list_units(client, world, tag: str, children: int, assert_num_queries) -> None:
    parent = UnitFactory(parent=world.pemda, name=f"Dinas Induk {tag}", code=f"P-{tag}")
    for number in range(children):
        unit = UnitFactory(parent=parent, name=f"Puskesmas {tag} {number}", code=f"{tag}-{number}")
        GroupFactory(unit=unit)
    with assert_num_queries(8):
        response = client.get(reverse("core-unit-list"), {"q": f"puskesmas {tag}"})
    assert len(response.context["page"]) == children
    assert all(unit.group_count == 1 for unit in response.context["page"])


def test_unit_list_has_no_n_plus_one(login, world, django_assert_num_queries):
    client = login("verifikator")
    _list_units(client, world, "satu", 1, django_assert_num_queries)
    _list_units(client, world, "tiga", 3, django_assert_num_queries)


# --- create ---------------------------------------------------------------------------


def unit_data(parent, **overrides):
    data = {
        "parent": parent.uuid if parent is not None else "",
        "kind": UnitKind.PUSKESMAS,
        "name": "Puskesmas Mekarsari",
        "short_name": "PKM Mekarsari",
        "code": "PKM-MKS",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_verifikator_adds_a_sub_unit(login, world):
    client = login("verifikator")
    response = client.post(reverse("core-unit-create"), unit_data(world.unit_a))
    assert response.status_code == 302
    assert response["Location"] == reverse("core-unit-list")
    unit = Unit.objects.get(code="PKM-MKS")
    world.unit_a.refresh_from_db()
    assert (unit.name, unit.short_name, unit.kind, unit.is_active) == (
        "Puskesmas Mekarsari",
        "PKM Mekarsari",
        UnitKind.PUSKESMAS,
        True,
    )
    assert unit.path.startswith(world.unit_a.path) and unit.depth == world.unit_a.depth + 1
    # Siblings stay in name order: Mekarsari comes before Sukamaju.
    children = list(Unit.objects.get_children(world.unit_a).values_list("code", flat=True))
    assert children == ["PKM-MKS", "PKM-SKM"]
    assert messages_of(client.get(response["Location"])) == ["The unit “Puskesmas Mekarsari” has been added."]
    assert tree_is_sound()


def test_create_form_preselects_the_parent_from_the_list_link(login, world):
    response = login("verifikator").get(reverse("core-unit-create"), {"induk": str(world.unit_a.uuid)})
    assert response.context["form"].initial["parent"] == world.unit_a


def test_only_an_admin_adds_a_top_level_unit(login, world):
    response = login("verifikator").post(reverse("core-unit-create"), unit_data(None, code="PEMKOT"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"parent": ["This field is required."]}
    assert not Unit.objects.filter(code="PEMKOT").exists()

    data = unit_data(
        None, code="PEMKOT", kind=UnitKind.PEMKOT, name="Pemerintah Kota Contoh", short_name="Pemkot"
    )
    response = login("admin").post(reverse("core-unit-create"), data)
    assert response.status_code == 302
    unit = Unit.objects.get(code="PEMKOT")
    assert unit.depth == 1
    assert tree_is_sound()


def test_unit_verifikator_cannot_add_under_a_unit_outside_his_subtree(as_unit_verifikator, world):
    response = as_unit_verifikator.post(reverse("core-unit-create"), unit_data(world.unit_b))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "parent": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not Unit.objects.filter(code="PKM-MKS").exists()
    parents = list(response.context["form"].fields["parent"].queryset.values_list("code", flat=True))
    assert parents == ["DINKES", "PKM-SKM"]


def test_create_refuses_a_code_in_use(login, world):
    response = login("verifikator").post(reverse("core-unit-create"), unit_data(world.unit_a, code="DISDIK"))
    assert response.context["form"].errors == {"code": ["Another unit already uses this code."]}
    assert Unit.objects.filter(code="DISDIK").count() == 1


def test_create_requires_the_names(login, world):
    response = login("verifikator").post(
        reverse("core-unit-create"), unit_data(world.unit_a, name="", short_name="")
    )
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "short_name": ["This field is required."],
    }


# --- edit -----------------------------------------------------------------------------


def edit_data(unit, parent, **overrides):
    data = {
        "parent": parent.uuid if parent is not None else "",
        "kind": unit.kind,
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "is_active": "on" if unit.is_active else "",
    }
    data.update(overrides)
    return data


def test_edit_form_shows_the_current_values(login, world):
    response = login("verifikator").get(reverse("core-unit-edit", args=[world.unit_a1.uuid]))
    form = response.context["form"]
    assert form.initial["parent"] == world.unit_a.uuid
    assert form.initial["code"] == "PKM-SKM"
    # A unit cannot be moved under itself or under one of its sub-units.
    response = login("verifikator").get(reverse("core-unit-edit", args=[world.unit_a.uuid]))
    parents = list(response.context["form"].fields["parent"].queryset.values_list("code", flat=True))
    assert parents == ["PEMDA", "DISDIK"]


def test_edit_renames_and_moves_a_unit_with_its_groups(login, world):
    client = login("verifikator")
    data = edit_data(world.unit_a1, world.unit_b, name="Puskesmas Sukamaju Baru", is_active="")
    response = client.post(reverse("core-unit-edit", args=[world.unit_a1.uuid]), data)
    assert response.status_code == 302
    unit = Unit.objects.get(pk=world.unit_a1.pk)
    world.unit_b.refresh_from_db()
    assert (unit.name, unit.is_active) == ("Puskesmas Sukamaju Baru", False)
    assert Unit.objects.get_parent(unit) == world.unit_b
    assert list(unit.groups.values_list("name", flat=True)) == ["KBK Sehati"]
    assert Unit.objects.get(code="DINKES").numchild == 0
    assert Unit.objects.get(code="DISDIK").numchild == 1
    assert messages_of(client.get(response["Location"])) == [
        "The unit “Puskesmas Sukamaju Baru” has been saved."
    ]
    assert tree_is_sound()


def test_renaming_keeps_siblings_in_name_order(login, world):
    client = login("verifikator")
    data = edit_data(world.unit_b, world.pemda, name="Badan Pendidikan")
    assert client.post(reverse("core-unit-edit", args=[world.unit_b.uuid]), data).status_code == 302
    children = list(Unit.objects.get_children(Unit.objects.get(code="PEMDA")).values_list("code", flat=True))
    assert children == ["DISDIK", "DINKES"]
    assert tree_is_sound()


def test_edit_refuses_moving_under_its_own_sub_unit(login, world):
    response = login("verifikator").post(
        reverse("core-unit-edit", args=[world.unit_a.uuid]), edit_data(world.unit_a, world.unit_a1)
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Unit.objects.get_parent(Unit.objects.get(code="DINKES")).code == "PEMDA"


def test_top_of_the_subtree_cannot_be_moved_by_its_verifikator(as_unit_verifikator, world):
    url = reverse("core-unit-edit", args=[world.unit_a.uuid])
    response = as_unit_verifikator.get(url)
    assert "parent" not in response.context["form"].fields
    assert "Parent unit: Pemerintah Kabupaten Contoh." in html(response)
    # A parent smuggled into the form is ignored; the other fields are saved.
    data = edit_data(world.unit_a, world.unit_b, short_name="Dinkes Kab")
    assert as_unit_verifikator.post(url, data).status_code == 302
    unit = Unit.objects.get(code="DINKES")
    assert unit.short_name == "Dinkes Kab"
    assert Unit.objects.get_parent(unit).code == "PEMDA"


def test_unit_verifikator_cannot_edit_outside_his_subtree(as_unit_verifikator, world):
    response = as_unit_verifikator.post(
        reverse("core-unit-edit", args=[world.unit_b.uuid]),
        edit_data(world.unit_b, world.pemda, name="Hacked"),
    )
    assert response.status_code == 404
    assert Unit.objects.get(code="DISDIK").name == "Dinas Pendidikan"


def test_reader_gets_403_and_changes_nothing(login, world):
    response = login("operator_a").post(
        reverse("core-unit-edit", args=[world.unit_a.uuid]),
        edit_data(world.unit_a, world.pemda, name="Hacked"),
    )
    assert response.status_code == 403
    assert Unit.objects.get(code="DINKES").name == "Dinas Kesehatan"


def test_admin_moves_a_unit_to_the_top_level(login, world):
    response = login("admin").post(
        reverse("core-unit-edit", args=[world.unit_b.uuid]), edit_data(world.unit_b, None)
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="DISDIK")
    assert unit.depth == 1
    assert Unit.objects.get(code="PEMDA").numchild == 1
    assert tree_is_sound()


def test_admin_renames_a_top_level_unit_and_it_keeps_its_place_in_name_order(login, world):
    UnitFactory(
        kind=UnitKind.PEMKOT, name="Pemerintah Kota Zamrud", short_name="Pemkot Zamrud", code="ZAMRUD"
    )
    client = login("admin")
    data = edit_data(world.pemda, None, name="Pemkab Zaitun")
    assert client.post(reverse("core-unit-edit", args=[world.pemda.uuid]), data).status_code == 302
    roots = list(Unit.objects.get_root_nodes().values_list("code", flat=True))
    assert roots == ["ZAMRUD", "PEMDA"]
    assert list(Unit.objects.get_children(Unit.objects.get(code="PEMDA")).values_list("code", flat=True)) == [
        "DINKES",
        "DISDIK",
    ]
    assert tree_is_sound()


def test_adding_and_saving_a_unit_is_in_the_audit_log(login, world):
    from core.models import AuditAction, AuditEvent

    client = login("verifikator")
    client.post(reverse("core-unit-create"), unit_data(world.unit_a))
    unit = Unit.objects.get(code="PKM-MKS")
    data = {**unit_data(world.unit_a), "name": "Puskesmas Mekarsari Baru"}
    client.post(reverse("core-unit-edit", args=[unit.uuid]), data)
    events = list(
        AuditEvent.objects.filter(action=AuditAction.UNIT_CHANGE)
        .order_by("pk")
        .values_list("actor__username", "unit__code", "details")
    )
    assert events == [
        ("verifikator", "PKM-MKS", {"change": "added"}),
        ("verifikator", "PKM-MKS", {"change": "saved"}),
    ]


def test_the_unit_pages_audit_rows_carry_the_clients_address(login, world):
    from core.models import AuditAction, AuditEvent

    client = login("verifikator")
    client.post(reverse("core-unit-create"), unit_data(world.unit_a), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action=AuditAction.UNIT_CHANGE)
    assert (event.target, event.ip_address) == ("PKM Mekarsari", "10.1.2.3")


def test_a_unit_change_and_its_audit_row_are_one_transaction(world):
    """The service writes the audit row: a caller's transaction that fails takes both back."""
    from django.db import transaction

    from core.models import AuditAction, AuditEvent
    from core.unit_services import unit_create, unit_update

    class Undo(Exception):
        pass

    by = world.users["verifikator"]
    fields = {"kind": UnitKind.PUSKESMAS, "short_name": "PKM Mekarsari", "code": "PKM-MKS"}
    with pytest.raises(Undo), transaction.atomic():
        unit = unit_create(parent=world.unit_a, name="Puskesmas Mekarsari", by=by, **fields)
        unit_update(
            unit=unit, parent=world.unit_a, name="Puskesmas Mekarsari Baru", is_active=True, by=by, **fields
        )
        assert list(
            AuditEvent.objects.filter(action=AuditAction.UNIT_CHANGE)
            .order_by("pk")
            .values_list("target", "details")
        ) == [("PKM Mekarsari", {"change": "added"}), ("PKM Mekarsari", {"change": "saved"})]
        raise Undo
    assert not Unit.objects.filter(code="PKM-MKS").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UNIT_CHANGE).exists()


def test_the_number_of_asn_is_recorded_on_the_unit_form(login, world):
    """The dashboard's share of ASN divides by it; empty means not known."""
    client = login("verifikator")
    assert (
        client.post(reverse("core-unit-create"), unit_data(world.unit_a, asn_count="120")).status_code == 302
    )
    assert Unit.objects.get(code="PKM-MKS").asn_count == 120

    url = reverse("core-unit-edit", args=[world.unit_a1.uuid])
    assert client.post(url, edit_data(world.unit_a1, world.unit_a, asn_count="45")).status_code == 302
    assert Unit.objects.get(pk=world.unit_a1.pk).asn_count == 45
    refused = client.post(url, edit_data(world.unit_a1, world.unit_a, asn_count="-3"))
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "asn_count": ["Ensure this value is greater than or equal to 0."]
    }
    assert 'value="-3"' in refused.content.decode()
    assert Unit.objects.get(pk=world.unit_a1.pk).asn_count == 45
    assert client.post(url, edit_data(world.unit_a1, world.unit_a, asn_count="")).status_code == 302
    assert Unit.objects.get(pk=world.unit_a1.pk).asn_count is None


def test_a_code_differing_only_in_case_is_refused_beside_the_field(login, world):
    response = login("verifikator").post(reverse("core-unit-create"), unit_data(world.unit_a, code="pkm-skm"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Another unit already uses this code."]}
    assert list(Unit.objects.filter(code__iexact="pkm-skm").values_list("code", flat=True)) == ["PKM-SKM"]


def test_a_formula_like_code_is_refused_beside_the_field(login, world):
    response = login("verifikator").post(reverse("core-unit-create"), unit_data(world.unit_a, code="=1+1"))
    assert response.context["form"].errors == {
        "code": [
            "A code may contain only letters, digits, spaces and . - _ /, and must start with a letter or a digit."
        ]
    }
