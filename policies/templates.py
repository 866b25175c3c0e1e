"""Message and task wording, from the TOML files shipped in `policies/templates/`.

Japanese is the default; the wording follows the source article's polite tone. Employer
messages never say that the candidate is out of reach (R5): a test checks every template.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from string import Formatter
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


def without_honorific(language: str, name: str) -> str:
    """`name` without a trailing honorific (山田 太郎様 → 山田 太郎), for templates that add one."""
    bare = name.strip()
    for honorific in catalogue(language)["honorifics"]:
        if bare.endswith(honorific) and len(bare) > len(honorific):
            return bare.removesuffix(honorific).rstrip()
    return bare


def addressed(language: str, contact: str) -> str:
    """The first line of a message to `contact`: an honorific added only if it has none."""
    if without_honorific(language, contact) != contact.strip():
        return contact.strip()
    return text(language, "texts", "addressee", contact=contact.strip())


def signature(language: str, **fields: str) -> str:
    """The signature block: each line filled in (`fill`), a line with no alternative whose
    fields are all given left out, so a missing phone or agency leaves no empty label."""
    lines = (_first_given(line, fields) for line in catalogue(language)["signature_lines"])
    return "\n".join(line for line in lines if line is not None)


def fill(language: str, key: str, **fields: str) -> str:
    """The text `key` written `a|b|…`: the first alternative whose fields are all given."""
    alternatives = str(catalogue(language)["texts"][key])
    return _first_given(alternatives, fields) or alternatives.rsplit("|", 1)[-1]


def _first_given(alternatives: str, fields: dict[str, str]) -> str | None:
    for alternative in alternatives.split("|"):
        names = [name for _, name, _, _ in Formatter().parse(alternative) if name]
        if all(fields.get(name) for name in names):
            return alternative.format(**fields)
    return None
