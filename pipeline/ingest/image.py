"""Image submissions (.jpg, .png, .tif, .bmp): OCR every frame."""

from __future__ import annotations

import io
import warnings

from ..errors import CorruptFile, TooLargeFile
from ..model import Document
from . import sha256
from .layout import PageLayout, number_blocks, paragraphs, split_margins
from .ocr import MAX_PIXELS, page_image, recognise, require_tesseract, suppress_seals

MAX_FRAMES = 50


def read(data: bytes, path: str) -> Document:
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    require_tesseract(path)
    pages: list[PageLayout] = []
    images = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                frames = getattr(im, "n_frames", 1)
                if frames > MAX_FRAMES:
                    raise TooLargeFile(path, f"{frames} 页")
                for i in range(frames):
                    im.seek(i)
                    if im.width * im.height > MAX_PIXELS:
                        raise TooLargeFile(path, f"图像 {im.width}×{im.height} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素")
                    dpi = round(float((im.info.get("dpi") or (300, 300))[0])) or 300
                    dpi = dpi if 70 <= dpi <= 1200 else 300
                    upright = ImageOps.exif_transpose(im) if i == 0 else im  # phone photos carry their rotation in EXIF
                    rgb = np.asarray(upright.convert("RGB"))
                    lines = recognise(suppress_seals(rgb), path, i + 1, dpi)
                    images.append(page_image(rgb, i + 1))
                    pages.append(PageLayout(i + 1, im.width * 72 / dpi, im.height * 72 / dpi, tuple(lines)))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as e:
        raise TooLargeFile(path, "图像像素过多") from e
    except (UnidentifiedImageError, OSError, SyntaxError, EOFError, ValueError) as e:
        raise CorruptFile(path, "图像无法解码") from e
    headers, footers, body = split_margins(pages)
    blocks = number_blocks(headers + paragraphs(body) + footers)
    notes = ("图片文件，文字经 OCR 识别，请人工核对",) if blocks else ("图片中未识别出文字",)
    return Document(path=path, format="image", sha256=sha256(data), blocks=blocks, ocr=True,
                    pages=len(pages), notes=notes, page_images=tuple(images))
