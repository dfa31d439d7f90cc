"""Generated files for the demo: group logos (PNG) and one-page SK scans (PDF)."""

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from demo.data import MONTHS_ID

LOGO_SIZE = 192


def logo_png(initials: str, colour: tuple[int, int, int]) -> bytes:
    """A coloured circle with white initials on white, as a small palette PNG."""
    size = LOGO_SIZE
    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((14, 14, size - 14, size - 14), outline=(255, 255, 255), width=2)
    font = ImageFont.load_default(size=size * (0.4 if len(initials) <= 2 else 0.3))
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    # A palette keeps the file small and the upload check's re-encoding quick.
    image.quantize(colors=32).save(buffer, "PNG")
    return buffer.getvalue()


def tanggal(day: date) -> str:
    """A date the way it is written on a decree: "15 Maret 2025"."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class SkMember:
    name: str
    nip: str
    role: str
    jabatan: str


@dataclass(frozen=True)
class SkDocument:
    """What is printed on a demo SK (Surat Keputusan forming a KBK)."""

    pemda: str
    unit: str
    seat: str
    head_title: str
    head_name: str
    head_nip: str
    number: str
    signed_on: date
    group_name: str
    year: int
    members: list[SkMember]


def sk_pdf(sk: SkDocument) -> bytes:
    """A one-page A4 PDF of the decree, in the standard Helvetica fonts (no embedding)."""
    page = _Page()
    page.centred(sk.pemda.upper(), 14, bold=True)
    page.centred(sk.unit.upper(), 12, bold=True)
    page.rule()
    page.gap(10)
    page.centred("KEPUTUSAN " + sk.head_title.upper(), 11, bold=True)
    page.centred("NOMOR " + sk.number, 11)
    page.gap(4)
    page.centred("TENTANG", 11)
    page.centred(f"PEMBENTUKAN KELOMPOK BUDAYA KERJA {sk.group_name.upper()}", 11, bold=True)
    page.centred(f"TAHUN {sk.year}", 11, bold=True)
    page.gap(10)
    page.line(
        "Menimbang: bahwa dalam rangka meningkatkan mutu pelayanan perlu dibentuk Kelompok Budaya Kerja;",
        9,
    )
    page.line("Mengingat: peraturan perundang-undangan tentang pedoman pengembangan budaya kerja;", 9)
    page.gap(6)
    page.centred("MEMUTUSKAN", 11, bold=True)
    page.line(f"Menetapkan susunan Kelompok Budaya Kerja {sk.group_name} sebagai berikut:", 10)
    page.gap(4)
    for number, member in enumerate(sk.members, start=1):
        page.line(f"{number}. {member.name}", 10, indent=20)
        page.line(f"NIP {member.nip}  -  {member.jabatan}  -  {member.role}", 9, indent=34)
    page.gap(8)
    page.line(
        "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan 31 Desember " + str(sk.year) + ".",
        10,
    )
    page.gap(16)
    for text in (
        f"Ditetapkan di {sk.seat}",
        f"pada tanggal {tanggal(sk.signed_on)}",
        sk.head_title,
    ):
        page.line(text, 10, indent=300)
    page.gap(40)
    page.line(sk.head_name, 10, indent=300, bold=True)
    page.line(f"NIP {sk.head_nip}", 10, indent=300)
    page.footer("Dokumen contoh - data fiktif untuk demo Portal KBK")
    return page.render()


class _Page:
    """Lays text out top-down on one A4 page and writes a minimal PDF 1.4 file."""

    WIDTH, HEIGHT, MARGIN = 595, 842, 60

    def __init__(self):
        self.y = self.HEIGHT - 70
        self.ops: list[str] = []

    def gap(self, points: int) -> None:
        self.y -= points

    def rule(self) -> None:
        self.y -= 4
        self.ops.append(f"1.5 w {self.MARGIN} {self.y} m {self.WIDTH - self.MARGIN} {self.y} l S")
        self.y -= 8

    def line(self, text: str, size: int, *, indent: int = 0, bold: bool = False) -> None:
        # Long lines wrap at a width estimated from Helvetica's average glyph width.
        room = int((self.WIDTH - 2 * self.MARGIN - indent) / (size * 0.5))
        for piece in _wrap(text, room):
            self._text(self.MARGIN + indent, piece, size, bold)

    def centred(self, text: str, size: int, *, bold: bool = False) -> None:
        width = _width(text, size, bold)
        self._text(max(self.MARGIN, (self.WIDTH - width) / 2), text, size, bold)

    def footer(self, text: str) -> None:
        self.ops.append(f"BT /F1 7 Tf {self.MARGIN} 30 Td ({_escape(text)}) Tj ET")

    def _text(self, x: float, text: str, size: int, bold: bool) -> None:
        self.y -= size + 4
        font = "/F2" if bold else "/F1"
        self.ops.append(f"BT {font} {size} Tf {x:.1f} {self.y} Td ({_escape(text)}) Tj ET")

    def render(self) -> bytes:
        content = "\n".join(self.ops).encode("latin-1", errors="replace")
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.WIDTH} {self.HEIGHT}] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>".encode(),
            b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
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


def _width(text: str, size: int, bold: bool) -> float:
    """Roughly how wide ``text`` is in Helvetica: capitals are wide, spaces narrow."""
    em = sum(0.28 if ch == " " else (0.7 if bold else 0.67) if ch.isupper() else 0.54 for ch in text)
    return em * size


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current] if current else lines
