"""Pages, CSV and JSON go out gzip-compressed to a browser that accepts it
(core.middleware.CompressionMiddleware); files that are compressed already do not."""

import csv
import gzip
import io

from django.urls import reverse

from tests.export_files import content_of

BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(world, login):
    client = login("verifikator")
    plain = client.get(reverse("reports-dashboard"))
    packed = client.get(reverse("reports-dashboard"), **BROWSER)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "<h1" in html and "</html>" in html
    assert html.count("<tr") == plain.content.decode().count("<tr")
    assert len(packed.content) < len(plain.content) / 3


def test_a_streamed_csv_export_is_compressed_and_reads_back(world, login):
    response = login("verifikator").get(reverse("groups-list") + "?format=csv", **BROWSER)
    assert response["Content-Encoding"] == "gzip"
    data = gzip.decompress(content_of(response))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    names = {row[0] for row in rows[1:]}
    assert {world.group_a.name, world.group_b.name} <= names


def test_a_pdf_goes_out_as_it_is(world, login):
    response = login("operator_a").get(reverse("risalah-pdf", args=[world.risalah_a.uuid]), **BROWSER)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert content_of(response).startswith(b"%PDF")
