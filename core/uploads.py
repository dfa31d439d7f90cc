"""Uploaded files: checked by their content, stored under random names, served by views.

``validate_upload`` is the one gate every upload passes. It never trusts the file name or the
Content-Type the browser sent: it sniffs the first bytes, refuses anything that is not one of
the allowed kinds, decodes images fully (with a pixel limit read from the header before any
decoding) and re-encodes them, which drops metadata and anything smuggled after the image data
(e.g. an HTML page appended to a PNG). PDFs cannot be re-encoded safely, so they get a
structural check instead.

There is no MEDIA_URL: stored files are served only by views that check access first, through
``file_response``.
"""

import io
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps

IMAGE_KINDS = ("jpeg", "png", "webp")
ALL_KINDS = (*IMAGE_KINDS, "pdf")

LABELS = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "pdf": "PDF"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "pdf": "pdf"}
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
ACCEPT = {
    "jpeg": "image/jpeg,.jpg,.jpeg",
    "png": "image/png,.png",
    "webp": "image/webp,.webp",
    "pdf": "application/pdf,.pdf",
}

# How far from the end "%%EOF" may sit: writers append a newline or a little padding.
PDF_EOF_WINDOW = 1024
_PDF_STARTXREF = re.compile(rb"startxref\s+\d+\s+%%EOF")


def sniff(head: bytes) -> str | None:
    """The kind of file the first bytes announce, or None when it is none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def kinds_label(kinds: Iterable[str]) -> str:
    """'JPEG, PNG, WebP or PDF'."""
    return str(get_text_list([LABELS[kind] for kind in kinds], _("or")))


def accept_attribute(kinds: Iterable[str]) -> str:
    """The ``accept`` attribute of a file input, so the browser's picker offers the right files."""
    return ",".join(ACCEPT[kind] for kind in kinds)


def _wrong_kind(kinds) -> ValidationError:
    return ValidationError(
        _(
            "The file must be a %(kinds)s file. This file is something else, whatever its name says; "
            "please choose the right file."
        )
        % {"kinds": kinds_label(kinds)},
        code="wrong_kind",
    )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "The image is too large: it has more than %(max)s million pixels. "
            "Please save it at a smaller size and upload it again."
        )
        % {"max": f"{max_pixels / 1_000_000:g}"},
        code="too_many_pixels",
    )


def _damaged_image() -> ValidationError:
    return ValidationError(
        _("The image is damaged or cannot be read. Please save it again as JPEG or PNG and upload it again."),
        code="damaged_image",
    )


def _damaged_pdf() -> ValidationError:
    return ValidationError(
        _("The PDF is damaged or incomplete. Please scan or export it again and upload the new file."),
        code="damaged_pdf",
    )


def validate_upload(
    file,
    *,
    kinds: Iterable[str] = ALL_KINDS,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
) -> ContentFile:
    """Check an uploaded file by its content and return a safe copy to store.

    Raises ValidationError with a message a clerk understands. The returned ContentFile has
    a random name whose extension comes from the sniffed content; images are re-encoded.
    """
    kinds = tuple(kinds)
    max_bytes = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    max_pixels = settings.UPLOAD_MAX_PIXELS if max_pixels is None else max_pixels

    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(size, max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if not data:
        raise ValidationError(_("The file is empty. Please choose the file again."), code="empty")
    if len(data) > max_bytes:
        raise _too_large(size or len(data), max_bytes)

    kind = sniff(data[:16])
    if kind is None or kind not in kinds:
        raise _wrong_kind(kinds)
    if kind == "pdf":
        _check_pdf(data)
        content = data
    else:
        content = _reencode_image(data, kind, max_pixels)
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}")


def _too_large(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s); at most %(max)s is allowed. Please make it smaller.")
        % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        code="too_large",
    )


def _check_pdf(data: bytes) -> None:
    """A structural check: header, a cross-reference pointer and an end marker near the end.

    Not a full parse (readers repair small defects, so a strict parser would refuse files that
    open fine); it reliably refuses text, HTML or other files renamed to .pdf and truncated
    uploads.
    """
    tail = data[-PDF_EOF_WINDOW:]
    if not data.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise _damaged_pdf()
    if not _PDF_STARTXREF.search(tail) or b" obj" not in data or b"/Root" not in data:
        raise _damaged_pdf()


def _reencode_image(data: bytes, kind: str, max_pixels: int) -> bytes:
    pillow_format = PILLOW_FORMATS[kind]
    try:
        # Image.open reads the header only; the size check comes before any pixel is decoded.
        image = Image.open(io.BytesIO(data), formats=[pillow_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own (higher) limit; with warnings as errors the warning arrives raised.
        raise _too_many_pixels(max_pixels) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _damaged_image() from exc
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    # WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported (the
    # first PDF of a worker); an upload must still be refused when its pixel data is cut short.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
        transparency = image.info.get("transparency")
        ImageOps.exif_transpose(image, in_place=True)
        image, save_options = _prepared_for(image, kind, transparency)
        # Nothing of the original's metadata (EXIF, XMP, ICC, text chunks, comments) survives.
        image.info = {}
        out = io.BytesIO()
        image.save(out, pillow_format, **save_options)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise _damaged_image() from exc
    return out.getvalue()


def _prepared_for(image: Image.Image, kind: str, transparency) -> tuple[Image.Image, dict]:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or transparency is not None
    if kind == "jpeg":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        return image, {"quality": 90}
    if kind == "webp":
        image = image.convert("RGBA" if has_alpha else "RGB")
        return image, {"quality": 90}
    if image.mode in ("1", "L", "P", "RGB") and transparency is not None:
        return image, {"optimize": True, "transparency": transparency}
    if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return image, {"optimize": True}
    return image.convert("RGBA" if has_alpha else "RGB"), {"optimize": True}


# --- forms -------------------------------------------------------------------------------


def prepare_upload_field(field: forms.FileField, *, kinds: Iterable[str] = ALL_KINDS) -> None:
    """Make a form's file field leave every check to ``clean_upload``.

    The original file name is thrown away, so its length does not matter; an empty file gets
    our clearer message; the picker offers the accepted kinds.
    """
    kinds = tuple(kinds)
    field.max_length = None
    field.allow_empty_file = True
    field.widget.attrs["accept"] = accept_attribute(kinds)
    field.help_text = _("%(kinds)s, at most %(max)s.") % {
        "kinds": kinds_label(kinds),
        "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }


def clean_upload(value, *, kinds: Iterable[str] = ALL_KINDS):
    """For ``clean_<field>``: validate a newly uploaded file, pass anything else through.

    ``value`` is an UploadedFile for a new upload, the stored file when nothing was chosen,
    False when "clear" was ticked, or None.
    """
    if isinstance(value, UploadedFile):
        return validate_upload(value, kinds=kinds)
    return value


# --- serving ------------------------------------------------------------------------------


def file_response(
    field_file,
    *,
    download_name: str,
    as_attachment: bool = False,
    content_types: dict[str, str] = CONTENT_TYPES,
) -> FileResponse:
    """Serve a stored upload, after the calling view has checked access.

    ``download_name`` is a human name without extension (e.g. the group's name); it is
    slugified so the Content-Disposition header is always plain ASCII. Shown inline unless
    ``as_attachment``; never sniffed as something else.
    """
    if not field_file:
        raise Http404
    suffix = Path(field_file.name).suffix.lower()
    content_type = content_types.get(suffix)
    if content_type is None:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{slugify(download_name) or 'file'}{suffix}"
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    if content_type != "application/pdf":
        # Even a mislabelled file stays inert: no scripts, no plugins, no same-origin access.
        # (A PDF viewer needs its plugin, so PDFs are the exception.)
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
