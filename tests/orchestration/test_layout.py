"""The warehouse package is plain Python: Dagster's side imports it, never the other way round."""

import ast
from pathlib import Path

from tests.conftest import ROOT

WAREHOUSE = ROOT / "orchestration" / "warehouse"
# What may be imported from orchestration itself: settings (paths) and the package's own modules.
ALLOWED_OWN = ("orchestration.settings", "orchestration.warehouse")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_warehouse_package_holds_landing_quarantine_publishing_and_the_pipeline():
    assert {p.stem for p in WAREHOUSE.glob("*.py")} >= {"__init__", "landing", "quarantine", "publishing", "pipeline",
                                                        "snapshot_files", "snapshot_store", "snapshot_reader"}


def test_no_warehouse_module_imports_dagster_or_the_modules_that_define_assets():
    for path in sorted(WAREHOUSE.glob("*.py")):
        for module in imported_modules(path):
            assert not module.startswith(("dagster", "dbt")), f"{path.name} imports {module}"
            if module.startswith("orchestration"):
                assert module == "orchestration" or module.startswith(ALLOWED_OWN), f"{path.name} imports {module}"


def test_importing_the_warehouse_package_loads_no_dagster_module():
    import subprocess
    import sys

    check = ("import sys; import orchestration.warehouse, orchestration.warehouse.publishing, "
             "orchestration.warehouse.pipeline, orchestration.warehouse.snapshot_reader; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dagster', 'dagster_dbt', 'dbt')))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
