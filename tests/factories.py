"""factory_boy factories for the portal's models."""

import io
from datetime import date

import factory
from django.core.files.base import ContentFile
from PIL import Image

from core.models import Role, RoleAssignment, Unit, UnitKind, User
from groups.models import Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole


def png_bytes(size=(64, 64), color=(11, 79, 108)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(64, 64), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes(text: str = "SK") -> bytes:
    """A small valid one-page PDF."""
    content = f"BT /F1 12 Tf 50 750 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.OPD
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    full_name = factory.Sequence(lambda n: f"Pegawai {n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-123-ok")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.OPERATOR
    unit = factory.SubFactory(UnitFactory)


class ProgrammeYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeYear
        django_get_or_create = ("year",)

    year = 2026
    sk_deadline = factory.LazyAttribute(lambda o: date(o.year, 3, 31))
    risalah_deadline = factory.LazyAttribute(lambda o: date(o.year, 8, 15))
    gelar_date = factory.LazyAttribute(lambda o: date(o.year, 9, 10))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"KBK Contoh {n}")
    makna = "Kelompok yang bekerja dengan hati"
    motto = "Melayani dengan senyum"
    formed_on = date(2025, 1, 15)


class GroupYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupYear

    group = factory.SubFactory(GroupFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory)
    sk_number = factory.Sequence(lambda n: f"800/{n}/SK/2026")
    sk_date = date(2026, 2, 1)
    sk_signed_by = "Kepala Dinas"
    sk_scan = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="sk.pdf"))


_nip_serial = iter(range(1, 10**6))


def make_nip(birth=date(1985, 3, 30), tmt=(2010, 1), sex=1) -> str:
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{sex}{next(_nip_serial) % 1000:03d}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nip = factory.LazyFunction(make_nip)
    name = factory.Sequence(lambda n: f"ASN Contoh {n}")
    jabatan = "Pelaksana"
    unit = factory.SubFactory(UnitFactory)


class RosterMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterMember

    group_year = factory.SubFactory(GroupYearFactory)
    person = factory.SubFactory(PersonFactory)
    role = RosterRole.ANGGOTA


FULL_ROSTER = [
    RosterRole.FASILITATOR,
    RosterRole.KETUA,
    RosterRole.SEKRETARIS,
    RosterRole.ANGGOTA,
    RosterRole.ANGGOTA,
]


def complete_group_year(group_year: GroupYear, roles=FULL_ROSTER) -> GroupYear:
    """Give ``group_year`` a roster with the given roles and re-evaluate it."""
    from groups.services import evaluate_group_year

    for role in roles:
        RosterMemberFactory(group_year=group_year, role=role, person__unit=group_year.group.unit)
    return evaluate_group_year(group_year=group_year)


def make_verified_risalah(*, group: Group, programme_year: ProgrammeYear, by, reviewer, **fields):
    """A risalah of ``group`` verified by ``reviewer`` through the review service (the status set
    to submitted first, as if the group had submitted it). ``fields``: theme, title, conclusion..."""
    from risalah.models import Risalah, Status
    from risalah.review import risalah_verify
    from risalah.services import risalah_create

    risalah = risalah_create(group=group, programme_year=programme_year, by=by, theme=fields.pop("theme", ""))
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.SUBMITTED, **fields)
    risalah.refresh_from_db()
    risalah_verify(risalah=risalah, by=reviewer)
    return Risalah.objects.select_related("group__unit", "programme_year", "method").get(pk=risalah.pk)
