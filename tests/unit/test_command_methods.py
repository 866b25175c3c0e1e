"""One declaration per command: the pydantic model. The typed methods are generated from it,
every model has a route, and every route a method whose keywords are the model's fields."""

from __future__ import annotations

import inspect
from typing import get_args

from pipeline import Pipeline
from pipeline import commands as cmd
from pipeline.app.routes import ROUTES
from tools.generate_methods import TARGET, render

POSITIONAL = {"candidate": "c", "application": "a"}


def test_the_generated_methods_are_up_to_date() -> None:
    assert TARGET.read_text("utf-8") == render(), "run: python -m tools.generate_methods"


def test_every_command_has_a_route_and_every_route_a_command() -> None:
    union = get_args(get_args(cmd.AnyCommand)[0])
    models = {m for m in union if issubclass(m, cmd.CandidateCommand)}
    assert models == set(ROUTES)


def test_each_methods_parameters_are_its_models_fields() -> None:
    for model in [cmd.RegisterCandidate, *ROUTES]:
        name = model.model_fields["type"].default
        signature = inspect.signature(getattr(Pipeline, name))
        parameters = dict(signature.parameters)
        parameters.pop("self")
        expected = {POSITIONAL.get(f, f) for f in model.model_fields} - {"type"}
        assert set(parameters) == expected, name
        for field, info in model.model_fields.items():
            if field in ("type", *POSITIONAL):
                continue
            parameter = parameters[field]
            if info.is_required():
                assert parameter.default is inspect.Parameter.empty, (name, field)
            else:
                assert parameter.default == info.get_default(call_default_factory=True)
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (name, field)


def test_a_method_builds_its_command_and_hands_it_to_execute() -> None:
    seen: list[object] = []
    app = object.__new__(Pipeline)
    object.__setattr__(app, "execute", seen.append)
    app.record_reply("C-1", channel="email", note="thanks")
    app.confirm_interview("C-1", "A2", round=2)
    assert seen == [
        cmd.RecordReply(candidate="C-1", channel="email", note="thanks"),
        cmd.ConfirmInterview(candidate="C-1", application="A2", round=2),
    ]
