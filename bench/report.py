"""What a bench run found: sections of figures, printed as a table and written as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


@dataclass
class Figure:
    """One measured figure, and its ratio against the section's baseline when it has one."""

    name: str
    value: float | None
    unit: str
    ratio: float | None = None
    target: str | None = None  # e.g. "≥ 0.70"
    met: bool | None = None


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str | None = None

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)


def at_least(ratio: float, minimum: float) -> tuple[str, bool]:
    return f"≥ {minimum:.2f}×", ratio >= minimum


def at_most(ratio: float, maximum: float) -> tuple[str, bool]:
    return f"≤ {maximum:.2f}×", ratio <= maximum


def _value(figure: Figure) -> str:
    if figure.value is None:
        return "—"
    number = figure.value
    digits = 0 if abs(number) >= 100 else 2 if abs(number) >= 1 else 4
    return f"{number:,.{digits}f} {figure.unit}"


def _ratio(figure: Figure) -> str:
    return "" if figure.ratio is None else f"{figure.ratio:.2f}×"


def _verdict(figure: Figure) -> str:
    if figure.met is None:
        return ""
    return "met" if figure.met else "MISSED"


def cells(figure: Figure) -> list[str]:
    return [figure.name, _value(figure), _ratio(figure), figure.target or "", _verdict(figure)]


HEADERS = ["measurement", "value", "ratio", "target", ""]


def print_report(sections: list[Section], console: Console) -> None:
    table = Table(show_lines=False, title="candidate-pipeline bench")
    for header in HEADERS:
        table.add_column(header, justify="right" if header in ("value", "ratio") else "left")
    for section in sections:
        table.add_section()
        table.add_row(f"[bold]{section.title}[/bold]", "", "", "", "")
        if section.skipped:
            table.add_row(f"  not run: {section.skipped}", "", "", "", "")
        for figure in section.figures:
            row = cells(figure)
            table.add_row("  " + row[0], *row[1:])
    console.print(table)
    for section in sections:
        for note in section.notes:
            console.print(f"[dim]{section.title}:[/dim] {note}", highlight=False)


def markdown(sections: list[Section]) -> str:
    """The same table in Markdown, for the README's Performance section."""
    lines = ["| " + " | ".join([*HEADERS[:-1], "verdict"]) + " |", "|---|---:|---:|---|---|"]
    for section in sections:
        lines.append(f"| **{section.title}** | | | | |")
        if section.skipped:
            lines.append(f"| not run: {section.skipped} | | | | |")
        lines.extend("| " + " | ".join(cells(figure)) + " |" for figure in section.figures)
    notes = [f"- {section.title}: {note}" for section in sections for note in section.notes]
    return "\n".join([*lines, "", *notes]) + "\n"


def write_json(path: Path, run: dict[str, Any], sections: list[Section]) -> None:
    document = run | {"sections": [asdict(section) for section in sections]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
