"""Plots of `ReleaseStats` as inline SVG, written in Python: no script, no CDN, nothing fetched
when the page is viewed. Text uses the system's fonts (CJK fonts first in the CSS font list).

Every bar carries its label and value (`data-label`, `data-value`, and a `<title>` tooltip), so
the numbers a plot shows can be read back from the page, and checked against `baokan stats`.
Coordinates are rounded to one decimal: the same stats give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from baokan.browse.stats import ReleaseStats

WIDTH = 640
BAR_ROW = 20  # height of one bar of a horizontal chart
_FONT = "font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ticks(top: int) -> list[int]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) from 0 to at least `top`,
    at most 6 of them."""
    step = 1
    while -(-max(top, 1) // step) > 5:
        step = _next_step(step)
    last = -(-max(top, 1) // step) * step
    return list(range(0, last + 1, step))


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50, 100, ..."""
    digits = len(str(step)) - 1
    lead = step // 10**digits
    return {1: 2, 2: 5, 5: 10}[lead] * 10**digits


def _open(plot_id: str, title: str, height: float) -> list[str]:
    return [
        f'<svg class="plot" id="plot-{plot_id}" data-plot="{plot_id}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" role="img" '
        f'aria-label="{escape(title)}" style="{_FONT}">',
        f"<title>{escape(title)}</title>",
        f'<text class="plot-title" x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>',
    ]


def _empty(plot_id: str, title: str, message: str) -> str:
    parts = _open(plot_id, title, 60)
    parts.append(f'<text class="plot-empty" x="0" y="44" font-size="12" fill="#666">{escape(message)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def column_chart(
    plot_id: str, title: str, series: Sequence[tuple[str, int]], *, empty: str = "no data", label_every: int = 0
) -> str:
    """Vertical bars, one per (label, value), labels under the axis (every `label_every`-th one
    when there are many bars; all when 0 and there are few)."""
    if not series:
        return _empty(plot_id, title, empty)
    left, right, top, bottom = 44.0, 8.0, 28.0, 64.0
    height = 240.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    ticks = _ticks(max(v for _, v in series))
    scale = plot_h / ticks[-1]
    slot = plot_w / len(series)
    gap = min(4.0, slot * 0.2)
    if not label_every:
        label_every = max(1, -(-len(series) * 14 // int(plot_w)))
    parts = _open(plot_id, title, height)
    base = top + plot_h
    for tick in ticks:
        y = base - tick * scale
        parts.append(f'<line x1="{_n(left)}" x2="{_n(WIDTH - right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#ddd"/>')
        parts.append(f'<text x="{_n(left - 4)}" y="{_n(y + 4)}" font-size="10" text-anchor="end">{tick}</text>')
    for index, (label, value) in enumerate(series):
        x = left + index * slot + gap / 2
        h = value * scale
        safe = escape(label)
        parts.append(
            f'<rect class="bar" x="{_n(x)}" y="{_n(base - h)}" width="{_n(slot - gap)}" height="{_n(h)}" '
            f'fill="#3b6ea8" data-label="{safe}" data-value="{value}"><title>{safe}: {value}</title></rect>'
        )
        if index % label_every == 0:
            cx = x + (slot - gap) / 2
            parts.append(
                f'<text x="{_n(cx)}" y="{_n(base + 10)}" font-size="10" text-anchor="end" '
                f'transform="rotate(-45 {_n(cx)} {_n(base + 10)})">{safe}</text>'
            )
    parts.append(f'<line x1="{_n(left)}" x2="{_n(WIDTH - right)}" y1="{_n(base)}" y2="{_n(base)}" stroke="#333"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(plot_id: str, title: str, series: Sequence[tuple[str, int]], *, empty: str = "no data") -> str:
    """Horizontal bars, one row per (label, value): for long (Chinese) labels."""
    if not series:
        return _empty(plot_id, title, empty)
    label_w, top, right = 200.0, 28.0, 60.0
    height = top + BAR_ROW * len(series) + 8
    largest = max(v for _, v in series) or 1
    scale = (WIDTH - label_w - right) / largest
    parts = _open(plot_id, title, height)
    for index, (label, value) in enumerate(series):
        y = top + index * BAR_ROW
        safe = escape(label)
        w = value * scale
        parts.append(
            f'<text x="{_n(label_w - 6)}" y="{_n(y + BAR_ROW * 0.7)}" font-size="12" text-anchor="end">{safe}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 2)}" width="{_n(w)}" height="{BAR_ROW - 4}" '
            f'fill="#3b6ea8" data-label="{safe}" data-value="{value}"><title>{safe}: {value}</title></rect>'
        )
        parts.append(f'<text x="{_n(label_w + w + 4)}" y="{_n(y + BAR_ROW * 0.7)}" font-size="11">{value}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def release_plots(stats: ReleaseStats) -> list[tuple[str, str]]:
    """(plot id, SVG) of every plot of the index page, in page order; the numbers come from the
    `ReleaseStats` series that `baokan stats` prints."""
    unit, dates = stats.date_series()
    undated = f" ({stats.undated} undated articles not shown)" if stats.undated else ""
    plots = [
        (
            "dates",
            column_chart(
                "dates",
                f"Articles per {unit}{undated}",
                dates,
                empty=f"no dated articles ({stats.undated} undated)",
            ),
        ),
        ("publications", bar_chart("publications", "Articles per publication", stats.publication_series())),
        ("lengths", column_chart("lengths", "Body length (characters)", stats.length_series(), label_every=1)),
        ("flags", bar_chart("flags", "Flags by kind", stats.flag_series(), empty="no article has a flag")),
    ]
    fragments = stats.fragment_series()
    no_pages = "the release does not list its raw pages (made by `publish`, not `build`)"
    plots.append(
        (
            "fragments",
            column_chart("fragments", "Fragments per page (pages)", fragments or [], empty=no_pages, label_every=1),
        )
    )
    plots.append(
        (
            "fragment-kinds",
            bar_chart(
                "fragment-kinds",
                "Fragments by kind",
                stats.fragment_kind_series(),
                empty="no fragments" if fragments is not None else no_pages,
            ),
        )
    )
    return plots
