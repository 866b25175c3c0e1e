"""The application: the `Pipeline` class and the modules it hands its work to.

- `application`: `Pipeline`, the face every command and query goes through.
- `repository`: loading, saving and retrying a candidate (the one retry loop).
- `routes`, `handlers`, `selection`: which handler carries out which command, and the handlers.
- `methods`: the typed command methods, generated from the commands' models.
- `runner`, `effects`: running the policies and carrying out their decisions.
- `tick`: the time-based policies for every due candidate.
- `listing`: lists served by the read models; `history`, `timeline`: a candidate at any point.
- `views`, `describe`, `graph`: what queries return, events in words, the tables as Mermaid.
- `configuration`, `validation`: the configuration log; checks that need the clock or policies.

Import `Pipeline` from `pipeline`; this package's `__init__` imports nothing.
"""
