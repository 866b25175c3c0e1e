"""Checking an export line by line before anything is imported (format: jsonl.py).

Each line gets at most one finding, the most specific one: not JSON, a wrong header, an event
whose attributes do not match its own hash, a version out of sequence in its stream, a link to
the wrong previous event, and last the chain of line hashes (a line changed, missing or moved
in a way the event checks cannot see). The chain continues from each line's own hash, so one
bad line is reported once, not for every line after it.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from pipeline.audit.jsonl import (
    FORMAT,
    LINE_HASH,
    VERSION,
    LineProblem,
    build_event,
    chained,
    line_fields,
)
from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog, configuration_id
from pipeline.errors import PipelineError
from pipeline.hashing import GENESIS, event_digest

SHOWN_PROBLEMS = 20


class ImportRefused(PipelineError):
    """The file is not an intact export; nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n  … and {more} more" if more else ""
        super().__init__("nothing was imported:\n  " + "\n  ".join(shown) + tail)
        self.problems = problems


class ExportReader:
    def __init__(self) -> None:
        self.last_hash = ""
        self.problems: list[str] = []
        self.events: list[Any] = []
        self.streams: dict[tuple[str, str], tuple[int, str]] = {}  # -> (version, event hash)
        self.candidates: set[str] = set()
        self.refs: dict[str, str] = {}  # candidate id -> ref, for messages
        self.event_lines = 0
        self.lines = 0
        self.ended = False

    def line(self, number: int, text: str) -> None:
        if self.ended and not text.strip():
            return  # blank lines after the end line (an editor's final newline) change nothing
        self.lines = number
        try:
            document = self.parse(text)
            expected = chained(self.last_hash, document)
            stored = document.get(LINE_HASH)
            self.last_hash = stored if isinstance(stored, str) else expected
            self.check(number, document)
            if stored != expected:
                raise LineProblem(
                    f"does not follow line {number - 1}: a line was removed, added, "
                    "changed or moved here"
                )
        except LineProblem as problem:
            self.problems.append(f"line {number}: {problem}")

    def finish(self) -> None:
        if self.lines == 0:
            self.problems.append("line 1: the file is empty: not an export")
        elif not self.ended:
            self.problems.append(
                f"line {self.lines + 1}: the end line is missing: the file was cut short"
            )
        if self.problems:
            raise ImportRefused(self.problems)

    def parse(self, text: str) -> dict[str, Any]:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise LineProblem(f"not JSON ({error.msg})") from None
        except RecursionError:
            raise LineProblem("not JSON (nested too deep)") from None
        except ValueError as error:  # an integer of thousands of digits
            raise LineProblem(f"not JSON ({error})") from None
        if not isinstance(document, dict):
            raise LineProblem("not a JSON object")
        return document

    def check(self, number: int, document: dict[str, Any]) -> None:
        if self.ended:
            raise LineProblem("comes after the end line")
        if number == 1:
            self.header(document)
        elif document.get("end") is True:
            self.end(document)
        else:
            self.event(document)

    def header(self, document: dict[str, Any]) -> None:
        if document.get("format") != FORMAT:
            raise LineProblem(f"not a {FORMAT} export (format {document.get('format')!r})")
        if document.get("version") != VERSION:
            raise LineProblem(
                f"format version {document.get('version')!r} cannot be read (this reads {VERSION})"
            )

    def end(self, document: dict[str, Any]) -> None:
        self.ended = True
        events, candidates = self.event_lines, len(self.candidates)
        if self.problems:
            return  # the counts would only repeat what the lines before already showed
        if document.get("events") != events or document.get("candidates") != candidates:
            raise LineProblem(
                f"the end line counts {document.get('events')} events of "
                f"{document.get('candidates')} candidates, but the file holds {events} events "
                f"of {candidates}: lines are missing or added"
            )

    def event(self, document: dict[str, Any]) -> None:
        self.event_lines += 1
        stream, key, version, event_class, attrs = line_fields(document)
        if isinstance(attrs.get("ref"), str) and version == 1:
            self.refs.setdefault(key, attrs["ref"])
        label = f"{stream} {self.refs.get(key, key)} version {version}"
        previous_version, previous_hash = self.streams.get((stream, key), (0, GENESIS))
        if version > previous_version:
            self.streams[(stream, key)] = (version, str(attrs.get("event_hash", "")))
        if version != previous_version + 1:
            why = "missing or moved" if version > previous_version else "out of order"
            raise LineProblem(f"{label} follows version {previous_version}: a line is {why}")
        event = build_event(event_class, key, version, attrs)
        if stream == "candidate":
            self.candidates.add(key)
            _check_candidate_event(event, previous_hash, label)
        else:
            _check_configuration_event(event, key)
        self.events.append(event)


def _check_candidate_event(event: Any, previous_hash: str, label: str) -> None:
    recorded = getattr(event, "event_hash", None)
    kind = type(event).__qualname__
    if event_digest(kind, event.originator_id, event.originator_version, vars(event)) != recorded:
        raise LineProblem(f"{label}: the attributes do not match its event_hash: changed")
    if getattr(event, "previous_hash", None) != previous_hash:
        raise LineProblem(f"{label}: previous_hash does not match the event before it")


def _check_configuration_event(event: Any, key: str) -> None:
    if UUID(key) != CONFIG_LOG_ID:
        raise LineProblem(f"{key} is not the configuration log")
    if isinstance(event, ConfigurationLog.Recorded):
        document, config_id = getattr(event, "document", None), getattr(event, "config_id", None)
        if not isinstance(document, dict) or configuration_id(document) != config_id:
            raise LineProblem(f"configuration {config_id}: the document does not match its id")
