"""`pipeline audit dossier C --html FILE`: one candidate's whole story on one printable page.

The header; the timeline with both times (when it happened, when it was recorded), who did
it and, for a policy's decision, the policy and its reason; every message as it was written
to the outbox, with what became of it; the candidate's state at the moment each silence was
detected; and the hash chain checked by the audit (`pipeline.audit.verify` on this candidate),
with the head hash. A4, self-contained: nothing is fetched when it is viewed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.app.views import CandidateView, TimelineEntry
from pipeline.audit.verifying import verify
from pipeline.candidate import Candidate
from pipeline.reports import html as h
from pipeline.reports.summary import local_time
from pipeline.reports.words import state_name, word

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


def dossier_page(app: Pipeline, reference: str, lang: str = "ja", zone: str = "Asia/Tokyo") -> str:
    view = app.candidate(reference)
    events = app.history(reference)
    checked = verify(app, [reference])
    body = [
        h.heading(1, f"{word(lang, 'dossier_title')}: {view.ref} {view.name}"),
        header(view, lang, zone),
        h.heading(2, word(lang, "timeline")),
        timeline(app.timeline(reference), lang, zone),
        h.heading(2, word(lang, "messages")),
        *messages(events, app.get_candidate(reference), lang, zone),
        h.heading(2, word(lang, "at_silences")),
        *silences(app, reference, events, lang, zone),
        h.heading(2, word(lang, "chain")),
        chain(view, checked.ok, [d.line() for d in checked.discrepancies], lang),
    ]
    return h.page(f"{word(lang, 'dossier_title')} {view.ref}", lang, body)


def header(view: CandidateView, lang: str, zone: str) -> str:
    registered = local_time(view.registered_at, zone) if view.registered_at else "—"
    return h.facts(
        [
            (word(lang, "ref"), view.ref),
            (word(lang, "name"), view.name),
            (word(lang, "advisor"), view.advisor or "—"),
            (word(lang, "email"), view.email or "—"),
            (word(lang, "phone"), view.phone or "—"),
            (word(lang, "registered"), registered),
            (word(lang, "stage"), state_name(lang, view.stage)),
            (word(lang, "contact"), state_name(lang, view.contact)),
            (word(lang, "events"), str(view.version)),
            (word(lang, "zone"), zone),
        ]
    )


def timeline(entries: list[TimelineEntry], lang: str, zone: str) -> str:
    rows = []
    for e in entries:
        why = f"{e.policy}: {e.reason}" if e.policy else ""
        what = h.escape(e.summary) + (
            f'<br><span class="reason">↳ {h.escape(why)}</span>' if why else ""
        )
        rows.append(
            (
                e.version,
                ("t", local_time(e.occurred_at, zone)),
                ("t", local_time(e.recorded_at, zone)),
                e.actor,
                ("", what),
            )
        )
    headers = [
        "v",
        word(lang, "occurred"),
        word(lang, "recorded"),
        word(lang, "who"),
        word(lang, "what"),
    ]
    return h.table(headers, rows, "timeline")


def messages(events: list[Candidate.Event], state: Candidate, lang: str, zone: str) -> list[str]:
    queued = [e for e in events if isinstance(e, Candidate.MessageQueued)]
    if not queued:
        return [h.paragraph(word(lang, "none"))]
    blocks = []
    for e in queued:
        record = state.messages.get(e.message_id)
        status = record["status"] if record is not None else "?"
        line = (
            f"{local_time(e.due_at, zone)} · {e.recipient} {e.to} · {e.kind} · "
            f"{state_name(lang, str(status))} · {word(lang, 'by')} {e.policy or e.actor}"
        )
        blocks.append(
            f'<div class="message"><strong>{h.escape(e.subject)}</strong>'
            f'<div class="reason">{h.escape(line)}</div><pre>{h.escape(e.body)}</pre></div>'
        )
    return blocks


def silences(
    app: Pipeline, reference: str, events: list[Candidate.Event], lang: str, zone: str
) -> list[str]:
    detected = [e for e in events if isinstance(e, Candidate.ContactChanged) and e.dest == "silent"]
    if not detected:
        return [h.paragraph(word(lang, "none"))]
    parts = []
    for event in detected:  # the state once the policies had acted on it (its transaction)
        last = max(e.originator_version for e in events if e.batch == event.batch)
        view = app.candidate(reference, version=last)
        when = f"{local_time(event.occurred_at, zone)} (v{event.originator_version}–v{last})"
        parts += [h.heading(3, when), h.facts(state_pairs(view, lang))]
    return parts


def state_pairs(view: CandidateView, lang: str) -> list[tuple[str, str]]:
    applications = [
        f"{a.id} {a.employer}「{a.job_title}」 {state_name(lang, a.state)}"
        + (f" [{word(lang, 'paused')}]" if a.paused else "")
        + (f" [{word(lang, 'hiring_intent')}]" if a.hiring_intent else "")
        for a in view.applications
    ]
    risk = view.risk_level + (f": {'; '.join(view.risk_reasons)}" if view.risk_reasons else "")
    return [
        (word(lang, "stage"), state_name(lang, view.stage)),
        (word(lang, "contact"), state_name(lang, view.contact)),
        (word(lang, "applications"), " / ".join(applications) or "—"),
        (word(lang, "risk"), risk),
        (word(lang, "open_tasks"), str(view.open_tasks)),
        (word(lang, "queued_messages"), str(view.queued_messages)),
    ]


def chain(view: CandidateView, ok: bool, problems: list[str], lang: str) -> str:
    verdict = (
        f'<p class="ok">{h.escape(word(lang, "chain_ok", events=view.version))}</p>'
        if ok
        else f'<p class="bad">{h.escape(word(lang, "chain_bad", n=len(problems)))}</p>'
    )
    listed = "".join(f"<li>{h.escape(p)}</li>" for p in problems)
    head = f'<p>head_hash: <span class="hash">{h.escape(view.head_hash)}</span></p>'
    return verdict + (f"<ul>{listed}</ul>" if listed else "") + head
