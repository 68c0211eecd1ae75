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
# The tests' Dagster runs go to their own DAGSTER_HOME, never to a database the developer's shell
# names; the PostgreSQL tests set it to a server they start.
os.environ.pop("BREAKEVEN_DAGSTER_PG_URL", None)


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The folder of real public copies; skipped when absent, except in CI where it must be there."""
    if not REALDATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the real-data folder {REALDATA} is missing")
        pytest.skip(f"real-data folder {REALDATA} not present (set BREAKEVEN_REALDATA to use another)")
    return REALDATA


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory) -> str:
    """moto's S3 server on 127.0.0.1, for the whole session (started on first use)."""
    from tests.servers import moto_s3

    with moto_s3(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch) -> str:
    """A new, empty bucket on the test S3 server, with the AWS variables naming that server (and
    test credentials) for the test; yields s3://<bucket>."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for unrelated in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(unrelated, raising=False)
    import uuid

    import fsspec

    bucket = f"breakeven-{uuid.uuid4().hex[:12]}"
    fsspec.filesystem("s3", skip_instance_cache=True).mkdir(bucket)
    return f"s3://{bucket}"
