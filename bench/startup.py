"""Section 5: start-up of the `pipeline` command against `python -c "import click"`.

Each command runs as a subprocess several times, the commands taking turns, and the median
wall time is kept. The installed console script is used when it is next to this interpreter;
otherwise `cli.main:main` is called the way the script would. `-X importtime` then tells which
heavy libraries `pipeline --help` imports (issue 4 wants none of them).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure, Section

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("eventsourcing", "pydantic", "transitions", "rich")


def pipeline_command() -> tuple[list[str], str]:
    script = Path(sys.executable).parent / "pipeline"
    if script.exists():
        return [str(script)], "the installed console script"
    return [sys.executable, "-c", "from cli.main import main; main()"], "cli.main:main via -c"


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):  # the first round warms the file cache and is dropped
        for name, command in commands.items():
            times[name].append(wall_time(command))
    return {name: statistics.median(values[1:]) for name, values in times.items()}


def heavy_imports(command: list[str]) -> list[str]:
    """The top-level packages of `HEAVY` that `command --help` imports."""
    python = command if command[0] == sys.executable else [sys.executable, *command]
    traced = [python[0], "-X", "importtime", *python[1:], "--help"]
    done = subprocess.run(traced, cwd=ROOT, capture_output=True, text=True, check=False)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    return [name for name in HEAVY if name in names]


def run(ctx: Context) -> Section:
    section = Section("startup", "5. CLI start-up")
    pipeline, how = pipeline_command()
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "click": [sys.executable, "-c", "import click"],
        "help": [*pipeline, "--help"],
        "version": [*pipeline, "--version"],
    }
    try:
        found = medians(commands, ctx.sizes.startup_runs)
    except subprocess.CalledProcessError as error:
        section.skipped = f"{' '.join(error.cmd)} failed (exit {error.returncode})"
        return section
    click = found["click"]
    section.add(
        Figure('python -c "import click" (baseline)', click * 1000, "ms", 1.0),
        Figure("pipeline --help", found["help"] * 1000, "ms", found["help"] / click),
        Figure("pipeline --version", found["version"] * 1000, "ms", found["version"] / click),
        Figure(
            'python -c "pass" (the interpreter alone)',
            found["python"] * 1000,
            "ms",
            found["python"] / click,
        ),
    )
    heavy = heavy_imports(pipeline)
    section.notes.append(
        f"{how}; median of {ctx.sizes.startup_runs} runs each, taking turns;"
        f" pipeline --help imports {', '.join(heavy) if heavy else 'none'} of {', '.join(HEAVY)}."
    )
    return section
