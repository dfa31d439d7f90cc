"""The risalah's history page takes the same queries for one round of edits, review notes and
a return as for five, each by another operator (issue 11)."""

from django.test import Client
from django.urls import reverse

from core.models import Role
from risalah import review
from risalah.models import Risalah, RisalahStep, Status
from risalah.services import step_save
from tests.factories import RoleFactory, UserFactory


def under_review(risalah: Risalah) -> Risalah:
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.IN_REVIEW)
    risalah.refresh_from_db()
    return risalah


def edit_and_return(world, rounds: range) -> None:
    """Each round another operator writes a step's narrative twice, then the verifikator notes that
    step and returns the risalah."""
    risalah = world.risalah_a
    verifikator = world.users["verifikator"]
    for n in rounds:
        by = UserFactory(username=f"operator_{n}", full_name=f"Operator Ke-{n}", unit=world.unit_a)
        RoleFactory(user=by, role=Role.OPERATOR, unit=world.unit_a)
        step = RisalahStep.objects.select_related("method_step", "risalah").get(
            risalah=risalah, method_step__number=1 + n % 7
        )
        for narrative in (
            f"Uraian awal {n}",
            f"Uraian versi {n}",
        ):  # a step's first version has nothing to compare with
            step = step_save(step=step, data=step.data, narrative=narrative, base_version=step.version, by=by)
        risalah = under_review(risalah)
        review.review_note_add(risalah=risalah, step=step, text=f"Catatan ke-{n}", by=verifikator)
        review.risalah_return(risalah=risalah, by=verifikator)
        risalah.refresh_from_db()


def test_risalah_history_takes_the_same_queries_for_one_round_as_for_five(world, django_assert_num_queries):
    client = Client()
    client.force_login(world.users["pimpinan_a"])
    history = reverse("risalah-history", args=[world.risalah_a.uuid])
    client.get(history)  # warm up (session)
    edit_and_return(world, range(0, 1))
    with django_assert_num_queries(14):
        html = client.get(history).content.decode()
    assert "Uraian versi 0" in html and "Catatan ke-0" in html
    edit_and_return(world, range(1, 5))
    with django_assert_num_queries(14):
        html = client.get(history).content.decode()
    assert [f"Uraian versi {n}" in html for n in range(5)] == [True] * 5
    assert [f"Catatan ke-{n}" in html for n in range(5)] == [True] * 5
    assert [f"Operator Ke-{n}" in html for n in range(5)] == [True] * 5
