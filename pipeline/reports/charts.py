"""The report's charts as inline SVG, drawn by matplotlib, the same bytes on every run.

Matplotlib (not pyplot: no global state) draws each chart onto an SVG canvas with the text
kept as text (`svg.fonttype = none`), a fixed `svg.hashsalt` for the ids it generates and no
date in the metadata, so the page embeds it as is and nothing is fetched when it is viewed.
Charts carry numbers and dates only; their titles and legends are the page's (in its
language), so no glyph depends on the fonts matplotlib finds on the machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pipeline.reports.models import Breakdown, RecoveryPoint, ReplyBucket

COLOURS = {"silences": "#8c8c8c", "recovered": "#2e7d32", "closed": "#c62828", "line": "#1565c0"}
STYLE: Any = {  # rcParams (matplotlib types their keys as a Literal)
    "svg.fonttype": "none",
    "svg.hashsalt": "candidate-pipeline",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class ChartsUnavailable(PipelineError):
    """matplotlib is not installed (it comes with the `reports` extra)."""


def _figure() -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable(
            "the HTML report draws its charts with matplotlib: "
            "pip install 'candidate-pipeline[reports]'"
        ) from None
    return Figure(figsize=(6.4, 2.6), layout="constrained")


@contextmanager
def chart() -> Iterator[Axes]:
    """The axes to draw on, in the charts' style; `svg(axes)` gives the result."""
    figure = _figure()
    from matplotlib import rc_context

    with rc_context(STYLE):
        axes = figure.add_subplot()
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        axes.set_axisbelow(True)
        yield axes


def svg(axes: Axes) -> str:
    out = io.StringIO()
    axes.get_figure().savefig(out, format="svg", metadata={"Date": None})  # type: ignore[union-attr]
    text = out.getvalue()
    return text[text.index("<svg") :]  # the XML prolog and doctype do not belong inline


def integer_ticks(axes: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def recovery_chart(points: Sequence[RecoveryPoint]) -> str:
    """The cumulative share of silences recovered by each day of outreach (0–100 %)."""
    days = [p.day for p in points]
    rates = [p.rate * 100 for p in points]
    last = max(days, default=30)
    with chart() as axes:
        axes.step(days, rates, where="post", color=COLOURS["line"], linewidth=1.8)
        axes.fill_between(days, rates, step="post", color=COLOURS["line"], alpha=0.12)
        axes.set_xlim(0, last)
        axes.set_ylim(0, 100)
        axes.set_xticks(range(0, last + 1, 5))
        axes.yaxis.set_major_formatter("{x:.0f}%")
        return svg(axes)


def monthly_chart(rows: Sequence[Breakdown]) -> str:
    """Per month: silences begun, of those recovered, and closures (colours: COLOURS)."""
    places = list(range(len(rows)))
    series = (
        ("silences", [r.silences for r in rows], -0.27),
        ("recovered", [r.recovered for r in rows], 0.0),
        ("closed", [r.closed_unreachable for r in rows], 0.27),
    )
    with chart() as axes:
        for key, values, shift in series:
            axes.bar([p + shift for p in places], values, width=0.26, color=COLOURS[key])
        axes.set_xticks(places, [r.key for r in rows], rotation=45 if len(rows) > 8 else 0)
        integer_ticks(axes)
        return svg(axes)


def reply_chart(buckets: Sequence[ReplyBucket]) -> str:
    """How many replies came within each span, from under an hour to over a week."""
    places = list(range(len(buckets)))
    with chart() as axes:
        axes.bar(places, [b.replies for b in buckets], width=0.6, color=COLOURS["line"])
        axes.set_xticks(places, [b.label for b in buckets])
        integer_ticks(axes)
        return svg(axes)
