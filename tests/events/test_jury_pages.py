"""The bureau's jury pages: the jury list (staff from their accounts), assignment in bulk and
balanced, conflicts of interest with their reason, progress and the reminder e-mails."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent, MailKind, SentMail, Unit
from events import services
from events.models import ConflictOfInterest, Jury, JuryAssignment, JuryKind
from tests.events.factories import kreatif_groups, score_sheet
from tests.events.jury_world import make_panel
from tests.export_files import csv_rows, workbook_of
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau(login):
    client = login("verifikator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _pairs(round) -> set[tuple[str, str]]:
    return set(
        JuryAssignment.objects.filter(round=round).values_list(
            "jury__user__full_name", "participant__group__name"
        )
    )


def test_a_staff_member_is_added_from_the_accounts_of_the_bureaus_units(gelar, world, bureau):
    panel = make_panel(gelar, 1)
    staff = UserFactory(full_name="Budi Inspektorat", unit=world.unit_b)
    other_pemda = UnitFactory(name="Pemerintah Kota Lain")
    stranger = UserFactory(full_name="Orang Kota Lain", unit=other_pemda)
    page = bureau.get(panel.url("events-juries"), {"q": "Inspektorat"})
    assert [account.full_name for account in page.context["candidates"]] == ["Budi Inspektorat"]
    added = bureau.post(panel.url("events-jury-add"), {"account": staff.uuid}, follow=True)
    assert _messages(added) == ["Budi Inspektorat is on the jury; 0 conflicts of interest were found."]
    refused = bureau.post(panel.url("events-jury-add"), {"account": stranger.uuid}, follow=True)
    assert _messages(refused) == ["Choose an account from the list."]
    assert list(Jury.objects.values_list("user__full_name", "kind")) == [
        ("Budi Inspektorat", JuryKind.INTERNAL)
    ]
    html = bureau.get(panel.url("events-juries")).content.decode()
    assert html.count("<h1") == 1
    assert "Budi Inspektorat" in html and str(world.unit_b) in html


def test_a_staff_member_of_a_groups_opd_gets_the_conflict_with_its_reason(gelar, bureau):
    panel = make_panel(gelar, 2)
    opd = panel.groups[0].group.unit
    staff = UserFactory(
        full_name="Sari Dinas", unit=UnitFactory(parent=opd, name="UPT Sari", short_name="UPT Sari")
    )
    added = bureau.post(panel.url("events-jury-add"), {"account": staff.uuid}, follow=True)
    assert _messages(added) == ["Sari Dinas is on the jury; 1 conflict of interest was found."]
    page = bureau.get(panel.url("events-assignments", round=gelar.final)).content.decode()
    # The reason is stored in the portal's language, whoever's screen found it.
    reason = f"Sari Dinas bekerja di UPT Sari, di {opd}, OPD dari {panel.groups[0].group.name}."
    assert ConflictOfInterest.objects.get().reason == reason
    assert f"Sari Dinas does not score this group because {reason}" in page
    assert page.count('data-testid="conflict"') == 1
    assert page.count("<h1") == 1


def test_a_conflict_of_a_group_registered_after_the_jury_member_is_found_on_the_page(gelar, bureau):
    jury_unit = UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk), name="Dinas Baru")
    panel = make_panel(gelar, 1)
    jury = panel.guest("Andi Dinas", unit=jury_unit)
    (group,) = kreatif_groups(gelar, 1, unit=jury_unit)
    assert not ConflictOfInterest.objects.filter(jury=jury).exists()
    panel.assign(jury, [group])  # nothing recorded bars it yet
    panel.start()
    score_form = reverse("events-score", args=[gelar.event.uuid, group.uuid, gelar.final.order])
    jury_client = Client()
    jury_client.force_login(jury.user)
    assert jury_client.get(score_form).status_code == 200
    page = bureau.get(panel.url("events-assignments", round=gelar.final))
    assert [
        (c.jury.user.full_name, c.participant) for row in page.context["rows"] for c in row.conflicts
    ] == [("Andi Dinas", group)]
    # The assignment made before the conflict was known is withdrawn; the form is gone.
    assert _pairs(gelar.final) == set()
    assert jury_client.get(score_form).status_code == 404


def test_bulk_assignment_ticks_juries_and_groups_and_refuses_a_conflict(gelar, bureau):
    panel = make_panel(gelar, 3)
    a, b = panel.guest("Juri A"), panel.guest("Juri B")
    conflicted = panel.guest("Juri C", unit=UnitFactory(parent=panel.groups[2].group.unit))
    url = panel.url("events-assignments-add", round=gelar.final)
    first, second, third = panel.groups
    response = bureau.post(
        url, {"juries": [a.uuid, b.uuid], "participants": [first.uuid, second.uuid]}, follow=True
    )
    assert _messages(response) == ["4 assignments made."]
    refused = bureau.post(url, {"juries": [conflicted.uuid], "participants": [third.uuid]}, follow=True)
    (message,) = _messages(refused)
    assert message.startswith(f"Juri C may not score {third.group.name}: Juri C bekerja di ")
    assert _pairs(gelar.final) == {
        ("Juri A", first.group.name),
        ("Juri A", second.group.name),
        ("Juri B", first.group.name),
        ("Juri B", second.group.name),
    }


def test_balanced_assignment_through_the_page(gelar, bureau):
    panel = make_panel(gelar, 3)
    juries = [panel.guest(f"Juri {n}") for n in (1, 2, 3)]
    # Juri 4 works in the first group's OPD: never given that group.
    panel.guest("Juri 4", unit=panel.groups[0].group.unit)
    response = bureau.post(
        panel.url("events-assignments-balance", round=gelar.final), {"per_group": 2, "cap": 2}, follow=True
    )
    assert _messages(response) == ["6 assignments made."]
    per_group = {p.group.name: set() for p in panel.groups}
    for jury_name, group in _pairs(gelar.final):
        per_group[group].add(jury_name)
    assert [len(names) for names in per_group.values()] == [2, 2, 2]
    assert "Juri 4" not in per_group[panel.groups[0].group.name]
    loads = [JuryAssignment.objects.filter(jury__user__full_name=f"Juri {n}").count() for n in (1, 2, 3, 4)]
    assert sorted(loads) == [1, 1, 2, 2] and max(loads) <= 2
    # Asking for more juries than there are: the page names the groups left short.
    short = bureau.post(
        panel.url("events-assignments-balance", round=gelar.final), {"per_group": 4}, follow=True
    )
    assert _messages(short)[1] == (
        "Not enough jury members free of conflicts and under the cap for: "
        f"{panel.groups[0].group.name} (1 missing)."
    )
    assert len(juries) == 3


def test_an_assignment_is_taken_back_until_the_group_is_scored(gelar, bureau):
    panel = make_panel(gelar, 2)
    jury = panel.guest("Juri A")
    panel.assign(jury, panel.groups)
    panel.start()
    score_sheet(gelar, jury, panel.groups[0], gelar.final, {"yel_yel": 20})
    url = panel.url("events-assignment-remove", round=gelar.final)
    scored = bureau.post(url, {"jury": jury.uuid, "participant": panel.groups[0].uuid}, follow=True)
    assert _messages(scored) == ["This jury member has already scored the group in this round."]
    removed = bureau.post(url, {"jury": jury.uuid, "participant": panel.groups[1].uuid}, follow=True)
    assert _messages(removed) == [
        f"Juri A no longer scores {panel.groups[1].group.name} in {gelar.final.name}."
    ]
    assert _pairs(gelar.final) == {("Juri A", panel.groups[0].group.name)}


def test_a_deactivated_jury_member_is_left_out_of_the_balance_and_can_come_back(gelar, bureau):
    panel = make_panel(gelar, 1)
    jury = panel.guest("Juri A")
    gone = bureau.post(panel.url("events-jury-deactivate", jury_uuid=jury.uuid), follow=True)
    assert _messages(gone) == ["Juri A is no longer on the jury; their scores so far are kept."]
    balance = bureau.post(
        panel.url("events-assignments-balance", round=gelar.final), {"per_group": 1}, follow=True
    )
    assert _messages(balance)[0] == "0 assignments made."
    back = bureau.post(panel.url("events-jury-activate", jury_uuid=jury.uuid), follow=True)
    assert _messages(back) == ["Juri A is on the jury again."]
    assert Jury.objects.get(pk=jury.pk).is_active


def _progress_panel(gelar):
    panel = make_panel(gelar, 2)
    first, second = panel.groups
    done, partly, idle = panel.guest("Juri Selesai"), panel.guest("Juri Sebagian"), panel.guest("Juri Belum")
    for jury in (done, partly, idle):
        panel.assign(jury, panel.groups)
    conflicted = panel.guest("Juri Konflik")
    panel.assign(conflicted, [first])
    services.conflict_declare(
        jury=conflicted, participant=first, reason="Kerabat anggota.", by=conflicted.user
    )
    panel.start()
    full = {"yel_yel": 20, "atraksi": 20, "kostum": 15, "kekompakan": 15}
    for participant in panel.groups:
        score_sheet(gelar, done, participant, gelar.final, full)
    score_sheet(gelar, partly, first, gelar.final, full)
    score_sheet(gelar, partly, second, gelar.final, {"yel_yel": 10})
    return panel


def test_the_progress_grid_shows_who_scored_which_group(gelar, bureau):
    panel = _progress_panel(gelar)
    response = bureau.get(panel.url("events-progress", round=gelar.final))
    progress = response.context["progress"]
    assert [jury.user.full_name for jury in progress.juries] == [
        "Juri Selesai",
        "Juri Sebagian",
        "Juri Belum",
        "Juri Konflik",
    ]
    assert [
        [(c.assigned, c.done, c.scored, bool(c.conflict)) for c in row.cells] for row in progress.rows
    ] == [
        [(True, True, 4, False), (True, True, 4, False), (True, False, 0, False), (False, False, 0, True)],
        [(True, True, 4, False), (True, False, 1, False), (True, False, 0, False), (False, False, 0, False)],
    ]
    assert [(jury.done, jury.assigned) for jury in progress.juries] == [(2, 2), (1, 2), (0, 2), (0, 0)]
    assert [(row.done, row.assigned) for row in progress.rows] == [(2, 3), (1, 3)]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "3 of 6 assigned scorings done" in html
    # The grid refreshes itself: asked by htmx, only the fragment comes back.
    fragment = bureau.get(panel.url("events-progress", round=gelar.final), headers={"HX-Request": "true"})
    assert "<h1" not in fragment.content.decode()
    assert "3 of 6 assigned scorings done" in fragment.content.decode()


def test_the_progress_grid_exports_what_it_shows(gelar, bureau, login):
    panel = _progress_panel(gelar)
    first, second = panel.groups
    url = panel.url("events-progress", round=gelar.final)

    page = bureau.get(url).content.decode()
    sheet = workbook_of(bureau.get(url, {"format": "xlsx"}))
    rows = csv_rows(bureau.get(url, {"format": "csv"}))

    header = ["Group", "Unit", "Track", "Juri Selesai", "Juri Sebagian", "Juri Belum", "Juri Konflik"]
    header += ["Juries done", "Juries assigned"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        header,
        [
            first.group.name,
            str(first.group.unit),
            "KBK Kreatif",
            "scored",
            "scored",
            "not yet",
            "conflict",
            2,
            3,
        ],
        [
            second.group.name,
            str(second.group.unit),
            "KBK Kreatif",
            "scored",
            "1 of 4 criteria",
            "not yet",
            None,
            1,
            3,
        ],
    ]
    assert (sheet.freeze_panes, sheet["H2"].data_type) == ("A2", "n")
    assert rows[2] == [
        second.group.name,
        str(second.group.unit),
        "KBK Kreatif",
        "scored",
        "1 of 4 criteria",
        "not yet",
        "",
        "1",
        "3",
    ]
    assert 'data-testid="export-summary">(2 rows, 9 columns)</span>' in page
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, unit=gelar.event.organiser).count() == 2
    for persona, status in (("operator_a", 403), ("pimpinan_a", 403)):
        assert login(persona).get(url, {"format": "csv"}).status_code == status
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_the_reminder_goes_only_to_juries_with_unscored_groups(
    gelar, bureau, django_capture_on_commit_callbacks
):
    panel = _progress_panel(gelar)
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(panel.url("events-progress-remind", round=gelar.final), follow=True)
    assert _messages(response) == ["A reminder was sent to 2 jury members with unscored groups."]
    sent = {m.to[0]: m.body for m in mail.outbox}
    by_name = {jury.user.full_name: jury.user.email for jury in panel.juries}
    assert set(sent) == {by_name["Juri Sebagian"], by_name["Juri Belum"]}
    first, second = (p.group.name for p in panel.groups)
    partly = sent[by_name["Juri Sebagian"]]
    assert f"- {second} (KBK Kreatif)" in partly and f"- {first} (KBK Kreatif)" not in partly
    assert f"- {first} (KBK Kreatif)" in sent[by_name["Juri Belum"]]
    assert "http://testserver/acara/penilaian/" in partly
    assert set(SentMail.objects.values_list("kind", flat=True)) == {MailKind.EVENT_NOTICE}


def test_no_reminder_once_every_group_is_scored(gelar, bureau, django_capture_on_commit_callbacks):
    panel = make_panel(gelar, 1)
    jury = panel.guest("Juri A")
    panel.assign(jury, panel.groups)
    panel.start()
    score_sheet(
        gelar, jury, panel.groups[0], gelar.final, {"yel_yel": 1, "atraksi": 1, "kostum": 1, "kekompakan": 1}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(panel.url("events-progress-remind", round=gelar.final), follow=True)
    assert _messages(response) == ["No reminder sent: every jury member has scored all their groups."]
    assert mail.outbox == []


@pytest.mark.parametrize("groups", [1, 3])
def test_the_progress_page_runs_the_same_queries_for_1_and_3_groups(
    gelar, bureau, groups, django_assert_num_queries
):
    panel = make_panel(gelar, groups)
    for name in ("Juri A", "Juri B"):
        panel.assign(panel.guest(name), panel.groups)
    panel.start()
    score_sheet(gelar, panel.juries[0], panel.groups[0], gelar.final, {"yel_yel": 20})
    with django_assert_num_queries(15):
        response = bureau.get(panel.url("events-progress", round=gelar.final))
    assert len(response.context["progress"].rows) == groups


@pytest.mark.parametrize("groups", [1, 3])
def test_the_assignment_page_runs_the_same_queries_for_1_and_3_groups(
    gelar, bureau, groups, django_assert_num_queries
):
    panel = make_panel(gelar, groups)
    for name in ("Juri A", "Juri B"):
        panel.assign(panel.guest(name), panel.groups)
    # Conflicts of interest are looked for again on the page (with a savepoint): 8 of these.
    with django_assert_num_queries(21):
        response = bureau.get(panel.url("events-assignments", round=gelar.final))
    assert [len(row.juries) for row in response.context["rows"]] == [2] * groups
