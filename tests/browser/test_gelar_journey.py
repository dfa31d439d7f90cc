"""A whole Gelar Budaya Kerja in the browser (issue 9's journey), from the bureau's create form to
the public page that verifies the winner's certificate.

The bureau (verifikator) creates the Gelar from the events list and, on the rounds page, removes
the desk screening of the risalah: this Gelar has the final presentation only. It opens
registration and registers three groups with a verified risalah in KBK Prestasi, straight into
the final (a group without one is refused there, in words). The bureau draws the presentation
order (the seed shown repeats the draw with events.planning.draw_order), builds the schedule and
starts the event. Three juries, each on a
360 px phone, enter every criterion of their three groups; the bureau locks the final round,
computes and checks the ranking (hand-computed here), publishes it and issues the certificates.
The winner's operator downloads the certificate; an anonymous visitor verifies its code.

Texts are checked in Indonesian, the portal's default, through the catalogue. Services are used
only for what the journey does not show: the world, the groups' verified risalah, the jury
accounts and (until the assignment page is merged) the jury assignment.
"""

import io
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from core.models import Unit
from events import services
from events.models import (
    Certificate,
    CertificateKind,
    Criterion,
    Event,
    EventStatus,
    JuryAssignment,
    JuryKind,
    Participant,
    Round,
    Score,
    Track,
)
from events.planning import draw_order
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import build_world
from tests.events.factories import verified_group
from tests.factories import UnitFactory, UserFactory

TITLE = "Gelar Budaya Kerja Kabupaten Contoh 2026"
PHONE = {"width": 360, "height": 740}

# Points per jury (1, 2, 3) and group, per criterion of the Prestasi rubric of the final round.
# The default rubric (risalah 50, presentasi 25, tanya jawab 15, dampak 10, weights equal to the
# maxima) makes each sheet's weighted total the sum of its points:
#   KBK Sehati:   89    + 85.5 + 92 = 266.5 -> mean 88.8333 (Juara I)
#   KBK Tangguh:  80    + 79   + 83 = 242   -> mean 80.6667 (Juara II)
#   KBK Bersinar: 70    + 72   + 72 = 214   -> mean 71.3333 (Juara III)
SCORES = {
    1: {
        "KBK Sehati": {"risalah": "45", "presentasi": "22", "tanya_jawab": "13", "dampak": "9"},
        "KBK Tangguh": {"risalah": "40", "presentasi": "20", "tanya_jawab": "12", "dampak": "8"},
        "KBK Bersinar": {"risalah": "35", "presentasi": "18", "tanya_jawab": "10", "dampak": "7"},
    },
    2: {
        "KBK Sehati": {"risalah": "44,5", "presentasi": "21", "tanya_jawab": "12", "dampak": "8"},
        "KBK Tangguh": {"risalah": "42", "presentasi": "19", "tanya_jawab": "11", "dampak": "7"},
        "KBK Bersinar": {"risalah": "38", "presentasi": "17", "tanya_jawab": "11", "dampak": "6"},
    },
    3: {
        "KBK Sehati": {"risalah": "46", "presentasi": "23", "tanya_jawab": "14", "dampak": "9"},
        "KBK Tangguh": {"risalah": "41", "presentasi": "21", "tanya_jawab": "13", "dampak": "8"},
        "KBK Bersinar": {"risalah": "36", "presentasi": "19", "tanya_jawab": "9", "dampak": "8"},
    },
}
EXPECTED_TOTALS = {"KBK Sehati": D("88.8333"), "KBK Tangguh": D("80.6667"), "KBK Bersinar": D("71.3333")}
COMMENT = "Data sebelum-sesudah pada langkah 6 sangat meyakinkan."


def indonesian(msgid: str, **params) -> str:
    """The interface text as the Indonesian pages show it."""
    with translation.override("id"):
        text = gettext(msgid)
    return text % params if params else text


def indonesian_n(singular: str, plural: str, n: int, **params) -> str:
    with translation.override("id"):
        return ngettext(singular, plural, n) % {"n": n, **params}


def decimal_id(value: D) -> str:
    """A total as the pages show it: two decimals, a decimal comma."""
    return f"{value:.2f}".replace(".", ",")


def points(text: str) -> D:
    return D(text.replace(",", "."))


@pytest.fixture
def prepared(transactional_db):
    """The world, three groups with a verified risalah of 2026 in three OPDs (KBK Sehati is group
    A, in the operator's Dinas Kesehatan), KBK Cerdas without one, and the jury accounts: two
    staff of the Inspektorat and an external guest, none of a participating OPD."""
    world = build_world()
    groups = {"KBK Sehati": verified_group(world)}
    for name, unit_name, short in (
        ("KBK Tangguh", "Dinas Perhubungan", "Dishub"),
        ("KBK Bersinar", "Kecamatan Kota", "Kec. Kota"),
    ):
        opd = UnitFactory(parent=Unit.objects.get(pk=world.pemda.pk), name=unit_name, short_name=short)
        groups[name] = verified_group(world, unit=opd, name=name)
    inspektorat = UnitFactory(
        parent=Unit.objects.get(pk=world.pemda.pk), name="Inspektorat", short_name="Inspektorat"
    )
    juries = [
        UserFactory(username="juri1", full_name="Rahmat Hidayat", unit=inspektorat),
        UserFactory(username="juri2", full_name="Sri Wahyuni", unit=inspektorat),
        UserFactory(username="juri3", full_name="Bambang Praktisi", unit=None),  # from industry
    ]
    return world, groups, juries


def new_person(browser: Browser, browser_context_args: dict, *, phone: bool = False):
    """A browser of one's own, its tab watched for CSP violations (and the pages it loads)."""
    args = {**browser_context_args, "viewport": PHONE} if phone else browser_context_args
    context: BrowserContext = browser.new_context(**args)
    page = context.new_page()
    track(page)
    csp: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page, csp


def alert(page: Page):
    return page.get_by_role("alert")


def open_event(page: Page, event: Event, *, check: bool = False) -> None:
    """From the menu ("Kegiatan") to the event's page, as anyone reaches it."""
    link = page.locator(f'#main-nav a[href="{reverse("events-list")}"]')
    expect(link).to_have_text(indonesian("Events"))
    link.click()
    if check:
        assert_accessible(page)
    page.locator(f'[data-testid=event-list] a[href="{reverse("events-detail", args=[event.uuid])}"]').click()
    expect(page.locator("h1")).to_have_text(event.title)


def change_status(page: Page, event: Event, to: str) -> None:
    page.locator(f'a[href="{reverse("events-status", args=[event.uuid, to])}"]').click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    label = indonesian(EventStatus(to).label)
    expect(alert(page)).to_contain_text(
        indonesian("%(title)s is now: %(status)s.", title=TITLE, status=label)
    )
    expect(page.locator("[data-testid=event-status]")).to_have_text(label)


def assign_juries(bureau: Page, live_server, event: Event, users, by) -> None:
    """Three juries on the jury page, each assigned to every group of the final by the balanced
    assignment. The staff are picked by search; the guest from industry is added through the
    service (the invitation by e-mail is walked in tests/events/test_jury_invitation.py)."""
    final = event.rounds.order_by("-order").first()
    for user in users:
        if user.unit is None:
            services.jury_add(
                event=event, user=user, by=by, kind=JuryKind.EXTERNAL, affiliation="PT Semen Contoh"
            )
            continue
        bureau.goto(f"{live_server.url}{reverse('events-juries', args=[event.uuid])}?q={user.full_name}")
        candidate = bureau.locator("[data-testid=candidates] li", has_text=user.full_name)
        candidate.get_by_role("button").click()
        expect(bureau.locator("[data-testid=juries]")).to_contain_text(user.full_name)
    assert_accessible(bureau)
    bureau.goto(live_server.url + reverse("events-assignments", args=[event.uuid, final.uuid]))
    expect(bureau.locator("#id_per_group")).to_have_value("3")
    bureau.locator(
        f'form[action="{reverse("events-assignments-balance", args=[event.uuid, final.uuid])}"] button[type=submit]'
    ).click()
    expect(alert(bureau)).to_be_visible()
    assert_accessible(bureau)
    assert JuryAssignment.objects.filter(round=final).count() == 3 * 3


def expected_ranking(criteria: list[Criterion]) -> list[tuple[str, D]]:
    """By hand: each sheet's sum of points / maximum * weight, the mean over the three juries."""
    totals = {}
    for name in SCORES[1]:
        sheets = [
            sum(points(SCORES[jury][name][c.code]) / c.max_points * c.weight for c in criteria)
            for jury in SCORES
        ]
        totals[name] = (sum(sheets) / len(sheets)).quantize(D("0.0001"))
    return sorted(totals.items(), key=lambda item: -item[1])


def score_groups(page: Page, live_server, event: Event, final: Round, order: list[Participant], jury: int):
    """One jury member on the phone: every criterion of each group, saved as it is entered."""
    criteria = list(Criterion.objects.filter(round=final, track=order[0].track).order_by("order"))
    page.goto(live_server.url + reverse("events-score", args=[event.uuid, order[0].uuid, final.order]))
    for position, participant in enumerate(order):
        name = participant.group.name
        expect(page.locator("h1")).to_have_text(name)
        if jury == 1 and position == 0:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert_accessible(page)  # the score form at 360 px
        for criterion in criteria:
            if jury == 1 and name == "KBK Sehati" and criterion.code == "risalah":
                page.fill(f"#id_comment_{criterion.pk}", COMMENT)  # sent with the points below
            field = page.locator(f"#id_points_{criterion.pk}")
            field.fill(SCORES[jury][name][criterion.code])
            field.press("Tab")  # a change is sent when the field is left
            expect(page.locator(f"#id_points_{criterion.pk}_state")).to_have_text(
                indonesian("Saved"), timeout=10_000
            )
        if position + 1 < len(order):
            page.locator('a[rel="next"]').click()
    expect(page.locator("#score-unsent")).to_be_hidden()


@pytest.mark.browser
def test_a_gelar_from_registration_to_the_verified_certificate(
    live_server, browser: Browser, browser_context_args, prepared
):
    world, groups, jury_users = prepared
    verifikator = world.users["verifikator"]
    people = []

    # --- 1. The bureau creates the Gelar and registers the groups --------------------------------
    bureau_context, bureau, bureau_csp = new_person(browser, browser_context_args)
    people.append((bureau_context, bureau, bureau_csp))
    log_in(bureau, live_server, verifikator)
    bureau.locator(f'#main-nav a[href="{reverse("events-list")}"]').click()
    expect(bureau.locator("h1")).to_have_text(indonesian("Events"))
    assert_accessible(bureau)
    bureau.locator(f'main a[href="{reverse("events-create")}"]').click()
    expect(bureau.locator("h1")).to_have_text(indonesian("Create event"))
    assert_accessible(bureau)
    bureau.select_option("#id_kind", "gelar")
    bureau.fill("#id_title", TITLE)
    expect(bureau.locator("#id_programme_year option:checked")).to_have_text("2026")
    bureau.select_option("#id_organiser", str(world.pemda.uuid))
    bureau.select_option("#id_scope", str(world.pemda.uuid))
    bureau.fill("#id_starts_on", "2026-09-10")
    bureau.fill("#id_ends_on", "2026-09-11")
    bureau.fill("#id_venue", "Pendopo Kabupaten Contoh")
    bureau.locator("main form button[type=submit]").click()
    expect(alert(bureau)).to_contain_text(indonesian("Event %(title)s created as a draft.", title=TITLE))
    event = Event.objects.get(title=TITLE)
    assert (event.starts_on, event.ends_on, event.organiser_id) == (
        date(2026, 9, 10),
        date(2026, 9, 11),
        world.pemda.pk,
    )
    desk = event.rounds.get(order=1)
    prestasi, kreatif = (
        Track.objects.get(event=event, code="prestasi"),
        Track.objects.get(event=event, code="kreatif"),
    )
    assert_accessible(bureau)  # the event detail

    # This Gelar has no desk screening: the bureau removes that round on the rounds page.
    bureau.locator(f'a[href="{reverse("events-rounds", args=[event.uuid])}"]').click()
    expect(bureau.locator("h1")).to_have_text(indonesian("Rounds"))
    expect(bureau.locator("[data-testid=round]")).to_have_count(2)
    assert_accessible(bureau)
    bureau.locator(f'a[href="{reverse("events-round-remove", args=[event.uuid, desk.uuid])}"]').click()
    expect(bureau.locator("h1")).to_have_text(indonesian("Remove the round %(name)s?", name=desk.name))
    assert_accessible(bureau)
    bureau.locator("main form button[type=submit]").click()
    expect(alert(bureau)).to_contain_text(indonesian("%(round)s was removed.", round=desk.name))
    expect(bureau.locator("[data-testid=round]")).to_have_count(1)
    expect(bureau.locator("[data-testid=not-removable]")).to_have_text(
        indonesian("The only round: it cannot be removed.")
    )
    assert_accessible(bureau)
    final = Round.objects.get(event=event)
    assert (final.order, final.kind) == (1, "presentation")
    open_event(bureau, event)

    change_status(bureau, event, EventStatus.REGISTRATION_OPEN)
    bureau.locator(f'a[href="{reverse("events-participants", args=[event.uuid])}"]').click()
    expect(bureau.locator("h1")).to_have_text(indonesian("Participants"))
    assert_accessible(bureau)
    for name in ("KBK Sehati", "KBK Tangguh", "KBK Bersinar"):
        candidate = bureau.locator("[data-testid=candidates] li", has_text=name)
        expect(candidate.locator(".badge")).to_have_text(indonesian("verified risalah"))
        candidate.locator("select").select_option(label=prestasi.name)
        candidate.locator("button[type=submit]").click()
        expect(alert(bureau)).to_contain_text(
            indonesian("%(group)s is registered in %(track)s.", group=name, track=prestasi.name)
        )
    expect(bureau.locator("[data-testid=participants] tbody tr")).to_have_count(3)

    # KBK Cerdas has no verified risalah: the form offers it KBK Kreatif only, and a form that
    # posts KBK Prestasi all the same (an old tab, a forged request) is refused in words.
    cerdas = bureau.locator("[data-testid=candidates] li", has_text="KBK Cerdas")
    expect(cerdas.locator(".badge")).to_have_text(indonesian("no verified risalah"))
    expect(cerdas.locator("select option")).to_have_text([kreatif.name])
    cerdas.locator("select").evaluate(
        "(select, value) => { select.add(new Option('Prestasi', value)); select.value = value; }",
        str(prestasi.uuid),
    )
    cerdas.locator("button[type=submit]").click()
    reason = indonesian(
        "%(track)s takes only groups with a verified risalah of %(year)s.", track=prestasi.name, year="2026"
    )
    expect(alert(bureau)).to_contain_text(
        indonesian("%(group)s was not registered: %(reason)s", group="KBK Cerdas", reason=reason)
    )
    assert not Participant.objects.filter(event=event, group=world.group_b).exists()
    assert_accessible(bureau)

    # Registration puts them straight into the final, the only round.
    assert Participant.objects.filter(event=event, current_round=final).count() == 3

    # --- 2. The presentation order by lottery, the schedule --------------------------------------
    open_event(bureau, event)
    bureau.locator(f'a[href="{reverse("events-lottery", args=[event.uuid])}"]').click()
    bureau.locator("main form button[type=submit]").click()  # no seed typed: a new random draw
    seed_text = bureau.locator("[data-testid=lottery-seed] strong")
    expect(seed_text).to_have_text(re.compile(r"^\d+$"))
    seed = int(seed_text.inner_text())
    expect(alert(bureau)).to_contain_text(
        indonesian_n(
            "Order of %(n)s group drawn with seed %(seed)s.",
            "Order of %(n)s groups drawn with seed %(seed)s.",
            3,
            seed=seed,
        )
    )
    # Anyone with the names and the seed repeats the draw: the base order is by name.
    drawn = draw_order(sorted(groups), seed)
    expect(bureau.locator("[data-testid=lottery-order] > li")).to_have_count(3)
    expect(bureau.locator("[data-testid=lottery-order] > li")).to_contain_text(drawn)
    event.refresh_from_db()
    assert event.lottery_seed == seed
    assert_accessible(bureau)
    # Drawn again with the recorded seed typed in: the same order.
    bureau.fill("#id_seed", str(seed))
    bureau.locator("main form button[type=submit]").click()
    expect(alert(bureau)).to_contain_text(str(seed))
    expect(bureau.locator("[data-testid=lottery-order] > li")).to_contain_text(drawn)

    bureau.locator(f'main form a[href="{reverse("events-detail", args=[event.uuid])}"]').click()
    bureau.locator(f'a[href="{reverse("events-schedule-build", args=[event.uuid])}"]').click()
    expect(bureau.locator("#id_days")).to_have_value("2")
    assert_accessible(bureau)
    bureau.locator("main form button[type=submit]").click()
    expect(alert(bureau)).to_contain_text(
        indonesian_n("Schedule built for %(n)s group.", "Schedule built for %(n)s groups.", 3)
    )
    rows = bureau.locator("[data-testid=schedule-day] tbody tr")
    expect(rows).to_have_count(3)  # 3 groups, the first break would come after the fifth
    times = ["08:00–08:20", "08:20–08:40", "08:40–09:00"]
    for number, (row, name, time) in enumerate(zip(rows.all(), drawn, times, strict=True), start=1):
        expect(row.locator("td").nth(0)).to_have_text(str(number))
        expect(row.locator("td").nth(1)).to_have_text(time)
        expect(row.locator("td").nth(2)).to_have_text(name)
    assert_accessible(bureau)

    # --- 3. Three juries -------------------------------------------------------------------------
    assign_juries(bureau, live_server, event, jury_users, verifikator)

    # --- 4. The event runs; each jury member scores on a phone ----------------------------------
    open_event(bureau, event)
    change_status(bureau, event, EventStatus.RUNNING)
    order = list(
        Participant.objects.in_round(final).select_related("group", "track").order_by("lottery_order")
    )
    assert [p.group.name for p in order] == drawn
    for number, user in enumerate(jury_users, start=1):
        context, phone, csp = new_person(browser, browser_context_args, phone=True)
        people.append((context, phone, csp))
        log_in(phone, live_server, user, check=number == 1)
        score_groups(phone, live_server, event, final, order, number)
        context.close()
    assert Score.objects.filter(round=final).count() == 3 * 3 * 4
    assert (
        Score.objects.get(
            round=final,
            jury__user=jury_users[0],
            participant=order[drawn.index("KBK Sehati")],
            criterion__code="risalah",
        ).comment
        == COMMENT
    )

    # --- 5. Lock, compute, check the ranking, publish, certificates ------------------------------
    criteria = list(Criterion.objects.filter(round=final, track=prestasi).order_by("order"))
    assert [(c.code, c.max_points, c.weight) for c in criteria] == [
        ("risalah", 50, 50),
        ("presentasi", 25, 25),
        ("tanya_jawab", 15, 15),
        ("dampak", 10, 10),
    ]
    expected = expected_ranking(criteria)
    assert expected == sorted(EXPECTED_TOTALS.items(), key=lambda item: -item[1])

    open_event(bureau, event)
    bureau.locator(
        f'[data-testid=event-results] a[href="{reverse("events-results", args=[event.uuid])}"]'
    ).click()
    bureau.locator(
        f'form[action="{reverse("events-round-lock", args=[event.uuid, final.uuid])}"] button'
    ).click()
    expect(alert(bureau)).to_contain_text(
        indonesian("%(round)s is locked: no score of it can change now.", round=final.name)
    )
    bureau.locator(
        f'form[action="{reverse("events-results-compute", args=[event.uuid, final.uuid])}"] button'
    ).click()
    expect(alert(bureau)).to_contain_text(
        indonesian("The results of %(round)s are computed.", round=final.name)
    )
    ranking = bureau.locator("#track-prestasi tbody tr")
    expect(ranking).to_have_count(3)
    tiers = ["Juara I", "Juara II", "Juara III"]
    for row, (rank, (name, total)) in zip(ranking.all(), enumerate(expected, start=1), strict=True):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(str(rank))
        expect(cells.nth(1)).to_have_text(name)
        expect(cells.nth(3)).to_have_text(decimal_id(total))
        expect(cells.nth(3 + len(criteria) + 1)).to_have_text("3")  # juries counted
        expect(cells.nth(3 + len(criteria) + 2)).to_have_text(tiers[rank - 1])
    # The winner's risalah average: (45 + 44,5 + 46) / 3.
    expect(ranking.first.locator("td").nth(4)).to_have_text("45,17")
    assert_accessible(bureau)  # the ranking

    bureau.locator(f'.breadcrumb a[href="{reverse("events-results", args=[event.uuid])}"]').click()
    bureau.locator(f'a[href="{reverse("events-results-publish", args=[event.uuid])}"]').click()
    assert_accessible(bureau)
    bureau.check("#id_confirm")
    bureau.locator("main form button.btn-success").click()
    expect(alert(bureau)).to_contain_text(indonesian("The results are published; everyone can see them now."))
    bureau.locator(f'form[action="{reverse("events-certificates-issue", args=[event.uuid])}"] button').click()
    expect(alert(bureau)).to_contain_text(
        indonesian(
            "Certificates ready: %(winners)d for winners, %(presenters)d for presenting groups.",
            winners=3,
            presenters=3,
        )
    )
    assert_accessible(bureau)
    winner = Participant.objects.get(event=event, group__name="KBK Sehati")
    certificate = Certificate.objects.get(participant=winner, kind=CertificateKind.WINNER)

    # --- 6. The winner's operator: results, feedback, the certificate ----------------------------
    group_context, operator, group_csp = new_person(browser, browser_context_args)
    people.append((group_context, operator, group_csp))
    log_in(operator, live_server, world.users["operator_a"])
    open_event(operator, event, check=True)
    expect(operator.locator("[data-testid=my-entries]")).to_contain_text("KBK Sehati")
    # The schedule was published to the groups when the event started.
    expect(operator.locator(f'a[href="{reverse("events-schedule", args=[event.uuid])}"]')).to_be_visible()
    assert_accessible(operator)
    operator.locator(f'a[href="{reverse("events-group-results", args=[event.uuid])}"]').click()
    expect(operator.locator("main .list-group-item")).to_have_count(1)  # his group only
    assert_accessible(operator)
    operator.locator(f'a[href="{reverse("events-feedback", args=[event.uuid, winner.uuid])}"]').click()
    final_block = operator.locator(f"#feedback-{final.uuid}")
    expect(final_block).to_contain_text(
        indonesian("Rank %(rank)s, total %(total)s", rank=1, total=decimal_id(EXPECTED_TOTALS["KBK Sehati"]))
    )
    expect(final_block).to_contain_text("Juara I")
    expect(final_block).to_contain_text(COMMENT)
    for user in jury_users:
        expect(operator.locator("main")).not_to_contain_text(user.full_name)  # juries by number only
    assert_accessible(operator)
    operator.go_back()
    link = operator.locator(
        f'a[href="{reverse("events-certificate-pdf", args=[event.uuid, certificate.uuid])}"]'
    )
    expect(link).to_contain_text("Juara I")
    with operator.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "KBK Sehati" in text
    assert "Juara I" in text and "Juara II" not in text
    assert certificate.verification_code in text

    # --- An anonymous visitor: the public results, then the certificate verified -----------------
    public_context, visitor, public_csp = new_person(browser, browser_context_args)
    people.append((public_context, visitor, public_csp))
    visitor.goto(live_server.url + reverse("events-results-public", args=[event.uuid]))
    public_rows = visitor.locator("#public-prestasi tbody tr")
    expect(public_rows).to_have_count(3)
    for rank, (row, (name, _total)) in enumerate(zip(public_rows.all(), expected, strict=True), start=1):
        expect(row.locator("td")).to_have_text([str(rank), name, groups[name].unit.name, tiers[rank - 1]])
    for user in jury_users:
        expect(visitor.locator("main")).not_to_contain_text(user.full_name)
    assert_accessible(visitor)
    visitor.locator(f'main a[href="{reverse("events-certificate-verify")}"]').click()
    assert_accessible(visitor)
    visitor.fill("#id_code", certificate.verification_code.lower())  # as typed off the paper
    visitor.locator("main form button").click()
    result = visitor.locator("#verify-result")
    expect(result).to_contain_text(indonesian("This certificate is valid."))
    expect(result).to_contain_text("KBK Sehati")
    expect(result).to_contain_text(TITLE)
    expect(result).to_contain_text("Juara I")
    assert_accessible(visitor)
    visitor.fill("#id_code", "SALAH999")
    visitor.locator("main form button").click()
    expect(result).to_contain_text(
        indonesian(
            "No certificate has the code %(code)s. Check the code for typing mistakes (the letters O "
            "and I are never used); if it is right, the certificate was not issued by this portal.",
            code="SALAH999",
        )
    )
    assert_accessible(visitor)

    # --- 7. No page broke the CSP -----------------------------------------------------------------
    assert [csp for _context, _page, csp in people] == [[]] * len(people)
    assert_every_page_checked(operator)
    assert_every_page_checked(visitor)
    for context in (bureau_context, group_context, public_context):
        context.close()
