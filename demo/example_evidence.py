"""Demo evidence for an example risalah: meetings with attendance and photos, the schedule, raw data.

Written through the evidence services and the upload check, as a writer would. The photos are
drawn here (coloured scenes with a caption), so the demo needs no files from outside.
"""

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from risalah.evidence_files import PHOTO_KINDS, SCAN_KINDS, check_evidence_file
from risalah.evidence_forms import roster_members
from risalah.evidence_services import attachment_add, meeting_save, schedule_save
from risalah.models import Evidence, Risalah

# (week offset from the start, minutes, agenda, notulen, indices of roster members absent)
MEETINGS = [
    (
        0,
        90,
        "Pembentukan tim dan pemilihan tema",
        "Tim membahas empat masalah pelayanan beserta datanya dan memilih waktu tunggu pasien rawat jalan.",
        (),
    ),
    (
        2,
        75,
        "Penyusunan judul dan target",
        "Judul terukur dirumuskan: dari 29,6% menjadi 95% pada September.",
        (4,),
    ),
    (
        3,
        120,
        "Curah pendapat penyebab masalah",
        "Lima belas penyebab dikumpulkan dan dikelompokkan dalam diagram tulang ikan.",
        (),
    ),
    (
        5,
        90,
        "Pengujian penyebab dominan",
        "Hasil lembar periksa dua minggu dibahas; tiga penyebab dominan ditetapkan.",
        (3,),
    ),
    (
        6,
        60,
        "Penyusunan rencana perbaikan 5W+1H",
        "Setiap penyebab dominan mendapat rencana perbaikan dan penanggung jawab.",
        (),
    ),
    (
        9,
        60,
        "Evaluasi pelaksanaan pendaftaran elektronik",
        "Pendaftaran elektronik berjalan; waktu pendaftaran turun menjadi 2 menit per pasien.",
        (2, 4),
    ),
    (
        13,
        90,
        "Evaluasi hasil perbaikan",
        "Capaian 96,2% melampaui target 95%; peta kendali menunjukkan hasil stabil.",
        (),
    ),
    (
        15,
        75,
        "Penyusunan SOP dan tema berikutnya",
        "Rancangan SOP disetujui untuk ditandatangani kepala Puskesmas; tema berikutnya dipilih.",
        (1,),
    ),
]

# Planned and actual weeks of the seven steps (an eight-step method reuses the last row).
SCHEDULE = [
    ([1, 2], [1, 2, 3]),
    ([3], [3, 4]),
    ([4, 5], [5, 6]),
    ([6], [6, 7]),
    ([7, 8, 9, 10, 11], [8, 9, 10, 11, 12]),
    ([12, 13], [13, 14]),
    ([14, 15, 16], [15, 16]),
]

PHOTOS = [
    (Evidence.PHOTO_BEFORE, "Antrean pasien di loket pendaftaran sebelum perbaikan", (176, 92, 60), 6),
    (Evidence.PHOTO_DURING, "Pelatihan SIMPUS untuk petugas loket", (46, 110, 160), 5),
    (Evidence.PHOTO_DURING, "Penataan rak rekam medis dengan kode warna", (60, 140, 90), 5),
    (Evidence.PHOTO_AFTER, "Ruang tunggu dengan mesin nomor antrean", (40, 120, 120), 6),
]

RAW_DATA_CSV = (
    "minggu,pasien,dilayani_kurang_60_menit,persentase\n"
    + "".join(
        f"{week},{patients},{served},{round(100 * served / patients, 1)}\n"
        for week, patients, served in [
            (1, 210, 197),
            (2, 205, 195),
            (3, 220, 212),
            (4, 198, 187),
            (5, 215, 209),
            (6, 203, 195),
        ]
    )
).encode()


def scene_jpeg(caption: str, colour: tuple[int, int, int], *, size=(960, 640)) -> bytes:
    """A simple picture: a coloured room with figures and a caption bar."""
    width, height = size
    image = Image.new("RGB", size, tuple(min(255, c + 70) for c in colour))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * 0.62), width, height), fill=tuple(max(0, c - 30) for c in colour))
    for index in range(5):
        x = 90 + index * 170
        draw.ellipse((x, 230, x + 60, 290), fill=(245, 222, 200))
        draw.rounded_rectangle((x - 15, 295, x + 75, 420), radius=18, fill=colour)
    draw.rectangle((0, height - 90, width, height), fill=(255, 255, 255))
    font = ImageFont.load_default(size=30)
    draw.text((24, height - 45), caption, fill=(33, 37, 41), font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def attendance_scan_jpeg(title: str, names: list[str]) -> bytes:
    """A daftar hadir as a scanned page would look: a table of names with signature marks."""
    image = Image.new("RGB", (840, 1100), (252, 252, 248))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=24)
    draw.text((420, 70), "DAFTAR HADIR", fill=(20, 20, 20), font=ImageFont.load_default(size=34), anchor="mm")
    draw.text((420, 120), title, fill=(20, 20, 20), font=font, anchor="mm")
    top = 180
    for row, name in enumerate(["Nama"] + names):
        y = top + row * 60
        draw.rectangle((60, y, 780, y + 60), outline=(40, 40, 40), width=2)
        draw.line((560, y, 560, y + 60), fill=(40, 40, 40), width=2)
        draw.text((80, y + 30), name, fill=(20, 20, 20), font=font, anchor="lm")
        if row:
            draw.line((590, y + 40, 640, y + 18, 690, y + 42, 740, y + 20), fill=(30, 50, 140), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _checked(data: bytes, name: str, kinds):
    return check_evidence_file(ContentFile(data, name=name), kinds=kinds)


def add_example_evidence(*, risalah: Risalah, by, start: date | None = None) -> None:
    """Meetings with attendance, notulen, photos and daftar hadir; the schedule; photos; raw data."""
    year = risalah.programme_year.year
    start = start or date(year, 3, 2)
    start -= timedelta(days=start.weekday())  # weeks begin on Monday
    members = roster_members(risalah)
    people = [member.person for member in members]
    for number, (week, minutes, agenda, notulen, absent) in enumerate(MEETINGS, start=1):
        when = start + timedelta(weeks=week, days=1)
        present = [person for index, person in enumerate(people) if index not in absent]
        photos = []
        if number in (1, 3, 7):
            photos.append(_checked(scene_jpeg(agenda, (70, 90, 150)), f"rapat-{number}.jpg", PHOTO_KINDS))
        scan = _checked(
            attendance_scan_jpeg(f"{agenda} ({when:%d-%m-%Y})", [p.name for p in present]),
            f"daftar-hadir-{number}.jpg",
            SCAN_KINDS,
        )
        meeting_save(
            risalah=risalah,
            by=by,
            date=when,
            duration_minutes=minutes,
            agenda=agenda,
            notulen=notulen,
            attendees=present,
            photos=photos,
            daftar_hadir=scan,
        )
    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    weeks = {step.pk: SCHEDULE[min(index, len(SCHEDULE) - 1)] for index, step in enumerate(steps)}
    schedule_save(risalah=risalah, by=by, start=start, weeks=16, weeks_by_step=weeks)
    by_tool = {tool: step for step in steps for tool in step.method_step.tools}
    for kind, caption, colour, tool_step in PHOTOS:
        step = next((s for s in steps if s.method_step.number == tool_step), None)
        attachment_add(
            risalah=risalah,
            kind=kind,
            by=by,
            caption=caption,
            step=step,
            checked=_checked(scene_jpeg(caption, colour), f"{kind}.jpg", PHOTO_KINDS),
        )
    attachment_add(
        risalah=risalah,
        kind=Evidence.RAW_DATA,
        by=by,
        step=by_tool.get("control_chart"),
        caption="Rekap mingguan waktu tunggu pasien (Mei–Juni)",
        checked=_checked(RAW_DATA_CSV, "rekap-waktu-tunggu.csv", (*SCAN_KINDS, "csv")),
    )
