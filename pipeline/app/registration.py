"""Registering a candidate: a ref of its own, and the same command sent twice registers once.

A registration without a `ref` gets a generated one (C-XXXXXX). With a `command_id` and no
`ref`, the ref is derived from the id, so a second delivery of the command finds the candidate
the first one registered (its Registered event carries the id) and returns it, writing
nothing; a derived ref that another candidate already holds moves on to the next derivation.
"""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from pipeline import commands as cmd
from pipeline.app.handlers import register_candidate
from pipeline.app.repository import Attempt, CandidateRepository, Stale
from pipeline.app.runner import PolicyRunner
from pipeline.candidate import Candidate
from pipeline.errors import CandidateNotFound, DuplicateCandidate
from pipeline.records import Meta

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


def generated_ref(command_id: str | None, number: int) -> str:
    """A random ref, or the `number`th one derived from the command's id."""
    if command_id is None:
        return f"C-{''.join(secrets.choice(REF_ALPHABET) for _ in range(6))}"
    digest = hashlib.sha256(f"{command_id}\n{number}".encode()).digest()
    return "C-" + "".join(REF_ALPHABET[b % 32] for b in digest[:6])


def registration(
    repository: CandidateRepository,
    runner: PolicyRunner,
    meta: Meta,
    command: cmd.RegisterCandidate,
) -> Attempt[UUID]:
    """One attempt of the registration retry loop (the attempt number picks a derived ref)."""

    def attempt(number: int) -> tuple[Candidate, UUID]:
        ref = command.ref or generated_ref(command.command_id, number)
        if command.command_id is not None:
            existing = found(repository, ref)
            if existing is not None and command.command_id in existing.applied_commands():
                return existing, existing.id  # registered by the first delivery: nothing new
            if existing is not None:
                if command.ref:
                    raise DuplicateCandidate(command.ref)
                raise Stale  # the derived ref is another candidate's: derive the next one
        candidate = register_candidate(meta, command, ref)
        runner.after_events(candidate)
        return candidate, candidate.id

    return attempt


def found(repository: CandidateRepository, ref: str) -> Candidate | None:
    try:
        return repository.get(ref)
    except CandidateNotFound:
        return None
