"""The configuration log's hash chain (pipeline/configlog.py), checked entry by entry.

Each entry carries the hash of the one before it and its own, like a candidate's events. A log
written before the chain existed (release 0.1.0) has entries without hashes: such an unlinked
prefix is accepted, and the first linked entry's `previous_hash` (the digest of the last
unlinked one) covers it; an entry without hashes after a linked one is refused, since
removing hashes is how a rewrite would hide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.configlog import ConfigurationLog, entry_digest
from pipeline.hashing import GENESIS


@dataclass
class ConfigChain:
    problems: list[tuple[int, str]] = field(default_factory=list)  # (version, why)
    unlinked: int = 0  # entries recorded before the log was linked
    linked: int = 0
    head: tuple[int, str] = (0, GENESIS)  # the last entry's version and hash
    links: dict[int, str] = field(default_factory=dict)  # version -> the hash the next links


def check_configuration_chain(entries: Sequence[Any]) -> ConfigChain:
    found = ConfigChain()
    previous, expected = GENESIS, 1
    for entry in entries:
        version = entry.originator_version
        if version != expected:
            why = f"version {expected} is missing: after version {expected - 1} comes {version}"
            found.problems.append((version, why))
        recorded = getattr(entry, "event_hash", None)
        digest = entry_digest(entry)
        if isinstance(entry, ConfigurationLog.Started) and version == 1:
            pass  # the log's start: linked by the entry after it
        elif recorded is None:
            _unlinked(found, version)
        else:
            found.linked += 1
            _linked(found, entry, digest, previous)
        previous, expected = recorded or digest, version + 1
        found.head = (version, previous)
        found.links[version] = previous
    return found


def _unlinked(found: ConfigChain, version: int) -> None:
    if found.linked:
        found.problems.append(
            (version, "this entry has no hash, but entries before it do: its hashes were removed")
        )
    else:
        found.unlinked += 1


def _linked(found: ConfigChain, entry: Any, digest: str, previous: str) -> None:
    version = entry.originator_version
    if digest != entry.event_hash:
        why = f"content does not match its event_hash {str(entry.event_hash)[:12]}…: changed"
        found.problems.append((version, why + " after it was recorded"))
    if getattr(entry, "previous_hash", None) != previous:
        why = (
            f"previous_hash does not match version {version - 1}: an entry before it was "
            "changed, removed or moved"
        )
        found.problems.append((version, why))


def chain_note(chain: ConfigChain) -> str | None:
    """What the report says of a log (partly) written before the chain existed."""
    if not chain.unlinked:
        return None
    one = chain.unlinked == 1
    entries = "entry" if one else f"{chain.unlinked} entries"
    verb, them = ("predates", "it") if one else ("predate", "them")
    if chain.linked:
        return (
            f"the configuration log's first {entries} {verb} its hash chain (release 0.1.0): "
            f"the first linked entry's previous_hash covers {them}"
        )
    return (
        f"the configuration log's {entries} {verb} its hash chain (release 0.1.0) and no "
        f"entry links {them} yet: only an anchor kept elsewhere covers {them}"
    )
