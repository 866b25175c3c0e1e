"""Message and task wording, from the TOML files shipped in `policies/templates/`.

Japanese is the default; the wording follows the source article's polite tone. Employer
messages never say that the candidate is out of reach (R5): a test checks every template.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

LANGUAGES = ("ja", "en")


@cache
def catalogue(language: str) -> dict[str, Any]:
    text = files("policies").joinpath("templates", f"{language}.toml").read_text("utf-8")
    return tomllib.loads(text)


def message(language: str, key: str, **params: Any) -> tuple[str, str]:
    """The subject and body of message `key`, filled in."""
    entry = catalogue(language)["messages"][key]
    return entry["subject"].format(**params), entry["body"].format(**params).strip() + "\n"


def text(language: str, section: str, key: str, **params: Any) -> str:
    """A task title, a reason or another one-line text, filled in."""
    return str(catalogue(language)[section][key]).format(**params)


def encouragement(language: str, seed: int, **params: Any) -> str:
    """One of the encouraging lines (R8), chosen by `seed` so that it varies but replays."""
    lines: list[str] = catalogue(language)["encouragements"]
    return lines[seed % len(lines)].format(**params)
