"""Mermaid `stateDiagram-v2` of the transition tables: drawn from `TABLES`, never by hand.

The diagram is generated from the same rows `decide` reads, so it cannot drift from the rules.
Each region is a composite state (`state stage { … }`); state ids are prefixed with the region
(`stage_offered`, `application_offered`) because Mermaid ids are global to a diagram. Rows
between the same two states are merged into one arrow labelled with every trigger; a guard is
shown in brackets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.tables import MACHINES, TABLES

DEFAULT_REGIONS = ("stage", "contact", "application")


def mermaid(regions: Sequence[str] = DEFAULT_REGIONS) -> str:
    """The diagram of `regions` (names of `TABLES`), as Mermaid source."""
    unknown = [r for r in regions if r not in TABLES]
    if unknown:
        raise ValueError(f"unknown region {unknown[0]!r} (known: {', '.join(TABLES)})")
    lines = ["stateDiagram-v2"]
    for region in regions:
        lines += region_lines(region, TABLES[region])
    return "\n".join(lines) + "\n"


def region_lines(region: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    states = list(MACHINES[region].states)
    edges = merged_edges(rows)
    leaving = {source for source, dest in edges if source != dest}
    lines = [f"    state {region} {{"]
    lines += [f'        state "{s}" as {_id(region, s)}' for s in states]
    lines.append(f"        [*] --> {_id(region, states[0])}")
    for (source, dest), labels in edges.items():
        label = ", ".join(labels)
        lines.append(f"        {_id(region, source)} --> {_id(region, dest)}: {label}")
    lines += [f"        {_id(region, s)} --> [*]" for s in states if s not in leaving]
    lines.append("    }")
    return lines


def merged_edges(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """(source, dest) -> the labels of every row between them, in table order."""
    edges: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
        for source in sources:
            labels = edges.setdefault((source, row["dest"]), [])
            label = _label(row)
            if label not in labels:
                labels.append(label)
    return edges


def _label(row: Mapping[str, Any]) -> str:
    guards = [str(row["conditions"])] if "conditions" in row else []
    guards += [f"not {row['unless']}"] if "unless" in row else []
    return f"{row['trigger']} [{' and '.join(guards)}]" if guards else str(row["trigger"])


def _id(region: str, state: str) -> str:
    return f"{region}_{state}"
