"""Building blocks of the document tests: results at steps 6 and 7 of a risalah, a Gelar with
results in its rounds, the Pemda's signatory (through the ORM and the services, as the other
report tests build their pictures)."""

import io
import re
from datetime import date

from pypdf import PdfReader

from events import services
from events.models import Event, EventKind, EventStatus, Result
from reports.models import DocumentSignatory
from risalah.models import MethodStep, Risalah, RisalahStep


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace collapsed (table cells wrap where they like)."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def add_results(
    risalah: Risalah,
    *,
    before: float,
    after: float,
    target: float,
    reached: bool,
    standard: tuple[str, str] = ("", ""),
    metric: str = "",
) -> None:
    """What steps 6 (before and after) and 7 (the standard: number, title) of a risalah say."""
    steps = {
        step.number: step for step in MethodStep.objects.filter(method=risalah.method, number__in=(6, 7))
    }
    RisalahStep.objects.update_or_create(
        risalah=risalah,
        method_step=steps[6],
        defaults={
            "data": {
                "before_after": {
                    "metric": metric,
                    "before": before,
                    "after": after,
                    "target": target,
                    "target_reached": reached,
                }
            }
        },
    )
    number, title = standard
    RisalahStep.objects.update_or_create(
        risalah=risalah,
        method_step=steps[7],
        defaults={
            "data": {"standard": {"number": number, "title": title, "summary": "", "socialisation": ""}}
        },
    )


def gelar(
    *, year, organiser, by, title: str, groups: list, winners: list, published: bool = True
) -> tuple[Event, dict]:
    """A Gelar of ``year`` where ``groups`` took part in the Kreatif track. Winners are ranked in
    the final round (Juara I, II, ... in the order given); the others only in the desk round.
    Returns the event and its participants by group name."""
    event = services.event_create(
        kind=EventKind.GELAR,
        title=title,
        programme_year=year,
        organiser=organiser,
        scope=organiser,
        starts_on=date(year.year, 9, 10),
        ends_on=date(year.year, 9, 10),
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    kreatif = event.tracks.get(code="kreatif")
    desk, final = event.rounds.order_by("order")
    tiers = list(event.award_tiers.order_by("rank"))
    participants = {}
    for group in groups:
        participant = services.participant_register(event=event, group=group, track=kreatif, by=by)
        participants[group.name] = participant
        won = group in winners
        rank = winners.index(group) + 1 if won else 1
        Result.objects.create(
            round=final if won else desk,
            track=kreatif,
            participant=participant,
            rank=rank,
            total=90 - rank,
            raw_total=90 - rank,
            jury_count=3,
            award_tier=tiers[rank - 1] if won else None,
        )
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.RESULTS_PUBLISHED if published else EventStatus.RUNNING
    )
    event.refresh_from_db()
    return event, participants


def signatory(unit) -> DocumentSignatory:
    return DocumentSignatory.objects.create(
        unit=unit,
        position="Kepala Bagian Organisasi",
        name="Dra. Sri Wahyuni, M.Si.",
        rank="Pembina Tingkat I (IV/b)",
        nip="197507082003122001",
        place="Kota Uji",
    )
