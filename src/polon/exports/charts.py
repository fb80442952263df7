"""Charts drawn on the server as inline SVG: readable without JavaScript, printable, and each one carries its
numbers as text (a <title> and <desc> per chart, a <title> per bar and a visible value), so a screen reader
gets the data too; pages add the same numbers as a table."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2f5d8a", "#c27c0e", "#3c8d5a", "#9b3d3d", "#6b5b95", "#4f7f7f", "#8a6d3b", "#555555")


_ids = itertools.count(1)


def _svg_head(title: str, width: int, height: int, *, desc: str = "", show_title: bool = True) -> list[str]:
    """The opening every chart shares: the svg element labelled by its <title> and described by its <desc>
    (for screen readers), and the visible heading unless the page puts the title in a figcaption (so it is
    printed once)."""
    n = next(_ids)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-labelledby="chart-{n}-title'
             f'{f" chart-{n}-desc" if desc else ""}">',
             f'<title id="chart-{n}-title">{escape(title)}</title>']
    if desc:
        parts.append(f'<desc id="chart-{n}-desc">{escape(desc)}</desc>')
    if show_title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>')
    return parts


def _describe(rows: Sequence[tuple[str, int | float]]) -> str:
    return "; ".join(f"{label}: {value:g}" for label, value in rows)


def bar_chart(data: Sequence[tuple[str, int | float]], *, title: str, width: int = 560,
              bar_height: int = 22, label_width: int = 190, color: str = PALETTE[0],
              show_title: bool = True) -> SafeString:
    """Horizontal bars, one per (label, value); labels and title are escaped."""
    rows = list(data)
    top = 28 if show_title else 6
    height = top + max(len(rows), 1) * (bar_height + 6) + 8
    largest = max((float(v) for _, v in rows), default=0) or 1
    plot = width - label_width - 60
    parts = _svg_head(title, width, height, desc=_describe(rows), show_title=show_title)
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


def column_chart(data: Sequence[tuple[str, int | float]], *, title: str, width: int = 560, height: int = 240,
                 color: str = PALETTE[1], y_label: str = "", show_title: bool = True) -> SafeString:
    """Vertical columns over time (one per period label), with a y axis (0, half, the largest) whose numbers
    and title sit in a margin of their own, left of the plot, so they never overlap a column; period labels are
    thinned to one every few columns when they would touch."""
    rows = list(data)
    largest = max((float(v) for _, v in rows), default=0) or 1
    ticks = sorted({0.0, largest / 2 if largest >= 2 else 0.0, largest})
    tick_width = max(len(f"{t:g}") for t in ticks) * 7
    axis_title = 18 if y_label else 0
    left, bottom, top = axis_title + tick_width + 10, 40, 30 if show_title else 18
    plot_h = height - top - bottom
    step = (width - left - 8) / max(len(rows), 1)
    bar = max(3.0, step * 0.7)
    every = max(1, int(48 // step) + (1 if 48 % step else 0)) if step < 48 else 1
    parts = [*_svg_head(title, width, height, desc=_describe(rows), show_title=show_title),
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"></line>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" stroke="#999"></line>']
    for tick in ticks:
        y = top + plot_h - round(plot_h * tick / largest)
        parts.append(f'<text x="{left - 5}" y="{y + 4}" font-size="11" text-anchor="end">{tick:g}</text>')
        if tick:
            parts.append(f'<line x1="{left}" y1="{y}" x2="{width - 4}" y2="{y}" stroke="#ddd"></line>')
    if y_label:
        middle = top + plot_h / 2
        parts.append(f'<text x="12" y="{middle:.0f}" font-size="11" text-anchor="middle" '
                     f'transform="rotate(-90 12 {middle:.0f})">{escape(y_label)}</text>')
    if not rows:
        parts.append(f'<text x="{left + 6}" y="{top + 14}" font-size="12">—</text>')
    for index, (label, value) in enumerate(rows):
        h = 0 if not value else max(1, round(plot_h * float(value) / largest))
        x = left + index * step + (step - bar) / 2
        parts.append(
            f'<g><title>{escape(str(label))}: {value:g}</title>'
            f'<rect x="{x:.1f}" y="{top + plot_h - h}" width="{bar:.1f}" height="{h}" fill="{color}"></rect>')
        if value:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3}" font-size="10" '
                         f'text-anchor="middle">{value:g}</text>')
        if index % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" font-size="10" '
                         f'text-anchor="middle">{escape(str(label))}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
