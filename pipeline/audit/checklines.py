"""Checking an export line by line, as it streams in (format: jsonl.py, rules: linerules.py).

Each line gets at most one finding, the most specific one: not JSON, a wrong header, an event
of a topic that is not the project's, a value the commands' own rules refuse, an event whose
attributes do not match its own hash, a version out of sequence in its stream, a candidate
whose events are not together, a link to the wrong previous event, and last the chain of line
hashes (a line changed, missing or moved in a way the event checks cannot see). The chain
continues from each line's own hash, so one bad line is reported once, not for every line
after it. With an audit key, the end line must carry the export's HMAC.

Nothing is kept but what the next lines are checked against (each stream's last version and
hash), so a file of any size is read in the same memory.
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
    canonical_json,
    chained,
    line_fields,
)
from pipeline.audit.keys import signed_by
from pipeline.audit.linerules import value_problem
from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog, configuration_id
from pipeline.errors import PipelineError
from pipeline.hashing import GENESIS, event_digest

SHOWN_PROBLEMS = 20
KEPT_PROBLEMS = 1000  # a file wrong on every line is not worth a list of every line
SIGNATURE = "hmac"


class ImportRefused(PipelineError):
    """The file is not an intact export; nothing was imported."""

    def __init__(self, problems: list[str], dropped: int = 0) -> None:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown) + dropped
        tail = f"\n  … and {more} more" if more else ""
        super().__init__("nothing was imported:\n  " + "\n  ".join(shown) + tail)
        self.problems = problems
        self.dropped = dropped  # problems found beyond those kept


def end_signature_text(previous: str, end: dict[str, Any]) -> str:
    """What the export's HMAC covers: the chain up to the end line, and the end's counts."""
    body = {k: v for k, v in end.items() if k not in (LINE_HASH, SIGNATURE)}
    return previous + "\n" + canonical_json(body)


class ExportReader:
    def __init__(self, key: bytes | None = None) -> None:
        self.key = key
        self.last_hash = ""
        self.problems: list[str] = []
        self.dropped = 0
        self.streams: dict[tuple[str, str], tuple[int, str]] = {}  # -> (version, event hash)
        self.candidates: set[str] = set()
        self.current = ""  # the candidate whose events are being read
        self.refs: dict[str, str] = {}  # candidate id -> ref, for messages
        self.event_lines = 0
        self.lines = 0
        self.ended = False

    def line(self, number: int, text: str) -> Any | None:
        """The event the line holds, if the line is intact (None for the header and the end)."""
        if self.ended and not text.strip():
            return None  # blank lines after the end line (an editor's final newline)
        self.lines = number
        try:
            document = self.parse(text)
            expected = chained(self.last_hash, document)
            stored = document.get(LINE_HASH)
            previous, self.last_hash = (
                self.last_hash,
                stored if isinstance(stored, str) else expected,
            )
            event = self.check(number, document, previous, text)
            if stored != expected:
                raise LineProblem(
                    f"does not follow line {number - 1}: a line was removed, added, "
                    "changed or moved here"
                )
        except LineProblem as problem:
            self.refuse(f"line {number}: {problem}")
            return None
        return event

    def refuse(self, problem: str) -> None:
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def finish(self) -> None:
        if self.lines == 0:
            self.refuse("line 1: the file is empty: not an export")
        elif not self.ended:
            self.refuse(f"line {self.lines + 1}: the end line is missing: the file was cut short")
        if self.problems:
            raise ImportRefused(self.problems, self.dropped)

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

    def check(self, number: int, document: dict[str, Any], previous: str, text: str) -> Any | None:
        if self.ended:
            raise LineProblem("comes after the end line")
        if number == 1:
            self.header(document)
        elif document.get("end") is True:
            self.end(document, previous)
        else:
            return self.event(document, text)
        return None

    def header(self, document: dict[str, Any]) -> None:
        if document.get("format") != FORMAT:
            raise LineProblem(f"not a {FORMAT} export (format {document.get('format')!r})")
        if document.get("version") != VERSION:
            raise LineProblem(
                f"format version {document.get('version')!r} cannot be read (this reads {VERSION})"
            )

    def end(self, document: dict[str, Any], previous: str) -> None:
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
        text = end_signature_text(previous, document)
        if self.key is not None and not signed_by(self.key, text, document.get(SIGNATURE)):
            why = (
                "not signed" if SIGNATURE not in document else "signed with another key, or changed"
            )
            raise LineProblem(
                f"the export is {why}: with the audit key, only an export it signed is imported"
            )

    def event(self, document: dict[str, Any], text: str) -> Any:
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
        problem = value_problem(event_class, attrs, key, text)
        if problem is not None:
            raise LineProblem(f"{label}: {problem}")
        event = build_event(event_class, key, version, attrs)
        if stream == "candidate":
            self.together(key, label)
            _check_candidate_event(event, previous_hash, label)
        else:
            _check_configuration_event(event, key)
        return event

    def together(self, key: str, label: str) -> None:
        """A candidate's events come one after the other (the format says candidate by
        candidate; an import keeps only the candidate being read)."""
        if key != self.current and key in self.candidates:
            raise LineProblem(f"{label}: this candidate's events are not together")
        self.current = key
        self.candidates.add(key)


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
