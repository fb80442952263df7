"""Charts drawn on the server as inline SVG: readable without JavaScript, printable, and each one carries its
numbers as text (a <title> per bar and a visible value), so a screen reader gets the data too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2f5d8a", "#c27c0e", "#3c8d5a", "#9b3d3d", "#6b5b95", "#4f7f7f", "#8a6d3b", "#555555")


def _svg_head(title: str, width: int, height: int) -> list[str]:
    """The opening every chart shares: the svg element named by its title, the title for screen readers and the
    visible heading."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
            f"<title>{escape(title)}</title>",
            f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']


def bar_chart(data: Sequence[tuple[str, int | float]], *, title: str, width: int = 560,
              bar_height: int = 22, label_width: int = 190, color: str = PALETTE[0]) -> SafeString:
    """Horizontal bars, one per (label, value); labels and title are escaped."""
    rows = list(data)
    top = 28
    height = top + max(len(rows), 1) * (bar_height + 6) + 8
    largest = max((float(v) for _, v in rows), default=0) or 1
    plot = width - label_width - 60
    parts = _svg_head(title, width, height)
    if not rows:
        parts.append(f'<text x="0" y="{top + 14}" font-size="12">—</text>')
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + 6)
        length = 0 if not value else max(2, round(plot * float(value) / largest))
        text = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(
            f'<g><title>{escape(str(label))}: {escape(text)}</title>'
            f'<text x="{label_width - 6}" y="{y + bar_height - 6}" font-size="12" text-anchor="end">'
            f"{escape(str(label)[:32])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{color}"></rect>'
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 6}" font-size="12">{escape(text)}</text></g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(data: Sequence[tuple[str, int | float]], *, title: str, width: int = 560, height: int = 220,
                 color: str = PALETTE[1]) -> SafeString:
    """Vertical columns over time (one per period label)."""
    rows = list(data)
    left, bottom, top = 36, 40, 28
    plot_h = height - top - bottom
    largest = max((float(v) for _, v in rows), default=0) or 1
    step = (width - left - 8) / max(len(rows), 1)
    bar = max(4.0, step * 0.7)
    parts = [*_svg_head(title, width, height),
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" stroke="#999"></line>',
             f'<text x="{left - 4}" y="{top + 10}" font-size="11" text-anchor="end">{largest:g}</text>']
    if not rows:
        parts.append(f'<text x="{left}" y="{top + 14}" font-size="12">—</text>')
    for index, (label, value) in enumerate(rows):
        h = 0 if not value else max(1, round(plot_h * float(value) / largest))
        x = left + index * step + (step - bar) / 2
        parts.append(
            f'<g><title>{escape(str(label))}: {value:g}</title>'
            f'<rect x="{x:.1f}" y="{top + plot_h - h}" width="{bar:.1f}" height="{h}" fill="{color}"></rect>'
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3}" font-size="10" text-anchor="middle">{value:g}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">'
            f"{escape(str(label))}</text></g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
