"""A command's fields as click parameters: each option is the library field it sets.

`--desired-salary` sets `desired_salary`, with the field's own description as its help; a
`Literal` field is a choice, a sequence a repeatable option, a time `--at TIME` (ISO 8601,
naive in `--tz`). The values are not checked here: the command's pydantic model checks them,
and `cli.errors.options_checked` names the option of a refused field (exit 2).
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import click

from cli.params import to_moment

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo

NOT_OPTIONS = ("type", "actor")  # the tag, and who is typing (the global --as)
LAST = ("at",)


def option_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def argument_name(field: str) -> str:
    return field.upper()


def parameters(model: type[BaseModel], arguments: Sequence[str]) -> list[click.Parameter]:
    """The model's fields as click parameters: `arguments` by position, the rest as options."""
    params: list[click.Parameter] = [click.Argument([name]) for name in arguments]
    fields = [f for f in model.model_fields if f not in (*arguments, *NOT_OPTIONS)]
    last = sorted(fields, key=lambda f: f in LAST)  # the command's own fields, then `--at`
    return params + [option(name, model.model_fields[name]) for name in last]


def option(name: str, info: FieldInfo) -> click.Option:
    from pydantic import AwareDatetime

    base, many = shape(info.annotation)
    choices = get_args(base) if get_origin(base) is Literal else None
    more = " (repeat the option for more)" if many else ""
    kwargs: dict[str, Any] = {"help": (info.description or "") + more, "multiple": many}
    if base is AwareDatetime or (isinstance(base, type) and issubclass(base, datetime)):
        kwargs |= {"callback": to_moment, "metavar": "TIME"}
    elif choices:
        kwargs["type"] = click.Choice([str(c) for c in choices])
    elif base is bool:
        kwargs["is_flag"] = True
    elif isinstance(base, type) and issubclass(base, int):
        kwargs["type"] = click.INT
    if info.is_required():
        kwargs["required"] = True
    elif info.default not in (None, (), False) and not many:
        kwargs |= {"default": info.default, "show_default": True}
    return click.Option([option_name(name), name], **kwargs)


def shape(annotation: Any) -> tuple[Any, bool]:
    """The type a field holds (None, Annotated and a sequence taken off) and whether it is a
    sequence."""
    base, many = annotation, False
    while True:
        origin = get_origin(base)
        if origin is Annotated:
            base = get_args(base)[0]
        elif origin in (Union, types.UnionType):
            base = next(a for a in get_args(base) if a is not type(None))
        elif origin in (Sequence, list, tuple):
            base, many = get_args(base)[0], True
        else:
            return base, many


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The parameters given on the command line (an option left out is the model's default)."""
    return {k: v for k, v in values.items() if v is not None and v != ()}


def names(model: type[BaseModel], arguments: Sequence[str]) -> dict[str, str]:
    """Field -> how the command line names it, for `options_checked`."""
    named = {f: option_name(f) for f in model.model_fields if f not in NOT_OPTIONS}
    return named | {f: argument_name(f) for f in arguments} | {"actor": "--as"}
