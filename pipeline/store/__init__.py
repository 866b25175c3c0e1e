"""Persistence: which store a `Pipeline` opens, the recorders, the read models and catch-up.

- `urls`: a store named by a path, `:memory:` or a PostgreSQL URL, as eventsourcing settings.
- `readmodel`: the read models' tables and the rows of one candidate.
- `queries`: the read side in portable SQL, and what writes the rows.
- `sqlite`, `postgres`: eventsourcing's recorders, writing the rows in the events' transaction.
- `catchup`: bringing the read models up to the end of the log; a full rebuild.
- `snapshots`: storing a candidate's state.

This room depends on the domain only; it never imports the application (`pipeline.app`).
"""
