"""Section 7: command throughput with 1, 2 and 4 processes on PostgreSQL, against SQLite.

Each process (spawned, so nothing is inherited) opens its own `Pipeline`, warms up on
candidates of its own, waits for the others at a barrier, then issues the command mix of
section 1 for its own candidates. Throughput is all the events written, over the time from
the first start to the last finish. The SQLite figure is one such process on a file. Each
PostgreSQL run gets a fresh schema, dropped afterwards. The server is
`PIPELINE_BENCH_POSTGRES`, else `PIPELINE_TEST_POSTGRES`, else the local default.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import secrets
import time
import traceback
from typing import Any

from bench.context import Context
from bench.report import Figure, Section
from bench.scenario import MIX, START, ref_for, run_mix
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
PROCESSES = (1, 2, 4)
WARM_UP_CANDIDATES = 3
TIMEOUT = 900


def server_url() -> str:
    return (
        os.environ.get("PIPELINE_BENCH_POSTGRES")
        or os.environ.get("PIPELINE_TEST_POSTGRES")
        or DEFAULT_URL
    )


def unavailable(url: str) -> str | None:
    """Why PostgreSQL cannot be measured, or None when it can."""
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    if importlib.util.find_spec("pipeline.store.postgres") is None:
        return "pipeline.store.postgres is not available yet"
    import psycopg

    try:
        psycopg.connect(url.split("?", 1)[0], connect_timeout=3).close()
    except psycopg.Error as error:
        return f"cannot reach {url.split('?', 1)[0]}: {str(error).strip()}"
    return None


def libpq() -> str:
    """Which libpq wrapper psycopg uses: 'python' (ctypes) is several times slower."""
    import psycopg

    return f"{psycopg.__version__} ({psycopg.pq.__impl__} libpq wrapper)"


def worker(store: str, first: int, candidates: int, barrier: Any, results: Any) -> None:
    """One process: open, warm up, run the mix when all are ready; report (start, end, events).

    Every process opens its `Pipeline` before any writes, so that the timed part measures
    commands only (the first opening creates the schema's tables).
    """
    try:
        clock = FixedClock(START)
        app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
        barrier.wait()
        run_mix(app, clock, WARM_UP_CANDIDATES, first=10_000_000 + first)
        barrier.wait()
        start = time.monotonic()
        run_mix(app, clock, candidates, first=first)
        end = time.monotonic()
        events = sum(
            app.get_candidate(ref_for(i)).version for i in range(first, first + candidates)
        )
        app.close()
        results.put(("ok", start, end, events))
    except BaseException:
        barrier.abort()
        results.put(("error", traceback.format_exc()))


def throughput(store: str, processes: int, candidates: int) -> float:
    """Events per second of `processes` processes, each running the mix for `candidates`."""
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(processes), spawn.Queue()
    workers = [
        spawn.Process(target=worker, args=(store, p * candidates, candidates, barrier, results))
        for p in range(processes)
    ]
    for process in workers:
        process.start()
    outcomes = [results.get(timeout=TIMEOUT) for _ in workers]
    for process in workers:
        process.join()
    failed = [o[1] for o in outcomes if o[0] == "error"]
    if failed:
        raise RuntimeError(failed[0])
    start, end = min(o[1] for o in outcomes), max(o[2] for o in outcomes)
    return float(sum(o[3] for o in outcomes) / (end - start))


class Schemas:
    """Fresh schemas for the runs of this bench, all dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = url.split("?", 1)[0]
        self.prefix = f"pipeline_bench_{secrets.token_hex(4)}"
        self.made: list[str] = []

    def fresh(self) -> str:
        from psycopg import sql

        name = f"{self.prefix}_{len(self.made) + 1}"
        self._execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        self.made.append(name)
        return f"{self.url}?schema={name}"

    def drop_all(self) -> None:
        from psycopg import sql

        for name in self.made:
            self._execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))

    def _execute(self, statement: Any) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(statement)


def run(ctx: Context) -> Section:
    section = Section("postgres", "7. PostgreSQL processes")
    url = server_url()
    why = unavailable(url)
    if why:
        section.skipped = why
        return section
    candidates = max(1, ctx.sizes.pg_commands_per_process // len(MIX))
    sqlite = throughput(str(ctx.path("pg-baseline.db")), 1, candidates)
    section.add(Figure("SQLite file, 1 process (baseline)", sqlite, "events/s", 1.0))
    schemas = Schemas(url)
    try:
        for processes in PROCESSES:
            rate = throughput(schemas.fresh(), processes, candidates)
            name = f"PostgreSQL, {processes} process" + ("es" if processes > 1 else "")
            section.add(Figure(name, rate, "events/s", rate / sqlite))
    except RuntimeError as error:
        section.skipped = f"a PostgreSQL run failed: {str(error).strip().splitlines()[-1]}"
    finally:
        schemas.drop_all()
    section.notes.append(
        f"each process issues {candidates * len(MIX):,} commands for {candidates} candidates of its"
        f" own; {url.split('?', 1)[0]}, a fresh schema per run, dropped after; this machine has"
        f" {os.cpu_count()} CPUs shared by the processes and the server; psycopg {libpq()}."
    )
    return section
