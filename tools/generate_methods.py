"""Write `pipeline/app/methods.py`: one typed method per command, from its pydantic model.

The model is the one declaration of a command: each method's keyword parameters are the model's
fields with the model's own annotations and defaults, its docstring is the handler's, and its
return type the handler's. Run `python -m tools.generate_methods` after adding or changing a
command; `tests/unit/test_command_methods.py` fails while the file is out of date.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from pipeline import commands as cmd
from pipeline.app.handlers import register_candidate
from pipeline.app.routes import ROUTES

TARGET = Path(__file__).resolve().parent.parent / "pipeline" / "app" / "methods.py"
RENAMED = {"candidate": "c", "application": "a"}  # positional-only, as in `reopen(c)`
LEADING = ("name", "message_id", "task_id")  # required fields also taken by position
TYPES_FROM = {  # where the names used in the models' annotations are defined
    "pipeline.commands": ("Text", "Name", "Ref", "ApplicationKey", "CandidateKey", "Email",
                          "Phone", "AdvisorId", "Actor", "Salary", "ClearableDetail", "Moment",
                          "CommandId"),
    "pipeline.states": ("Channel", "Outcome", "EmployerMove", "DeliveryOutcome"),
    "pydantic": ("AwareDatetime", "PositiveInt", "NonNegativeInt"),
    "collections.abc": ("Sequence",),
}  # fmt: skip

HEADER = '''"""The commands as typed methods of `Pipeline`, GENERATED: do not edit.

`python -m tools.generate_methods` writes each method from its command's pydantic model
(parameters, annotations, defaults) and its handler (docstring, return type). The model
validates the call, so bad input is refused the same way whichever way a command arrives.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

{imports}
from pipeline import commands as cmd


class CommandMethods:
    def execute(self, command: Any) -> Any:
        raise NotImplementedError
'''


def annotation(model: type[cmd.Command], field: str) -> str:
    """The field's annotation as written in the model that declares it, `Annotated[X, …]`
    written as the `X` a type checker reads it as."""
    for klass in model.__mro__:
        written = vars(klass).get("__annotations__", {})
        if field in written:
            return ast.unparse(Unannotated().visit(ast.parse(str(written[field]), mode="eval")))
    raise KeyError(f"{model.__name__}.{field} has no annotation")


class Unannotated(ast.NodeTransformer):
    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "Annotated":
            inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
            return self.visit(inner)
        return self.generic_visit(node)


def default(info: FieldInfo) -> str | None:
    """The default as source (None for a required field)."""
    if info.is_required():
        return None
    value: Any = info.get_default(call_default_factory=True)
    return json.dumps(value) if isinstance(value, str) else repr(value)


def parameters(model: type[cmd.Command]) -> tuple[list[str], list[str], list[str]]:
    """(positional-only, positional, keyword-only) parameters, and the call's arguments."""
    only, leading, keywords, arguments = [], [], [], []
    common = ("at", "actor")  # every command's; listed after the command's own fields
    fields = sorted(model.model_fields.items(), key=lambda item: item[0] in common)
    for field, info in fields:
        if field == "type":
            continue
        if field in RENAMED:
            kind = "str | UUID" if field == "candidate" else annotation(model, field)
            only.append(f"{RENAMED[field]}: {kind}")
            arguments.append(f"{field}=str({RENAMED[field]})")
            continue
        given = default(info)
        text = f"{field}: {annotation(model, field)}" + ("" if given is None else f" = {given}")
        (leading if field in LEADING and given is None else keywords).append(text)
        arguments.append(f"{field}={field}")
    return only + (["/"] if only else []) + leading, keywords, arguments


def method(name: str, model: type[cmd.Command], handler: Any) -> str:
    positional, keywords, arguments = parameters(model)
    returns = inspect.signature(handler).return_annotation
    returns = "UUID" if model is cmd.RegisterCandidate else str(returns)
    signature = ", ".join(["self", *positional, *(["*", *keywords] if keywords else [])])
    call = f"self.execute(cmd.{model.__name__}({', '.join(arguments)}))"
    doc = inspect.cleandoc(handler.__doc__ or "").replace('"""', "'''")
    body = call if returns == "None" else f"result: {returns} = {call}\n        return result"
    doc_lines = "\n".join(f"        {line}".rstrip() for line in doc.splitlines())
    return (
        f"\n    def {name}({signature}) -> {returns}:\n"
        f'        """{doc_lines.lstrip()}\n        """\n'
        f"        {body}\n"
    )


def imports(source: str) -> str:
    used = set(re.findall(r"\b[A-Za-z_]\w*\b", source))
    lines = []
    for module, names in sorted(TYPES_FROM.items(), key=lambda item: item[0]):
        wanted = sorted(n for n in names if n in used)
        if wanted:
            lines.append(f"from {module} import {', '.join(wanted)}")
    return "\n".join(lines)


def render() -> str:
    """The module's source, formatted by ruff as the rest of the project is."""
    routes = {model: route.handler for model, route in ROUTES.items()}
    methods = [method("register_candidate", cmd.RegisterCandidate, register_candidate)]
    for model, handler in routes.items():
        name = model.model_fields["type"].default
        methods.append(method(str(name), model, handler))
    body = "".join(methods)
    source = HEADER.format(imports=imports(body)) + body
    sorted_imports = ruff(
        "check", "--select", "I", "--fix", "--exit-zero", "--quiet", source=source
    )
    return ruff("format", source=sorted_imports)


def ruff(*arguments: str, source: str) -> str:
    """`source` as ruff leaves it (the project's settings, read from pyproject.toml)."""
    command = [sys.executable, "-m", "ruff", *arguments, "--stdin-filename", str(TARGET), "-"]
    done = subprocess.run(command, input=source, capture_output=True, text=True, check=True)
    return done.stdout


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
