"""The risalah pages as the writer (operator_a), readers (pimpinan_a, verifikator), the outsider,
a ketua with an account, and nobody logged in. Pages are read in English (the msgids)."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from demo.example_risalah import build_example_risalah
from groups.models import RosterRole
from risalah.models import Meeting, Risalah, RisalahStep, Status, Transition
from risalah.services import risalah_create
from tests.conftest import without_risalah
from tests.factories import GroupFactory, GroupYearFactory, UserFactory, complete_group_year


def client_for(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as chosen with the language switch
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_(world):
    return lambda persona: client_for(world.users[persona])


def step_url(risalah, number: int, name: str = "risalah-step") -> str:
    return reverse(name, kwargs={"uuid": risalah.uuid, "number": number})


def stored_step(risalah, number: int) -> RisalahStep:
    return RisalahStep.objects.get(risalah=risalah, method_step__number=number)


def ketua_with_account(world):
    member = world.group_year_a.members.get(role=RosterRole.KETUA)
    member.person.user = UserFactory(username="ketua.sehati")
    member.person.save()
    return member.person.user


def add_meetings(risalah, world, count: int = 6) -> None:
    people = [m.person for m in world.group_year_a.members.all()]
    for day in range(1, count + 1):
        meeting = Meeting.objects.create(
            risalah=risalah, date=date(2026, 4, day), duration_minutes=60, agenda=f"Rapat {day}"
        )
        meeting.attendees.set(people)


# --- list ----------------------------------------------------------------------------------


def test_the_list_shows_only_risalah_of_the_users_units(world, as_):
    other = risalah_create(
        group=world.group_b, programme_year=world.year, by=world.users["outsider"], theme="Sekolah ramah anak"
    )
    html = as_("operator_a").get(reverse("risalah-list")).content.decode()
    assert "KBK Sehati" in html and "Pelayanan cepat" in html
    assert "Sekolah ramah anak" not in html and str(other.uuid) not in html
    html = as_("outsider").get(reverse("risalah-list")).content.decode()
    assert "Sekolah ramah anak" in html and "KBK Sehati" not in html
    html = as_("verifikator").get(reverse("risalah-list")).content.decode()
    assert "Sekolah ramah anak" in html and "KBK Sehati" in html


def test_the_list_filters(world, as_):
    risalah_create(
        group=GroupFactory(unit=world.unit_a1, name="KBK Arsip"),
        programme_year=world.year,
        by=world.users["operator_a"],
        theme="Arsip tertib",
    )
    Risalah.objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    client = as_("operator_a")
    html = client.get(reverse("risalah-list"), {"status": "submitted"}).content.decode()
    assert "Pelayanan cepat" in html and "Arsip tertib" not in html
    html = client.get(reverse("risalah-list"), {"q": "arsip"}).content.decode()
    assert "Arsip tertib" in html and "Pelayanan cepat" not in html
    html = client.get(reverse("risalah-list"), {"unit": str(world.unit_b.uuid)}).content.decode()
    assert "Select a valid choice" in html  # not a unit of operator_a: shown and ignored
    html = client.get(reverse("risalah-list"), {"year": "2026", "status": "verified"}).content.decode()
    assert "No risalah matches these filters." in html
    html = client.get(
        reverse("risalah-list"), {"year": "2026", "unit": str(world.unit_a.uuid)}
    ).content.decode()
    assert "Arsip tertib" in html and "Pelayanan cepat" in html


def test_the_list_has_no_n_plus_one(world, as_, django_assert_num_queries):
    # 11: the page's keys, then its rows by key (core.pagination.KeyPaginator).
    client = as_("verifikator")
    client.get(reverse("risalah-list"))  # warm up (session, rules)
    with django_assert_num_queries(11):
        assert len(client.get(reverse("risalah-list")).context["page"]) == 1
    for index in range(2):
        group = GroupFactory(unit=world.unit_b, name=f"KBK Tambahan {index}")
        risalah_create(
            group=group, programme_year=world.year, by=world.users["outsider"], theme=f"Tema {index}"
        )
    with django_assert_num_queries(11):
        response = client.get(reverse("risalah-list"))
    assert len(response.context["page"]) == 3
    assert (
        response.content.decode().count("/risalah/") - response.content.decode().count("/risalah/baru") >= 3
    )


def test_a_ketua_with_an_account_sees_the_groups_risalah(world):
    html = client_for(ketua_with_account(world)).get(reverse("risalah-list")).content.decode()
    assert "Pelayanan cepat" in html


def test_a_ketua_without_a_role_finds_the_risalah_in_the_menu(world):
    html = client_for(ketua_with_account(world)).get(reverse("core-home")).content.decode()
    assert f'href="{reverse("risalah-list")}"' in html
    # an account that is neither a role holder nor a ketua/sekretaris does not get the entry
    stranger = UserFactory(username="tamu")
    assert (
        f'href="{reverse("risalah-list")}"'
        not in client_for(stranger).get(reverse("core-home")).content.decode()
    )


# --- create --------------------------------------------------------------------------------


def test_create_a_risalah(world, as_):
    group = GroupFactory(unit=world.unit_a1, name="KBK Arsip")
    client = as_("operator_a")
    html = client.get(reverse("risalah-create"), {"group": str(group.uuid)}).content.decode()
    assert f'<option value="{group.uuid}" selected>' in html
    assert "KBK Cerdas" not in html  # group_b is not operator_a's
    response = client.post(
        reverse("risalah-create"),
        {"group": str(group.uuid), "programme_year": "2026", "theme": "  Arsip   tertib "},
    )
    created = Risalah.objects.exclude(pk=world.risalah_a.pk).get()
    assert response["Location"] == reverse("risalah-title", kwargs={"uuid": created.uuid})
    assert (created.group, created.programme_year, created.theme) == (
        group,
        world.year,
        "Arsip tertib",
    )
    assert created.steps.count() == 7
    assert created.created_by == world.users["operator_a"]


def test_create_refuses_a_group_of_another_unit(world, as_):
    response = as_("outsider").post(
        reverse("risalah-create"), {"group": str(world.group_a.uuid), "programme_year": "2026"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Risalah.objects.count() == 1


# --- detail --------------------------------------------------------------------------------


def test_the_overview_for_the_writer(world, as_):
    html = (
        as_("operator_a")
        .get(reverse("risalah-detail", kwargs={"uuid": world.risalah_a.uuid}))
        .content.decode()
    )
    assert "<h1" in html and "Pelayanan cepat" in html
    assert "Menentukan Tema dan Judul" in html and "Standarisasi dan Rencana Berikutnya" in html
    assert reverse("risalah-submit", kwargs={"uuid": world.risalah_a.uuid}) in html
    assert "items must be fixed before submitting" in html
    assert "The group recorded 0 meetings; at least 6 are required." in html
    assert reverse("risalah-meetings", kwargs={"uuid": world.risalah_a.uuid}) in html  # evidence nav


def test_the_overview_for_a_reader_has_no_write_actions(world, as_):
    html = (
        as_("pimpinan_a")
        .get(reverse("risalah-detail", kwargs={"uuid": world.risalah_a.uuid}))
        .content.decode()
    )
    assert "Pelayanan cepat" in html
    assert reverse("risalah-submit", kwargs={"uuid": world.risalah_a.uuid}) not in html
    assert "Edit theme, title and conclusion" not in html


def test_the_overview_shows_completeness_per_step(world, as_):
    without_risalah(world)
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    add_meetings(risalah, world)
    html = as_("operator_a").get(reverse("risalah-detail", kwargs={"uuid": risalah.uuid})).content.decode()
    assert html.count(">complete<") == 7
    assert "The checker finds nothing missing." in html
    assert 'Number of meetings</dt><dd class="col-6">6</dd>' in html


# --- title ---------------------------------------------------------------------------------

TITLE = {
    "theme": "Pelayanan cepat",
    "direction": "increase",
    "metric": "persentase pasien dilayani kurang dari 60 menit",
    "baseline_value": "29,6",
    "target_value": "95",
    "unit_of_measure": "%",
    "place": "Puskesmas Sukamaju",
    "deadline": "2026-09",
    "title": "",
}


def test_the_title_is_composed_and_saved(world, as_):
    url = reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid})
    response = as_("operator_a").post(url, {**TITLE, "conclusion": " Target tercapai. ", "version": 0})
    assert response.status_code == 302
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.conclusion == "Target tercapai."
    assert world.risalah_a.title == (
        "Meningkatkan persentase pasien dilayani kurang dari 60 menit dari 29,6% menjadi 95% "
        "pada September 2026 di Puskesmas Sukamaju"
    )
    assert world.risalah_a.deadline == date(2026, 9, 30)
    assert str(world.risalah_a.baseline_value) == "29.60"


def test_the_title_preview_follows_the_typing(world, as_):
    url = reverse("risalah-title-preview", kwargs={"uuid": world.risalah_a.uuid})
    response = as_("operator_a").post(
        url, {**TITLE, "target_value": "97,5", "deadline": "", "version": 0}, headers={"hx-request": "true"}
    )
    html = response.content.decode()
    assert html.strip() == (
        '<p class="kbk-title-preview mb-0">Meningkatkan persentase pasien dilayani kurang dari 60 menit dari '
        "29,6% menjadi 97,5% di Puskesmas Sukamaju</p>"
    )
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.title == ""  # a preview saves nothing


def test_the_title_form_shows_errors_in_words(world, as_):
    url = reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid})
    response = as_("operator_a").post(
        url, {**TITLE, "baseline_value": "dua puluh", "deadline": "besok", "version": 0}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“dua puluh” is not a number. Write e.g. 29,6." in html
    assert "Give the month as year and month, e.g. 2026-09." in html
    assert 'value="dua puluh"' in html


def test_a_title_conflict_shows_both_versions_and_keeps_the_users_input(world, as_):
    url = reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid})
    as_("admin").post(url, {**TITLE, "theme": "Tema rekan", "version": 0})
    response = as_("operator_a").post(url, {**TITLE, "theme": "Tema saya", "version": 0})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved the title in the meantime" in html
    assert "Tema rekan" in html and 'value="Tema saya"' in html
    assert '<input type="hidden" name="version" value="1"' in html
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.theme == "Tema rekan"
    as_("operator_a").post(url, {**TITLE, "theme": "Tema saya", "version": 1})
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.theme == "Tema saya"


# --- steps ---------------------------------------------------------------------------------

STEP_1 = {
    "version": 0,
    "narrative": "Tim mendata masalah.",
    "problem_list-0-problem": "Waktu tunggu lama",
    "problem_list-0-target": "95",
    "problem_list-0-achievement": "29,6",
    "problem_list-0-unit": "%",
    "problem_list-0-chosen": "on",
    "problem_list-3-problem": "Rekam medis tidak lengkap",  # indices need not be consecutive
    "problem_list-3-target": "100",
    "problem_list-3-achievement": "78,5",
    "check_sheet-title": "Lembar periksa Januari",
    "check_sheet-0-label": "Antrean loket",
    "check_sheet-0-count": "312",
    "check_sheet-1-label": "Berkas hilang",
    "check_sheet-1-count": "241",
    "check_sheet-2-label": "",  # an empty row is dropped
    "check_sheet-2-count": "",
}


def test_the_step_page_for_the_writer(world, as_):
    html = as_("operator_a").get(step_url(world.risalah_a, 1)).content.decode()
    assert "Step 1: Menentukan Tema dan Judul" in html
    assert "Daftarkan masalah pelayanan dengan datanya" in html  # the method step's explanation
    assert 'hx-post="' + step_url(world.risalah_a, 1, "risalah-step-autosave") + '"' in html
    assert 'hx-trigger="input delay:2s, rowschanged delay:2s, retrysave"' in html
    assert '<input type="hidden" name="version" value="0" id="id_version">' in html
    assert 'name="problem_list-0-problem"' in html and 'name="check_sheet-title"' in html
    assert 'id="id_problem_list-row-template"' in html  # the template of a new row
    assert ">Save</button>" in html
    assert " disabled" not in html


def test_the_step_page_for_a_reader_is_read_only(world, as_):
    as_("operator_a").post(step_url(world.risalah_a, 1), STEP_1)
    html = as_("pimpinan_a").get(step_url(world.risalah_a, 1)).content.decode()
    assert "You may read this risalah but not change it." in html
    assert "hx-post" not in html and ">Save</button>" not in html
    assert re.search(
        r'<input type="text" name="problem_list-1-problem" value="Rekam medis tidak lengkap"[^>]* disabled',
        html,
    )
    assert 'name="problem_list-2-problem"' not in html  # no blank rows to fill for a reader
    assert re.search(r'<textarea name="narrative"[^>]* disabled', html)
    assert "data-add-row" not in html and "data-remove-row" not in html
    assert 'id="chart-pareto"' in html and "<svg" in html


def test_an_explicit_save_stores_the_tools_and_goes_on(world, as_):
    client = as_("operator_a")
    response = client.post(step_url(world.risalah_a, 1), {**STEP_1, "then": "next"})
    assert response["Location"] == step_url(world.risalah_a, 2)
    step = stored_step(world.risalah_a, 1)
    assert step.version == 1 and step.narrative == "Tim mendata masalah."
    assert step.data["problem_list"]["rows"] == [
        {"problem": "Waktu tunggu lama", "target": 95.0, "achievement": 29.6, "unit": "%", "chosen": True},
        {
            "problem": "Rekam medis tidak lengkap",
            "target": 100.0,
            "achievement": 78.5,
            "unit": "",
            "chosen": False,
        },
    ]
    assert step.data["check_sheet"] == {
        "title": "Lembar periksa Januari",
        "rows": [{"label": "Antrean loket", "count": 312.0}, {"label": "Berkas hilang", "count": 241.0}],
    }
    html = client.get(step_url(world.risalah_a, 1)).content.decode()
    assert "Step 1 was saved." in html
    assert 'id="chart-pareto"' in html and "<svg" in html
    assert 'value="29.6"' in html and "65.4%" in html  # the ranked deviation
    indonesian = Client()
    indonesian.force_login(world.users["operator_a"])
    html = indonesian.get(step_url(world.risalah_a, 1)).content.decode()
    assert 'value="29,6"' in html and "65,4%" in html  # numbers the Indonesian way


def test_an_invalid_save_re_displays_the_input_with_the_error(world, as_):
    response = as_("operator_a").post(
        step_url(world.risalah_a, 1), {**STEP_1, "check_sheet-1-count": "banyak"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“banyak” is not a number. Write e.g. 29,6." in html
    assert 'value="banyak"' in html and "Tim mendata masalah." in html
    assert stored_step(world.risalah_a, 1).version == 0


def test_a_step_conflict_shows_both_versions_and_loses_nothing(world, as_):
    # Both load version 0; the admin saves first; operator_a's save is refused, not lost.
    as_("admin").post(step_url(world.risalah_a, 1), {**STEP_1, "narrative": "Uraian rekan kerja."})
    response = as_("operator_a").post(
        step_url(world.risalah_a, 1), {**STEP_1, "narrative": "Uraian saya sendiri."}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "A colleague saved this step while you were writing" in html
    assert "Uraian rekan kerja." in html  # theirs
    assert "Uraian saya sendiri.</textarea>" in html  # mine, still in the form
    assert '<input type="hidden" name="version" value="1" id="id_version">' in html
    assert "hx-post" not in html  # no autosave until the writer chooses
    assert stored_step(world.risalah_a, 1).narrative == "Uraian rekan kerja."
    # Keep mine: save again on top of the latest version.
    as_("operator_a").post(
        step_url(world.risalah_a, 1), {**STEP_1, "narrative": "Uraian saya sendiri.", "version": 1}
    )
    step = stored_step(world.risalah_a, 1)
    assert (step.version, step.narrative) == (2, "Uraian saya sendiri.")


def test_the_causes_of_step_2_feed_step_3_and_the_dominant_ones_step_4(world, as_):
    client = as_("operator_a")
    client.post(
        step_url(world.risalah_a, 2),
        {
            "version": 0,
            "fishbone-problem": "Waktu tunggu lama",
            "fishbone-c-0-name": "Manusia",
            "fishbone-c-0-k-0-id": "aa11bb22",
            "fishbone-c-0-k-0-text": "Petugas kurang",
            "fishbone-c-4-name": "Kebijakan",
            "fishbone-c-4-k-2-id": "cc33dd44",
            "fishbone-c-4-k-2-text": "Belum ada SOP",
        },
    )
    assert stored_step(world.risalah_a, 2).data["fishbone"]["categories"] == [
        {"name": "Manusia", "causes": [{"id": "aa11bb22", "text": "Petugas kurang"}]},
        {"name": "Kebijakan", "causes": [{"id": "cc33dd44", "text": "Belum ada SOP"}]},
    ]
    html = client.get(step_url(world.risalah_a, 3)).content.decode()
    # Nothing tested yet: one row per fishbone cause is offered, the cause chosen.
    assert '<option value="aa11bb22" selected>Petugas kurang</option>' in html
    assert '<option value="cc33dd44">Belum ada SOP</option>' in html
    client.post(
        step_url(world.risalah_a, 3),
        {
            "version": 0,
            "cause_test-0-cause_id": "aa11bb22",
            "cause_test-0-count": "12",
            "cause_test-1-cause_id": "cc33dd44",
            "cause_test-1-count": "30",
            "cause_test-1-dominant": "on",
        },
    )
    rows = stored_step(world.risalah_a, 3).data["cause_test"]["rows"]
    assert rows[1] == {"cause_id": "cc33dd44", "cause": "Belum ada SOP", "count": 30.0, "dominant": True}
    html = client.get(step_url(world.risalah_a, 4)).content.decode()
    assert 'name="plan_5w1h-0-cause" value="Belum ada SOP"' in html
    assert "Petugas kurang" not in html
    member = world.group_year_a.members.select_related("person").first()
    assert f'value="{member.person.uuid}"' in html  # "who" offers the roster


# --- autosave ------------------------------------------------------------------------------


def test_autosave_answers_with_the_time_and_the_new_version(world, as_):
    response = as_("operator_a").post(
        step_url(world.risalah_a, 1, "risalah-step-autosave"), STEP_1, headers={"hx-request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"Saved \d\d:\d\d", html)
    assert '<input type="hidden" name="version" value="1" id="id_version" hx-swap-oob="true">' in html
    assert (
        '<div id="chart-pareto" class="kbk-chart chart-scroll my-3" tabindex="0" role="group" '
        'aria-label="Chart" hx-swap-oob="true"><svg'
    ) in html
    assert stored_step(world.risalah_a, 1).narrative == "Tim mendata masalah."


def test_autosave_on_an_old_version_is_refused_with_who_saved(world, as_):
    as_("admin").post(step_url(world.risalah_a, 1), {**STEP_1, "narrative": "Versi admin"})
    response = as_("operator_a").post(
        step_url(world.risalah_a, 1, "risalah-step-autosave"), {**STEP_1, "narrative": "Versi saya"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert f"{world.users['admin']} saved this step at" in html
    assert "are NOT saved" in html and 'name="then" value="compare"' in html
    assert stored_step(world.risalah_a, 1).narrative == "Versi admin"


def test_autosave_after_the_session_expired_keeps_the_text_in_the_page(world):
    response = client_for(None).post(
        step_url(world.risalah_a, 1, "risalah-step-autosave"), STEP_1, headers={"hx-request": "true"}
    )
    html = response.content.decode()
    # Not a redirect that htmx would follow and swap in: a failure the page's script shows.
    assert (response.status_code, response["KBK-Save-State"]) == (401, "session-expired")
    assert "Saving failed." in html and "Your session has ended" in html
    assert f'href="{reverse("login")}" target="_blank"' in html
    assert stored_step(world.risalah_a, 1).version == 0


def test_autosave_with_a_wrong_number_says_what_to_fix(world, as_):
    response = as_("operator_a").post(
        step_url(world.risalah_a, 1, "risalah-step-autosave"), {**STEP_1, "problem_list-0-target": "x"}
    )
    html = response.content.decode()
    assert (response.status_code, response["KBK-Save-State"]) == (400, "invalid")
    assert "Saving failed." in html
    assert (
        '<li data-field="id_problem_list-0-target" data-error="“x” is not a number. Write e.g. 29,6.">'
        "Problem list — Target: “x” is not a number. Write e.g. 29,6.</li>"
    ) in html
    assert stored_step(world.risalah_a, 1).version == 0


def test_autosave_by_a_reader_is_refused(world, as_):
    response = as_("pimpinan_a").post(step_url(world.risalah_a, 1, "risalah-step-autosave"), STEP_1)
    assert response.status_code == 403
    assert "You may read this risalah but not change it." in response.content.decode()
    assert stored_step(world.risalah_a, 1).version == 0


# --- who may write -------------------------------------------------------------------------


def test_a_ketua_with_an_account_may_write(world):
    client = client_for(ketua_with_account(world))
    html = client.get(step_url(world.risalah_a, 1)).content.decode()
    assert "hx-post" in html
    response = client.post(step_url(world.risalah_a, 1), STEP_1)
    assert response.status_code == 302
    assert stored_step(world.risalah_a, 1).updated_by.username == "ketua.sehati"


def test_an_anggota_with_an_account_does_not_see_the_risalah(world):
    member = world.group_year_a.members.filter(role=RosterRole.ANGGOTA).first()
    member.person.user = UserFactory()
    member.person.save()
    assert client_for(member.person.user).get(step_url(world.risalah_a, 1)).status_code == 404


def test_the_outsider_gets_404_everywhere(world, as_):
    client = as_("outsider")
    for url in (
        reverse("risalah-detail", kwargs={"uuid": world.risalah_a.uuid}),
        step_url(world.risalah_a, 1),
    ):
        assert client.get(url).status_code == 404
    assert client.post(step_url(world.risalah_a, 1), STEP_1).status_code == 404
    assert stored_step(world.risalah_a, 1).version == 0


def test_a_reader_posting_a_step_gets_403(world, as_):
    response = as_("verifikator").post(step_url(world.risalah_a, 1), STEP_1)
    assert response.status_code == 403
    assert stored_step(world.risalah_a, 1).version == 0


def test_an_unknown_step_number_is_404(world, as_):
    assert as_("operator_a").get(step_url(world.risalah_a, 8)).status_code == 404


# --- submit --------------------------------------------------------------------------------


def test_submit_lists_the_blocking_items(world, as_):
    url = reverse("risalah-submit", kwargs={"uuid": world.risalah_a.uuid})
    html = as_("operator_a").get(url).content.decode()
    assert "The risalah cannot be submitted yet." in html
    assert "Step 1 (Menentukan Tema dan Judul) has no content yet" in html
    assert "Submit to the bureau" not in html
    response = as_("operator_a").post(url)
    assert response.status_code == 200
    assert "The risalah was not submitted" in response.content.decode()
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.status == Status.DRAFT


def test_submit_a_complete_risalah_then_it_is_read_only(world, as_):
    without_risalah(world)
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    add_meetings(risalah, world)
    client = as_("operator_a")
    url = reverse("risalah-submit", kwargs={"uuid": risalah.uuid})
    assert "Submit to the bureau" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("risalah-detail", kwargs={"uuid": risalah.uuid})
    risalah.refresh_from_db()
    assert risalah.status == Status.SUBMITTED
    assert Transition.objects.filter(risalah=risalah, to_status=Status.SUBMITTED).count() == 1
    html = client.get(step_url(risalah, 1)).content.decode()
    assert "This risalah is submitted; the group can no longer change it." in html
    assert "hx-post" not in html


def test_a_submitted_risalah_refuses_writes_with_a_message(world, as_):
    Risalah.objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    client = as_("operator_a")
    for response in (
        client.post(step_url(world.risalah_a, 1), STEP_1),
        client.post(step_url(world.risalah_a, 1, "risalah-step-autosave"), STEP_1),
        client.post(reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid}), {**TITLE, "version": 0}),
        client.get(reverse("risalah-submit", kwargs={"uuid": world.risalah_a.uuid})),
    ):
        assert response.status_code == 403
        assert (
            "This risalah is submitted and can no longer be changed by the group."
            in response.content.decode()
        )
    assert stored_step(world.risalah_a, 1).version == 0


# --- other methods -------------------------------------------------------------------------


def test_the_eight_step_method_puts_causes_and_their_test_on_one_page(world, as_):
    from risalah.models import Method
    from risalah.year_rules import year_rules
    from tests.factories import ProgrammeYearFactory

    year = ProgrammeYearFactory(year=2027)
    complete_group_year(GroupYearFactory(group=world.group_a, programme_year=year))
    rules = year_rules(year)
    rules.method = Method.objects.get(code="gkm-8")
    rules.save()
    risalah = build_example_risalah(group=world.group_a, programme_year=year, by=world.users["operator_a"])
    html = as_("operator_a").get(step_url(risalah, 3)).content.decode()
    assert 'id="tool-fishbone"' in html and 'id="tool-cause_test"' in html and 'id="tool-scatter"' in html
    assert 'id="chart-fishbone"' in html and 'id="chart-cause_pareto"' in html
    assert "Step 8" in html
