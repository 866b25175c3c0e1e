"""`--config FILE`: the policy configuration, a TOML or JSON file of `PolicyConfig` fields,
and in its `[delivery]` table the relay's rules (`DeliverySettings`: send hours, rate, retries).

The display language (`--lang`) never enters here: the configuration is recorded in the
store's configuration log whenever it changes, so it must depend on the file alone. The
`[delivery]` table is not part of it (the relay's pace decides nothing about a candidate).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.delivery import DeliverySettings
    from policies import PolicyConfig

DELIVERY = "delivery"


def load_policy_config(path: str | None) -> PolicyConfig:
    """`PolicyConfig()` without a file; otherwise the file's fields, validated."""
    from pydantic import ValidationError

    from cli.errors import one_line
    from pipeline import ConfigError
    from policies import PolicyConfig

    if path is None:
        return PolicyConfig()
    data = read_document(Path(path))
    data.pop(DELIVERY, None)
    try:
        return PolicyConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {one_line(error)}") from None
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def load_delivery_settings(path: str | None, policy: PolicyConfig) -> DeliverySettings:
    """The file's `[delivery]` table, validated; its send hours in the policies' zone unless
    it names its own."""
    from pydantic import ValidationError

    from cli.errors import one_line
    from pipeline import ConfigError
    from pipeline.delivery import DeliverySettings

    table = read_document(Path(path)).get(DELIVERY, {}) if path is not None else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [delivery] must be a table of DeliverySettings fields")
    try:
        return DeliverySettings.model_validate({"timezone": policy.timezone, **table})
    except ValidationError as error:
        raise ConfigError(f"{path}: [delivery] {one_line(error)}") from None


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
