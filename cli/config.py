"""`--config FILE`: the policy configuration, a TOML or JSON file of `PolicyConfig` fields.

The display language (`--lang`) never enters here: the configuration is recorded in the
store's configuration log whenever it changes, so it must depend on the file alone.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policies import PolicyConfig


def load_policy_config(path: str | None) -> PolicyConfig:
    """`PolicyConfig()` without a file; otherwise the file's fields, validated."""
    from pydantic import ValidationError

    from cli.errors import one_line
    from pipeline import ConfigError
    from policies import PolicyConfig

    if path is None:
        return PolicyConfig()
    data = read_document(Path(path))
    try:
        return PolicyConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {one_line(error)}") from None
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def read_document(path: Path) -> dict[str, Any]:
    """A mapping from a `.json` file, or from TOML for any other name."""
    from pipeline import ConfigError

    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    except (ValueError, RecursionError) as error:  # decode errors, 5,000-digit numbers, nesting
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        why = "nested too deep" if isinstance(error, RecursionError) else str(error)
        raise ConfigError(f"{path}: not valid {kind}: {why}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected an object of PolicyConfig fields")
    return data
