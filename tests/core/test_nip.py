"""One NIP normalisation and validation for every way a NIP enters the portal."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.imports import read_table
from core.imports.accounts import ACCOUNT_COLUMNS, ACCOUNT_REQUIRED, plan_account_import
from core.nip import clean_nip, nip_problems, normalise_nip
from groups.models import Person
from tests.factories import GroupFactory, PersonFactory

NIP = "198507142010011003"
ARABIC_INDIC = "١٩٨٥٠٧١٤٢٠١٠٠١١٠٠٣"  # the same NIP in Arabic-Indic digits
PERSIAN = "۱۹۸۵۰۷۱۴۲۰۱۰۰۱۱۰۰۳"  # Extended Arabic-Indic
FULL_WIDTH = "１９８５０７１４２０１０٠١１００３"


@pytest.mark.parametrize(
    "typed",
    [
        "19850714 201001 1 003",
        "19850714.201001.1.003",
        "19850714-201001-1-003",
        "19850714\u00a0201001\u00a01\u00a0003",  # non-breaking spaces from Word
        "19850714\t201001\t1\t003",
        "1985\u200b0714\u200b2010011003",  # zero-width spaces
        "\ufeff198507142010011003\u2060",  # byte-order mark, word joiner
        "19850714\u2013201001\u20131\u2013003",  # en dashes
        " 198507142010011003\n",
        ARABIC_INDIC,
        PERSIAN,
        FULL_WIDTH,
    ],
)
def test_separators_are_dropped_and_digits_of_other_scripts_are_the_same_nip(typed):
    assert normalise_nip(typed) == NIP
    assert nip_problems(typed) == []
    assert clean_nip(typed) == NIP


@pytest.mark.parametrize(
    ("typed", "problems"),
    [
        ("19850714201001100³", ["A NIP has only the digits 0-9; remove “³”."]),
        (
            "¹⁹⁸⁵⁰⁷¹⁴²⁰¹⁰⁰¹¹⁰⁰³",
            ["A NIP has only the digits 0-9; remove “¹”, “⁹”, “⁸”, “⁵”, “⁰”, “⁷”, “⁴”, “²”, “³”."],
        ),
        ("1985O7142010011003", ["A NIP has only the digits 0-9; remove “O”."]),
        ("½98507142010011003", ["A NIP has only the digits 0-9; remove “½”."]),
        ("12345", ["A NIP has exactly 18 digits (now: 5 characters)."]),
    ],
)
def test_anything_else_is_refused_in_words(typed, problems):
    with translation.override("en"):
        assert nip_problems(typed) == problems


@pytest.mark.django_db
def english(login, persona):
    client = login(persona)
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_a_superscript_digit_in_the_roster_form_is_an_error_beside_the_field_not_a_500(world, login):
    response = english(login, "operator_a").post(
        reverse("groups-roster", args=[world.group_a.uuid, 2026]),
        {"nip": "19850714 201001 1 00³", "role": "anggota", "name": "Siti", "unit": world.unit_a1.uuid},
    )

    assert response.status_code == 200
    assert response.context["add_form"].errors == {"nip": ["A NIP has only the digits 0-9; remove “³”."]}
    assert 'value="19850714 201001 1 00³"' in response.content.decode()


@pytest.mark.django_db
def test_arabic_indic_digits_find_the_same_person(world, login):
    known = PersonFactory(nip=NIP, name="Budi Santoso", unit=world.unit_a)
    group = GroupFactory(unit=world.unit_a1)

    english(login, "operator_a").post(
        reverse("groups-roster", args=[group.uuid, 2026]),
        {"nip": ARABIC_INDIC, "role": "anggota", "name": "Budi Santoso", "unit": world.unit_a1.uuid},
    )

    assert list(Person.objects.filter(name="Budi Santoso")) == [known]
    assert list(group.years.get().members.values_list("person", flat=True)) == [known.pk]


def account_plan(nip, user):
    header = ",".join(ACCOUNT_COLUMNS)
    row = f"budi,budi@example.go.id,Budi Santoso,{nip},DINKES,operator,"
    table = read_table(f"{header}\n{row}\n".encode(), columns=ACCOUNT_COLUMNS, required=ACCOUNT_REQUIRED)
    return plan_account_import(table=table, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nip", "errors"),
    [
        (
            "198513302010011003",  # 18 digits: the length check alone let this through
            ["row 2: NIP '198513302010011003': Digits 1-8 (19851330) are not a real birth date (YYYYMMDD)."],
        ),
        (
            "198507142010013003",
            ["row 2: NIP '198507142010013003': Digit 15 must be 1 (male) or 2 (female), not 3."],
        ),
        (
            "1985071420100110０³",
            ["row 2: NIP '19850714201001100³': A NIP has only the digits 0-9; remove “³”."],
        ),
    ],
)
def test_the_account_import_applies_the_forms_nip_checks(world, verifikator, nip, errors):
    with translation.override("en"):
        plan = account_plan(nip, verifikator)

    assert [error for row in plan.error_rows for error in row.errors] == errors


@pytest.mark.django_db
def test_the_account_import_normalises_the_nip_like_the_form(world, verifikator):
    plan = account_plan("19850714\u00a0201001 1.003", verifikator)

    assert (plan.is_valid, plan.rows[0].nip) == (True, NIP)
