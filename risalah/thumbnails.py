"""Small JPEG previews of photos, made once at upload for lists and the printed risalah."""

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_SIDE = 400
QUALITY = 82


def make_thumbnail(data: bytes, *, max_side: int = MAX_SIDE) -> ContentFile:
    """A JPEG at most ``max_side`` pixels on its longer side, from image bytes.

    The bytes have already passed ``core.uploads.validate_upload`` (decoded and re-encoded), so
    they are a sound image of bounded size. Transparency is flattened onto white, since JPEG
    has none and black backgrounds look like damage in print.
    """
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
