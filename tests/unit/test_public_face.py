"""The package faces keep every public name of release 0.1.0, and the lazy face says the truth:
each name it lists is importable from it, is the object of its home module, and the names a
type checker sees (its TYPE_CHECKING imports) are the names it serves."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pipeline
import policies

RELEASE_0_1_0 = {
    "pipeline": [
        "COMMANDS",
        "AnyCommand",
        "ApplicationNotFound",
        "ApplicationPaused",
        "ApplicationView",
        "BasePolicy",
        "Candidate",
        "CandidateNotFound",
        "CandidateSummary",
        "CandidateView",
        "Clock",
        "ConcurrencyConflict",
        "ConfigError",
        "Decision",
        "DuplicateCandidate",
        "FixedClock",
        "InvalidTransition",
        "MessageNotFound",
        "On",
        "OutboxMessage",
        "Pipeline",
        "PipelineError",
        "Policy",
        "StoreError",
        "SystemClock",
        "Task",
        "TaskNotFound",
        "TickReport",
        "TimelineEntry",
        "__version__",
    ],
    "policies": ["STANDARD", "PolicyConfig", "standard_policies"],
}


def test_every_name_of_release_0_1_0_is_still_public() -> None:
    for package, names in RELEASE_0_1_0.items():
        module = importlib.import_module(package)
        for name in names:
            assert name in module.__all__, (package, name)
            assert getattr(module, name) is not None


def test_each_public_name_is_the_object_of_its_home_module() -> None:
    for home, names in pipeline._HOMES.items():
        for name in names:
            assert getattr(pipeline, name) is getattr(importlib.import_module(home), name)
    assert sorted(pipeline.__all__) == sorted([*pipeline._HOME_OF, "__version__"])


def test_the_names_a_type_checker_sees_are_the_names_served() -> None:
    tree = ast.parse(Path(pipeline.__file__).read_text("utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If))
    seen = {
        (node.module, alias.name)
        for node in ast.walk(guarded)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    served = {(home, name) for home, names in pipeline._HOMES.items() for name in names}
    assert seen == served


def test_importing_a_policy_loads_the_domain_alone() -> None:
    probe = (
        "import sys, policies; print(sorted(m for m in sys.modules if m.startswith('pipeline')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "pipeline.app" not in loaded and "pipeline.store" not in loaded
    assert "'pipeline.candidate'" in loaded and "'pipeline.policy'" in loaded
    assert policies.PolicyConfig is not None
