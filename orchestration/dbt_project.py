"""The dbt project, on its own so `dagster-dbt project prepare-and-package` can point at it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DBT_VERSION_CHECK", "false")

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

_WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")


def _source_files() -> list[Path]:
    files = []
    for name in _WATCHED:
        path = DBT_PROJECT_DIR / name
        files += [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return files


def _newest_source_mtime() -> float:
    return max((p.stat().st_mtime for p in _source_files()), default=0.0)


def project_fingerprint() -> str:
    """A hash of every model, macro, seed and test: equal fingerprints mean the views, seeds and
    unit tests a build would create are the ones already in the warehouse."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def prepare_manifest() -> Path:
    """Parse the project into target/manifest.json when it is missing or older than its sources.

    @dbt_assets needs the manifest at import time; outside `dagster dev` nothing else builds it.
    """
    manifest = Path(DBT_PROJECT.manifest_path)
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        # The dbt beside this Python, not whatever `dbt` is on PATH (the venv may not be active).
        dbt = Path(sys.executable).parent / "dbt"
        result = subprocess.run([str(dbt), "parse", "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)],
                                cwd=DBT_PROJECT_DIR, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed in {DBT_PROJECT_DIR}:\n{result.stdout}{result.stderr}")
    return manifest
