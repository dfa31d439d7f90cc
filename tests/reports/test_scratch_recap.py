import io
from datetime import date
import openpyxl
from reports.recap import write_recap
from tests.reports.test_indicators import indicators  # noqa: F401
from tests.reports.test_gelar_indicators import gelars  # noqa: F401
from tests.reports.test_bimtek_indicator import attendance  # noqa: F401

def test_smoke(picture, indicators, gelars, attendance, django_assert_num_queries):
    out = io.BytesIO()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as ctx:
        n = write_recap(year=picture.year, unit=picture.root, output=out, made_by="Biro", today=date(2026, 9, 1))
    print("queries", len(ctx.captured_queries), "rows", n)
    out.seek(0)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        print("==", ws.title, ws.freeze_panes)
        for row in ws.iter_rows(values_only=True):
            print(row)
