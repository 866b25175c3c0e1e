"""Carrying out a policy's decisions on the candidate, idempotently, through the same rules
(and transition tables) as the commands.

Message and task ids are derived from the decision's step, so a decision that was already
carried out (by an earlier tick, or by another process) records nothing the second time.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.policy import (
    CancelMessage,
    ChangeApplication,
    ChangeContact,
    ChangeStage,
    ClearRisk,
    CloseTask,
    CreateTask,
    Decision,
    PauseProgression,
    QueueMessage,
    RaiseRisk,
    ResumeProgression,
)
from pipeline.records import Meta, NewTask, QueuedMessage
from pipeline.tables import allows


def declared(decision: Decision, shape: type) -> dict[str, Any]:
    """The decision's values of the fields `shape` (a record's TypedDict) declares."""
    return {key: getattr(decision, key) for key in shape.__annotations__}


@singledispatch
def carry_out(decision: Decision, candidate: Candidate, meta: Meta) -> None:
    raise TypeError(f"no way to carry out {type(decision).__name__}")


@carry_out.register
def _(decision: ChangeStage, candidate: Candidate, meta: Meta) -> None:
    rules.change_stage(candidate, meta, decision.trigger)


@carry_out.register
def _(decision: ChangeContact, candidate: Candidate, meta: Meta) -> None:
    rules.change_contact(candidate, meta, decision.trigger)


@carry_out.register
def _(decision: ChangeApplication, candidate: Candidate, meta: Meta) -> None:
    rules.change_application(candidate, meta, decision.application_id, decision.trigger)


@carry_out.register
def _(decision: PauseProgression, candidate: Candidate, meta: Meta) -> None:
    if not rules.application(candidate, decision.application_id)["paused"]:
        rules.set_paused(candidate, meta, decision.application_id, paused=True)


@carry_out.register
def _(decision: ResumeProgression, candidate: Candidate, meta: Meta) -> None:
    if rules.application(candidate, decision.application_id)["paused"]:
        rules.set_paused(candidate, meta, decision.application_id, paused=False)


@carry_out.register
def _(decision: QueueMessage, candidate: Candidate, meta: Meta) -> None:
    message_id = candidate.message_id_for(decision.step)
    if message_id in candidate.messages:
        return
    fields = declared(decision, QueuedMessage)
    candidate.record(Candidate.MessageQueued, meta, message_id=message_id, **fields)


@carry_out.register
def _(decision: CancelMessage, candidate: Candidate, meta: Meta) -> None:
    message = candidate.messages.get(decision.message_id)
    if message and allows("message", message["status"], "cancelled"):
        rules.change_message(candidate, meta, decision.message_id, "cancelled")


@carry_out.register
def _(decision: CreateTask, candidate: Candidate, meta: Meta) -> None:
    task_id = candidate.message_id_for(decision.step)
    if task_id in candidate.tasks:
        return
    candidate.record(Candidate.TaskCreated, meta, task_id=task_id, **declared(decision, NewTask))


@carry_out.register
def _(decision: CloseTask, candidate: Candidate, meta: Meta) -> None:
    task = candidate.tasks.get(decision.task_id)
    if task and allows("task", task["status"], decision.status):
        rules.change_task(candidate, meta, decision.task_id, decision.status)


@carry_out.register
def _(decision: RaiseRisk, candidate: Candidate, meta: Meta) -> None:
    candidate.record(
        Candidate.RiskRaised,
        meta,
        signal=decision.signal,
        application_id=decision.application_id,
        expires_at=decision.expires_at,
    )


@carry_out.register
def _(decision: ClearRisk, candidate: Candidate, meta: Meta) -> None:
    if decision.signal in candidate.risks:
        candidate.record(Candidate.RiskCleared, meta, signal=decision.signal)
