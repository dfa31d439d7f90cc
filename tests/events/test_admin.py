"""The events models in the admin: every list opens, and scores cannot be edited there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events import models, services
from events.models import Score
from tests.events.factories import add_jury, kreatif_groups, score_sheet

EVENT_MODELS = [m for m in admin.site._registry if m._meta.app_label == "events"]


def test_every_events_model_is_registered():
    assert {m.__name__ for m in EVENT_MODELS} == set(models.__all__) - {
        "Aggregation",
        "CertificateKind",
        "ConflictSource",
        "EventKind",
        "EventStatus",
        "JuryKind",
        "RoundKind",
        "ScoreChange",
        # edited inline on the event (ScoreChange: on the score)
        "Round",
        "Track",
        "AwardTier",
    }


@pytest.mark.parametrize("model", EVENT_MODELS, ids=lambda m: m.__name__)
def test_the_admin_lists_open(gelar, login, model):
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, gelar.world.pemda)
    services.assignments_add(round=gelar.final, juries=[jury], participants=[participant], by=jury.user)
    score_sheet(gelar, jury, participant, gelar.final, {"yel_yel": 20})
    response = login("admin").get(reverse(f"admin:events_{model._meta.model_name}_changelist"))
    assert response.status_code == 200
    assert model._meta.verbose_name_plural.lower() in response.content.decode().lower()


def test_a_score_is_read_only_in_the_admin(gelar, login):
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, gelar.world.pemda)
    services.assignments_add(round=gelar.final, juries=[jury], participants=[participant], by=jury.user)
    score_sheet(gelar, jury, participant, gelar.final, {"yel_yel": 20})
    score = Score.objects.get()
    client = login("admin")
    url = reverse("admin:events_score_change", args=[score.pk])
    client.post(url, {"points": "30"})
    score.refresh_from_db()
    assert score.points == 20
