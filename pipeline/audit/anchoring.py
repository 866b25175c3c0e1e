"""`anchor_store`: the anchor of the store as its log holds it now (anchor.py).

Every candidate's head is read from the log itself (its last event, through the recorder and
the mapper), never from the read models, which the anchor exists to distrust; the
configuration log's head comes from its own chain. Reading one event per candidate, it costs a
fraction of a verify: take it after a verify that found nothing, and keep it elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from pipeline.audit.anchor import Anchor, Head
from pipeline.audit.configchain import check_configuration_chain
from pipeline.audit.reading import candidate_pages, configuration_events
from pipeline.candidate import Candidate
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


def anchor_store(app: Pipeline) -> Anchor:
    heads: dict[UUID, Head] = {}
    for page in candidate_pages(app):
        for candidate_id, version in page:
            head = _head(app, candidate_id, version)
            if head is not None:
                heads[candidate_id] = head
    chain = check_configuration_chain(configuration_events(app))
    return Anchor(app.clock.now(), heads, chain.head)


def _head(app: Pipeline, candidate_id: UUID, version: int) -> Head | None:
    (stored,) = app.recorder.select_events(candidate_id, desc=True, limit=1)
    try:
        event = app.mapper.to_domain_event(stored)
    except Exception as error:  # a tampered row can fail in any way
        raise PipelineError(
            f"{candidate_id} version {version} cannot be read ({error}): run "
            "`pipeline audit verify` before taking an anchor"
        ) from None
    if not isinstance(event, Candidate.Event):
        return None
    return version, event.event_hash
