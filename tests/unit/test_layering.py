"""The rooms' import rules (docs/design.md, "Rooms"), pinned by import-linter's contracts.

The contracts live in pyproject.toml (`[tool.importlinter]`); `lint-imports` checks them in
.ci/run too. The second test shows that they bite: a copy of the code where a policy imports
the package face, and the domain imports the application, is refused naming both rules.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(folder / "pyproject.toml")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


def test_every_layering_contract_is_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_refuse_an_import_against_the_rooms(tmp_path: Path) -> None:
    for part in ("pipeline", "policies", "cli", "pyproject.toml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / part)
    with (tmp_path / "policies" / "pause.py").open("a", encoding="utf-8") as policy:
        policy.write("\nfrom pipeline import Candidate as Face  # noqa\n")
    with (tmp_path / "pipeline" / "states.py").open("a", encoding="utf-8") as domain:
        domain.write("\nimport pipeline.app.tick  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "policies.pause -> pipeline" in result.stdout
    assert "pipeline.states -> pipeline.app.tick" in result.stdout
    assert "Only the CLI imports the package faces BROKEN" in result.stdout
    assert "The domain imports no other room, the policies or the CLI BROKEN" in result.stdout
