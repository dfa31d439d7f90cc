"""The printed risalah: a real PDF whose text holds the title, the group, every step, the page
numbers and the charts' own text; rendered in Indonesian; fetching nothing from outside."""

import importlib
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from demo.example_evidence import add_example_evidence
from demo.example_risalah import build_example_risalah
from risalah.charts import check_svg, pareto
from risalah.models import MethodStep, Risalah
from risalah.pdf import Resources, private_fetcher, weasyprint
from tests.conftest import without_risalah

pytestmark = pytest.mark.django_db


def in_indonesian(text: str, **values) -> str:
    with translation.override("id"):
        translated = gettext(text)
    return translated % values if values else translated


def flat(text: str) -> str:
    """Page text with line breaks and runs of spaces folded, hyphenation at line ends undone."""
    return " ".join(re.sub(r"(\w)[-\u2010\u00ad]\n(\w)", r"\1\2", text).split())


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture
def example(world):
    by = world.users["operator_a"]
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=by)
    add_example_evidence(risalah=risalah, by=by)
    Risalah.objects.filter(pk=risalah.pk).update(
        conclusion="Target tercapai: 96,2% pasien dilayani kurang dari 60 menit."
    )
    return Risalah.objects.get(pk=risalah.pk)


@pytest.fixture(scope="module")
def printed():
    """The example's rendered PDF, kept across the tests of this module: rendering it takes
    seconds and the tests below only read it (test_a_draft_prints_with_empty_sections renders
    afresh)."""
    return {}


@pytest.fixture
def example_pdf(request, printed):
    """The example risalah's PDF as pimpinan A downloads it, and the example it was made from
    (built only for the first test that asks)."""
    if "response" not in printed:
        example = request.getfixturevalue("example")
        login = request.getfixturevalue("login")
        printed["example"] = Risalah.objects.select_related("group").get(pk=example.pk)
        printed["ketua"] = example.group.years.get().members.get(role="ketua").person
        printed["steps"] = list(MethodStep.objects.filter(method=example.method))
        printed["response"] = login("pimpinan_a").get(reverse("risalah-pdf", args=[example.uuid]))
    return printed


def test_the_example_risalah_prints_completely(example_pdf):
    example, response = example_pdf["example"], example_pdf["response"]
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="risalah-kbk-sehati-2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    pages = pdf_pages(response)
    text = flat("\n".join(pages))
    count = len(pages)
    assert count >= 12

    # Cover: theme, title, group, unit, year.
    cover = flat(pages[0])
    for expected in (example.theme, example.title, "KBK Sehati", "Puskesmas Sukamaju", "2026"):
        assert expected in cover
    # Every step has its heading; the conclusion and the roster are there.
    for step in example_pdf["steps"]:
        heading = in_indonesian("Step %(number)s: %(name)s", number=step.number, name=step.name)
        assert heading in text
    assert "Target tercapai: 96,2% pasien dilayani kurang dari 60 menit." in text
    ketua = example_pdf["ketua"]
    assert ketua.name in text and ketua.nip in text
    # Computed meeting figures (8 meetings of the demo evidence).
    assert in_indonesian("Number of meetings") + " 8" in text
    # Page numbers in the footer of every page but the cover.
    for number in (2, count):
        label = in_indonesian("Page %(page)s of %(pages)s", page=number, pages=count)
        assert label in flat(pages[number - 1])
    assert in_indonesian("Page %(page)s of %(pages)s", page=1, pages=count) not in cover
    # The charts are inline SVG: their own text is text in the PDF.
    assert "UCL = 99,24" in text  # the control chart's limit label
    step_2 = flat(next(page for page in pages if "Menganalisis Penyebab" in page and "Mesin/Sarana" in page))
    assert step_2.count("Mesin/Sarana") >= 2  # in the table and as a bone of the fishbone
    assert "Rencana" in text or "Plan" in text  # the schedule chart's legend
    # The tool tables: the ranked problem list with its deviation, the 5W+1H row's who.
    assert "65,4%" in text  # 95 - 29,6
    assert "Menerapkan pendaftaran elektronik di SIMPUS" in text


def test_the_logo_and_photos_are_embedded(example_pdf):
    reader = PdfReader(io.BytesIO(example_pdf["response"].content))
    images = {image.name: image.image.size for page in reader.pages for image in page.images}
    # The group's logo (64 x 64), the 4 photos of the steps and the 3 photos of meetings (thumbnails).
    assert sorted(images.values()) == [(64, 64)] + [(400, 267)] * 7


def test_a_draft_prints_with_empty_sections(world, login):
    client = login("operator_a")
    client.cookies["django_language"] = "en"  # the document is Indonesian whatever the reader's menu
    response = client.get(reverse("risalah-pdf", args=[world.risalah_a.uuid]))
    text = flat("\n".join(pdf_pages(response)))
    assert "Pelayanan cepat" in text
    assert "KBK Sehati" in text
    assert in_indonesian("Not filled in.") in text
    assert in_indonesian("Members") in text
    for step in MethodStep.objects.filter(method=world.risalah_a.method):
        assert step.name in text


def test_outsiders_get_no_pdf(world, login):
    for persona in ("outsider",):
        response = login(persona).get(reverse("risalah-pdf", args=[world.risalah_a.uuid]))
        assert response.status_code == 404
        assert not response.content.startswith(b"%PDF")
    assert login("anonymous").get(reverse("risalah-pdf", args=[world.risalah_a.uuid])).status_code == 302


def test_the_fetcher_serves_only_our_resources(world):
    resources = Resources()
    logo_url = resources.add_image(world.group_a.logo)
    fetcher = private_fetcher(resources)
    response = fetcher.fetch(logo_url)
    assert response.content_type == "image/png"
    assert response.read().startswith(b"\x89PNG")
    assert fetcher.fetch("data:text/plain,halo").read() == b"halo"
    for url in (
        "http://127.0.0.1:9/logo.png",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "kbk:/99.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_charts_drawn_after_printing_stay_plain_svg():
    """Importing WeasyPrint takes the "" XML prefix from SVG; the printer gives it back."""
    importlib.reload(importlib.import_module("weasyprint.pdf.metadata"))  # as on the first import
    weasyprint()
    svg = pareto([("Antrean", 12), ("Berkas", 5)], "Penyebab")
    assert svg.startswith("<svg ")
    check_svg(svg)
