"""Shared test fixtures: paths, the bundled snapshots, and the real public copies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
REALDATA = Path(os.environ.get("BREAKEVEN_REALDATA", ROOT.parent / "shared" / "realdata"))

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DBT_VERSION_CHECK", "false")


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The folder of real public copies; skipped when absent, except in CI where it must be there."""
    if not REALDATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the real-data folder {REALDATA} is missing")
        pytest.skip(f"real-data folder {REALDATA} not present (set BREAKEVEN_REALDATA to use another)")
    return REALDATA
