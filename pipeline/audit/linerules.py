"""The commands' own rules, applied to the events an import brings (checklines.py).

An event recorded through a command was validated by that command's model first; an event in
a file was not. So each attribute that came from a command field is validated with that very
field's type (`pipeline.commands`: a name of at most 200 characters, a salary of no less than
0, an application id like A1…), every text anywhere is refused if it holds a NUL (no store can
keep it) or is longer than any the pipeline writes, and a candidate's id must derive from its
ref, as registration derives it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline import commands as cmd
from pipeline.candidate import Candidate, candidate_id_for

MAX_TEXT = 100_000  # characters: far beyond any message body the policies write
C = Candidate
Rule = tuple[type[BaseModel], str]  # the command model, and its field
APPLICATION: dict[str, Rule] = {"application_id": (cmd.ApplicationCommand, "application")}

# event class -> {attribute: the command field whose rules it keeps}
RULES: dict[type, dict[str, Rule]] = {
    C.Registered: {
        f: (cmd.RegisterCandidate, f) for f in ("name", "email", "phone", "advisor", "ref")
    },
    C.FirstMeetingHeld: {
        f: (cmd.RecordFirstMeeting, f)
        for f in ("desired_roles", "desired_salary", "reasons", "duration_minutes")
    },
    C.JobProposed: {
        **{
            f: (cmd.ProposeJob, f)
            for f in ("employer", "job_title", "role", "salary", "employer_contact")
        },
        **APPLICATION,
    },
    C.ResumeReviewed: {"note": (cmd.RecordResumeFeedback, "note")},
    C.InterviewPrepared: {"note": (cmd.RecordInterviewPrep, "note")},
    C.OutboundContactRecorded: {
        f: (cmd.RecordOutboundContact, f) for f in ("channel", "outcome", "note")
    },
    C.ReplyReceived: {f: (cmd.RecordReply, f) for f in ("channel", "note")},
    C.ApplicationChanged: APPLICATION,
    C.HiringIntentMarked: APPLICATION,
    C.ProgressionPaused: APPLICATION,
    C.ProgressionResumed: APPLICATION,
    C.MessageStatusChanged: {f: (cmd.MarkMessage, f) for f in ("message_id", "error")},
    C.TaskStatusChanged: {"task_id": (cmd.CompleteTask, "task_id")},
}


def value_problem(
    event_class: type, attrs: Mapping[str, Any], key: str, line: str | None = None
) -> str | None:
    """What the commands' rules refuse in an event's attributes (`key`: its aggregate id;
    `line`: the text they were read from, which tells at once whether any text is suspect)."""
    for name, (model, field) in RULES.get(event_class, {}).items():
        try:
            _adapter(model, field).validate_python(attrs.get(name))
        except ValidationError as error:
            message = error.errors()[0]["msg"].removeprefix("Value error, ")
            return f"{name} {_shown(attrs.get(name))}: {message}"
    suspect = line is None or "\\u0000" in line or len(line) > MAX_TEXT
    problem = _text_problem(attrs) if suspect else None
    if problem is not None:
        return problem
    ref = attrs.get("ref")
    if event_class is C.Registered and isinstance(ref, str) and str(candidate_id_for(ref)) != key:
        return f"the candidate's id {key} is not the one its ref {attrs['ref']!r} gives"
    return None


@cache
def _adapter(model: type[BaseModel], field: str) -> TypeAdapter[Any]:
    info = model.model_fields[field]
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]


def _text_problem(value: Any, where: str = "") -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return f"{where or 'a value'} holds a NUL character, which no store keeps"
        if len(value) > MAX_TEXT:
            return f"{where or 'a value'} is {len(value):,} characters long (at most {MAX_TEXT:,})"
        return None
    items = (
        value.items()
        if isinstance(value, Mapping)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for name, item in items:
        found = _text_problem(item, where or str(name))
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    text = repr(value[:40] if isinstance(value, str | list) else value)
    return text if len(text) <= 40 else text[:39] + "…"
