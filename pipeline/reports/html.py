"""Self-contained HTML pages: one template, the shared stylesheet inline, nothing to fetch.

Everything that comes from the store is escaped here; the charts are matplotlib's SVG text.
The stylesheet sets an A4 `@page`, so each page prints as it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from importlib.resources import files
from string import Template

__all__ = ["escape"]
Cell = str | int | tuple[str, str]  # text, a number, or (class, text)


def resource(name: str) -> str:
    return files("pipeline.reports").joinpath("templates", name).read_text(encoding="utf-8")


def page(title: str, lang: str, body: Iterable[str]) -> str:
    template = Template(resource("page.html"))
    return template.substitute(
        lang=escape(lang),
        title=escape(title),
        style=resource("page.css").strip(),
        body="\n".join(body),
    )


def heading(level: int, text: str, anchor: str | None = None) -> str:
    where = f' id="{escape(anchor)}"' if anchor else ""
    return f"<h{level}{where}>{escape(text)}</h{level}>"


def paragraph(text: str, css: str = "note") -> str:
    return f'<p class="{css}">{escape(text)}</p>'


def cell(value: Cell, tag: str = "td") -> str:
    if isinstance(value, tuple):
        css, text = value
        return f'<{tag} class="{css}">{text}</{tag}>'  # text already marked up by the caller
    if isinstance(value, int):
        return f'<{tag} class="n">{value}</{tag}>'
    return f"<{tag}>{escape(value)}</{tag}>"


def table(headers: Sequence[Cell], rows: Iterable[Sequence[Cell]], css: str = "") -> str:
    head = "".join(cell(h, "th") for h in headers)
    body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    where = f' class="{css}"' if css else ""
    return f"<table{where}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def number(text: str) -> tuple[str, str]:
    return ("n", escape(text))


def facts(pairs: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="facts">{items}</dl>'


def figure(svg: str, name: str, caption: str, legend: Sequence[tuple[str, str]] = ()) -> str:
    keys = "".join(
        f'<span><i style="background:{colour}"></i>{escape(label)}</span>'
        for label, colour in legend
    )
    shown = f'<div class="legend">{keys}</div>' if legend else ""
    return (
        f'<figure class="chart" data-chart="{escape(name)}">{svg}'
        f"<figcaption>{escape(caption)}</figcaption>{shown}</figure>"
    )
