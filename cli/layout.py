"""Every table the command prints: columns while they fit, one record per row when they do not.

A `Grid` is laid out when it is printed, at the width it is given: as a table if each column
can have its width (a column that folds needs `FOLD_MIN` cells), otherwise as records, the
first cells of a row on one line and each other cell below it as `label: value`, so at 40
columns nothing is cut and no column vanishes. Refs, states and times never wrap; free text
(names, titles, subjects) folds. Off a terminal, unless COLUMNS says otherwise, the console
is `UNWRAPPED` wide (cli.output): each row is one line, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType

FOLD_MIN = 10  # cells: a folding column narrower than this reads as a column of characters
WRAPPED_UP_TO = 1000  # a console wider than this is one that does not wrap (a pipe)


@dataclass(frozen=True)
class Column:
    label: str
    folds: bool = False  # free text that may fold onto more lines
    justify: Literal["left", "right"] = "left"
    labelled: bool = True  # in a record, the cell below the first line says `label: value`
    style: str = ""


class Grid:
    """Rows of cells (text, or a rich renderable for the last cells of a record)."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        heading: int = 1,
        expand: bool = False,
        gap: int = 2,
    ) -> None:
        self.columns = list(columns)
        self.heading = heading  # how many leading cells make a record's first line
        self.expand = expand
        self.gap = gap  # cells between two columns: 2, or 3 (the timeline's)
        self.rows: list[tuple[RenderableType, ...]] = []

    def add_row(self, *cells: RenderableType) -> None:
        self.rows.append(cells)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        width = options.max_width
        if width > WRAPPED_UP_TO:  # a pipe: one line a row, a cell's lines joined
            yield self.table(expand=False, rows=[tuple(map(_flat, row)) for row in self.rows])
        elif self.minimum_width() <= width:
            yield self.table(expand=self.expand)
        else:
            yield from self.records()

    def minimum_width(self) -> int:
        widths = [self.width_of(index) for index in range(len(self.columns))]
        return sum(widths) + self.gap * (len(widths) - 1)

    def width_of(self, index: int) -> int:
        column = self.columns[index]
        cells = [column.label, *(row[index] for row in self.rows)]
        widest = max(_widest_line(cell) for cell in cells)
        return min(widest, FOLD_MIN) if column.folds else widest

    def table(
        self, *, expand: bool, rows: Sequence[tuple[RenderableType, ...]] | None = None
    ) -> RenderableType:
        from rich import box
        from rich.table import Table

        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=self.gap < 3,
            expand=expand,
        )
        for column in self.columns:
            justify, style = column.justify, column.style
            if column.folds:
                table.add_column(
                    column.label, justify=justify, style=style, overflow="fold", ratio=1
                )
            else:
                table.add_column(column.label, justify=justify, style=style, no_wrap=True)
        for row in self.rows if rows is None else rows:
            table.add_row(*row)
        return table

    def records(self) -> Iterator[RenderableType]:
        from rich.padding import Padding
        from rich.text import Text

        for row in self.rows:
            first = [str(cell) for cell in row[: self.heading] if str(cell)]
            yield Text("  ".join(first), overflow="fold")
            for column, cell in zip(
                self.columns[self.heading :], row[self.heading :], strict=False
            ):
                if isinstance(cell, str):
                    shown = f"{column.label}: {_flat(cell)}" if column.labelled else cell
                    yield Padding(Text(shown, overflow="fold"), (0, 0, 0, 2))
                else:
                    yield Padding(cell, (0, 0, 0, 2))


def _flat(cell: RenderableType) -> RenderableType:
    """A text cell's lines on one line (`offered / responsive`); other cells as they are."""
    return " / ".join(cell.splitlines()) if isinstance(cell, str) else cell


def _widest_line(cell: object) -> int:
    """The widest line of a cell in terminal cells; a rich renderable counts as folding."""
    from rich.cells import cell_len

    if hasattr(cell, "plain"):
        cell = cell.plain
    if not isinstance(cell, str):
        return FOLD_MIN
    return max((cell_len(line) for line in cell.splitlines()), default=0)
