"""A progress bar for long runs over the store (verify, export, import, what-if)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.output import console

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress, TaskID

PROGRESS_FROM = 50  # candidates: fewer than this finish before a bar is worth drawing


class progress_bar:  # a context manager, read like a function
    """A transient rich progress bar on stderr, drawn only on a terminal and for long runs."""

    def __init__(self, label: str = "verifying candidates", minimum: int = PROGRESS_FROM) -> None:
        self.label, self.minimum = label, minimum
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.minimum or not console(stderr=True).is_terminal:
                return
            from rich.progress import Progress

            self.bar = Progress(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done)
