"""Group pages: group_a (unit A1) belongs to operator_a and pimpinan_a; the outsider is of unit B.

POST rows send data that makes the view succeed (302) or re-display its form (200).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from groups.models import SeatConfirmation
from tests.factories import (
    PersonFactory,
    RosterMemberFactory,
    make_nip,
    pdf_bytes,
    png_bytes,
)
from tests.url_matrix import Row, expect

READ = expect(200, outsider=404)
WRITE_OK = 302  # a write that succeeds redirects
WRITE = expect(WRITE_OK, pimpinan_a=403, verifikator=403, outsider=404)
WRITE_PAGE = expect(200, pimpinan_a=403, verifikator=403, outsider=404)


def _group(w):
    return {"group_uuid": w.group_a.uuid}


def _year(w):
    return {"group_uuid": w.group_a.uuid, "year": w.year.year}


def _member(w):
    member = w.group_year_a.members.order_by("pk").first()
    return {**_year(w), "person_uuid": member.person.uuid}


def _group_data(w):
    return {
        "unit": str(w.unit_a1.uuid),
        "name": "KBK Sehati Baru",
        "makna": "Sehat dan hati",
        "motto": "Melayani",
        "yel_yel": "Sehati! Sehati!",
        "formed_on": "2025-01-15",
        "is_active": "on",
        "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    }


def _sk_data(w):
    return {
        "sk_number": "800/9/SK/2026",
        "sk_date": "2026-02-01",
        "sk_signed_by": "Kepala Puskesmas",
        "sk_scan": SimpleUploadedFile("sk.pdf", pdf_bytes(), content_type="application/pdf"),
    }


def _roster_add_data(w):
    return {
        "nip": make_nip(),
        "role": "anggota",
        "name": "Siti Aminah",
        "jabatan": "Perawat",
        "unit": w.unit_a1.uuid,
    }


def _role_data(w):
    member = w.group_year_a.members.order_by("pk").first()
    return {f"m{member.person.uuid.hex}-role": "anggota"}


def _paste_data(w):
    return {
        "rows": f"{make_nip()}\tSiti Aminah\tPerawat\tAnggota\n{make_nip()}, Dewi Lestari, Bidan, Anggota"
    }


def _import_data(w):
    text = f"nip;nama;jabatan;peran\n{make_nip()};Siti Aminah;Perawat;Anggota\n"
    return {"file": SimpleUploadedFile("anggota.csv", text.encode(), content_type="text/csv")}


def _pending_seat(w):
    """An ASN of unit A1 put on the roster of unit B's group by B's operator: only an
    operator of A (or an admin) decides it."""
    group_year = w.group_b.years.get()
    person = PersonFactory(unit=w.unit_a1)
    RosterMemberFactory(group_year=group_year, person=person, confirmation=SeatConfirmation.PENDING)
    return {"group_uuid": w.group_b.uuid, "year": w.year.year, "person_uuid": person.uuid}


SEAT_DECIDE = expect(WRITE_OK, pimpinan_a=404, verifikator=404, outsider=404)

ROWS = [
    # The jury persona has no role: the groups' pages are not open to it (403).
    Row("groups-list", expect(200, jury=403)),
    # Exports: everyone with a role exports the groups of his own subtree.
    Row("groups-list", expect(200, jury=403), query="?format=xlsx"),
    Row("groups-list", expect(200, jury=403), query="?format=csv&completeness=complete"),
    # The outsider is an operator too: he may create groups, but only in his own unit B.
    Row("groups-create", expect(200, pimpinan_a=403, verifikator=403, jury=403)),
    Row(
        "groups-create",
        expect(WRITE_OK, pimpinan_a=403, verifikator=403, outsider=200, jury=403),
        method="post",
        data=_group_data,
    ),
    Row("groups-detail", READ, kwargs=_group),
    Row("groups-history", READ, kwargs=_group),
    Row("groups-edit", WRITE_PAGE, kwargs=_group),
    Row("groups-edit", WRITE, kwargs=_group, method="post", data=_group_data),
    Row("groups-logo", READ, kwargs=_group),
    Row("groups-year-edit", WRITE_PAGE, kwargs=_year),
    Row("groups-year-edit", WRITE, kwargs=_year, method="post", data=_sk_data),
    Row("groups-year-sk", READ, kwargs=_year),
    Row("groups-roster", READ, kwargs=_year),
    Row("groups-roster", READ, kwargs=_year, query="?format=xlsx"),
    Row("groups-roster", READ, kwargs=_year, query="?format=csv"),
    Row("groups-roster", WRITE, kwargs=_year, method="post", data=_roster_add_data),
    Row("groups-roster-copy", WRITE, kwargs=_year, method="post"),
    Row("groups-roster-role", WRITE, kwargs=_member, method="post", data=_role_data),
    Row("groups-roster-remove", WRITE, kwargs=_member, method="post"),
    Row("groups-roster-paste", WRITE, kwargs=_year, method="post", data=_paste_data),
    Row("groups-roster-import", WRITE_PAGE, kwargs=_year),
    Row("groups-roster-import", WRITE, kwargs=_year, method="post", data=_import_data),
    Row("groups-roster-import-preview", WRITE_PAGE, kwargs=_year),
    # Without an upload waiting, the confirmation sends the operator back to the upload page.
    Row("groups-roster-import-confirm", WRITE, kwargs=_year, method="post"),
    Row("groups-roster-import-template", WRITE_PAGE, kwargs=_year),
    Row("groups-roster-import-template", WRITE_PAGE, kwargs=_year, query="?format=csv"),
    # Operators (the outsider is one) see the seats of their own units waiting for them.
    Row("groups-seat-list", expect(200, pimpinan_a=403, verifikator=403, jury=403)),
    Row("groups-seat-list", expect(200, pimpinan_a=403, verifikator=403, jury=403), query="?format=xlsx"),
    Row("groups-seat-list", expect(200, pimpinan_a=403, verifikator=403, jury=403), query="?format=csv"),
    Row(
        "groups-seat-decide",
        SEAT_DECIDE,
        kwargs=_pending_seat,
        method="post",
        data=lambda w: {"decision": "confirm"},
    ),
]
