"""The portal's main journeys under load (issue 11): see bench/README.md, "Load: bench/locustfile.py".

    locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless -u 50 -r 5 -t 5m --csv bench/load

Three kinds of user, on the bench data set (``manage.py bench_seed``; password ``bench-kbk-2026``,
or ``BENCH_PASSWORD``):

- ``OperatorEditing`` (weight 3): an OPD's operator opens one of its draft risalah, a step, and
  saves it through the autosave endpoint as the page's htmx does (the step form as rendered, the
  narrative changed), again and again, reloading the step for its new version.
- ``VerifikatorReviewing`` (weight 2): the bureau's verifikator on the filing dashboard, the
  trend, the list of submitted risalah and a review page.
- ``JuryScoring`` (weight 1): an internal jury member of this year's Gelar (``verifikator.2``,
  ``verifikator.3``: the external ones cannot log in on the bench) on their scoring page and a
  score form, saving one criterion as the phone does.

The run writes (step versions, history, scores, sessions, audit rows of the logins): point it at
a copy of kbk_bench, never at kbk_bench itself. Only locust's documented API is used
(``HttpUser``, ``task``, ``between``, ``on_start``, ``self.client`` with ``name=`` and
``catch_response=``).
"""

import os
import random
import re
import uuid
from html.parser import HTMLParser
from itertools import count

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-kbk-2026")
# Operators of OPDs and kecamatan with draft risalah this year (kbk_bench, seed 2026).
OPERATORS = os.environ.get(
    "BENCH_OPERATORS",
    "operator,operator.disdikbud,operator.distan,operator.disperindag,operator.disdukcapil,"
    "operator.kec-03,operator.setda,operator.rsud-sds,operator.dishub,operator.bappeda,operator.diskan,"
    "operator.rsud,operator.dppkb,operator.setwan,operator.kec-06,operator.brida,operator.kec-02,"
    "operator.dpmd,operator.dinsos,operator.bpkad,operator.disperkim,operator.dispora,operator.kec-10",
).split(",")
VERIFIKATORS = ["verifikator", "verifikator.4", "verifikator.5", "verifikator.6"]
JURIES = ["verifikator.2", "verifikator.3"]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_serial = count()


class FormFields(HTMLParser):
    """The fields a browser would send for the form with ``form_id``: inputs (checked boxes
    only), textareas and the selected options of selects."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select, self._selected = name, False
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])
            self._selected = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, form_id: str) -> list[list[str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    accounts: list[str] = []

    def on_start(self):
        self.number = next(_serial)
        self.username = self.accounts[self.number % len(self.accounts)]
        page = self.client.get("/masuk/", name="login page")
        with self.client.post(
            "/masuk/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            headers={"Referer": page.url},
            name="login",
            catch_response=True,
        ) as response:
            if "/masuk/" in response.url:
                response.failure(f"{self.username} was not logged in")

    def post(self, url: str, data, referer: str, name: str, **kwargs):
        """A POST as the page's script sends it: the CSRF cookie's token in the header."""
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": referer}
        headers.update(kwargs.pop("headers", {}))
        return self.client.post(url, data=data, headers=headers, name=name, **kwargs)


class OperatorEditing(PortalUser):
    weight = 3
    accounts = OPERATORS

    def on_start(self):
        super().on_start()
        listing = self.client.get("/risalah/?status=draft", name="risalah list (drafts)").text
        drafts = sorted(set(re.findall(rf'href="/risalah/({UUID})/"', listing)))
        self.risalah = drafts[self.number % len(drafts)] if drafts else None

    @task
    def autosave(self):
        if not self.risalah:
            return
        number = random.randint(1, 7)  # noqa: S311 - load, not secrets
        url = f"/risalah/{self.risalah}/langkah/{number}/"
        page = self.client.get(url, name="step page")
        fields = form_fields(page.text, "step-form")
        if not fields:
            return  # not writable now (submitted meanwhile)
        for field in fields:
            if field[0].endswith("narrative"):
                field[1] = f"{field[1].rstrip()[:2000]}\nCatatan beban {uuid.uuid4().hex[:8]}"
        with self.post(
            f"{url}simpan-otomatis/",
            [tuple(field) for field in fields],
            referer=page.url,
            name="step autosave",
            headers={"HX-Request": "true"},
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.success()  # two users on the same step: the page's conflict answer, by design
            elif response.status_code != 200:
                response.failure(f"autosave {response.status_code}")


class VerifikatorReviewing(PortalUser):
    weight = 2
    accounts = VERIFIKATORS

    @task(2)
    def dashboard(self):
        self.client.get("/dasbor/", name="dashboard")

    @task(1)
    def trend(self):
        self.client.get("/dasbor/tren/", name="trend")

    @task(3)
    def review(self):
        listing = self.client.get("/risalah/?status=submitted", name="risalah list (submitted)").text
        submitted = re.findall(rf'href="/risalah/({UUID})/"', listing)
        if submitted:
            self.client.get(f"/risalah/{random.choice(submitted)}/periksa/", name="review page")  # noqa: S311


class JuryScoring(PortalUser):
    weight = 1
    accounts = JURIES

    @task
    def score(self):
        page = self.client.get("/acara/penilaian/", name="jury's page")
        forms = re.findall(rf'href="(/acara/{UUID}/nilai/{UUID}/\d+/)"', page.text)
        if not forms:
            return
        url = random.choice(forms)  # noqa: S311
        sheet = self.client.get(url, name="score form").text
        criteria = re.findall(r'data-criterion="(\d+)"', sheet)
        if not criteria or "data-save-url" not in sheet:
            return  # a locked round: nothing to enter
        save = re.search(r'data-save-url="([^"]+)"', sheet).group(1)
        with self.post(
            save,
            {"criterion": random.choice(criteria), "points": "1", "comment": "", "key": uuid.uuid4().hex},  # noqa: S311
            referer=url,
            name="score save",
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.success()  # the round was locked meanwhile
            elif response.status_code != 200:
                response.failure(f"score save {response.status_code}: {response.text[:200]}")
