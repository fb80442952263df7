"""The fonts every PDF polon makes is set in: DejaVu Sans (Debian's fonts-dejavu-core), which has Cyrillic,
unlike reportlab's built-in fonts."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts/dejavu"))


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """The names of the regular and bold fonts, registered with reportlab on the first call."""
    for directory in FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    raise FontMissing("the DejaVu fonts are needed for Cyrillic in PDFs: install fonts-dejavu-core")
