"""The event classes an export may name: the project's own, and nothing else.

A topic in a file is looked up here, never imported: resolving any `module:Class` string a
file holds would import whatever module it names. The list is the candidate's events and the
configuration log's, taken from the classes themselves, so a new event is allowed at once.
"""

from __future__ import annotations

from eventsourcing.utils import get_topic

from pipeline.candidate import Candidate
from pipeline.configlog import ConfigurationLog

CANDIDATE_EVENTS: dict[str, type] = {
    get_topic(kind): kind
    for kind in vars(Candidate).values()
    if isinstance(kind, type) and issubclass(kind, Candidate.Event) and kind is not Candidate.Event
}
CONFIG_EVENTS: dict[str, type] = {
    get_topic(kind): kind for kind in (ConfigurationLog.Started, ConfigurationLog.Recorded)
}
STREAMS: dict[str, dict[str, type]] = {
    "candidate": CANDIDATE_EVENTS,
    "configuration": CONFIG_EVENTS,
}
