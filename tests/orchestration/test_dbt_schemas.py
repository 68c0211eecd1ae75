"""dbt's JSON schemas are kept in a file between builds (orchestration/dbt_schemas.py): dbt validates
against exactly the schemas it would derive, a file from other versions of dbt is not trusted,
and a build that derived nothing new leaves the file alone."""

from __future__ import annotations

import json

import pytest
from dbt.contracts.project import Project
from dbt.adapters.duckdb.credentials import DuckDBCredentials
from dbt_common.dataclass_schema import ValidationError, dbtClassMixin

from orchestration.dbt_schemas import KeptSchemas
from tests.helpers import dbt_derived_schema

PROJECT = f"{Project.__module__}.{Project.__qualname__}"


@pytest.fixture(autouse=True)
def dbt_derives_again_after_each_test(monkeypatch):
    # use() replaces dbt's method for the process; the test's replacement goes with the test.
    monkeypatch.setattr(dbtClassMixin, "json_schema", dbtClassMixin.__dict__["json_schema"])


def a_build_asking_for(path, *classes) -> None:
    """What a build's dbt process does with the file: serve the schemas it asks for, then keep them."""
    schemas = KeptSchemas(path)
    schemas.use()
    for cls in classes:
        cls.json_schema()
    schemas.keep()


def test_a_schema_kept_by_one_build_is_the_one_dbt_derives(tmp_path):
    path = tmp_path / "json_schemas.json"
    a_build_asking_for(path, Project, DuckDBCredentials)

    kept = KeptSchemas(path)
    assert kept.schemas[PROJECT] == dbt_derived_schema(Project)
    assert set(kept.schemas) == {PROJECT, f"{DuckDBCredentials.__module__}.{DuckDBCredentials.__qualname__}"}


def test_the_next_build_validates_with_the_kept_schema(tmp_path):
    path = tmp_path / "json_schemas.json"
    schema = {"type": "object", "required": ["kept_marker"]}
    path.write_text(json.dumps({"versions": KeptSchemas(path).versions, "schemas": {PROJECT: schema}}))
    KeptSchemas(path).use()

    assert Project.json_schema() == schema
    with pytest.raises(ValidationError, match="kept_marker"):
        Project.validate({"name": "breakeven"})


def test_a_file_written_under_other_versions_is_not_read_and_is_written_again(tmp_path):
    path = tmp_path / "json_schemas.json"
    versions = {**KeptSchemas(path).versions, "dbt-core": "0.0.1"}
    path.write_text(json.dumps({"versions": versions, "schemas": {PROJECT: {"type": "object", "required": ["x"]}}}))
    schemas = KeptSchemas(path)
    schemas.use()

    assert Project.json_schema() == dbt_derived_schema(Project)
    schemas.keep()
    assert json.loads(path.read_text())["versions"]["dbt-core"] != "0.0.1"


def test_a_file_cut_short_is_derived_anew(tmp_path):
    path = tmp_path / "json_schemas.json"
    path.write_text('{"versions": {"dbt-core"')
    schemas = KeptSchemas(path)
    schemas.use()

    assert Project.json_schema() == dbt_derived_schema(Project)
    schemas.keep()
    assert PROJECT in json.loads(path.read_text())["schemas"]


def test_a_build_that_derived_nothing_new_leaves_the_file_alone(tmp_path):
    path = tmp_path / "json_schemas.json"
    a_build_asking_for(path, Project)
    written = path.stat().st_mtime_ns

    a_build_asking_for(path, Project)
    assert path.stat().st_mtime_ns == written
    assert not list(tmp_path.glob(".json_schemas.json.*"))


def test_a_folder_it_cannot_write_to_does_not_fail_the_build(tmp_path):
    a_build_asking_for(tmp_path / "missing" / "json_schemas.json", Project)  # no error: the next build derives them again
    assert not (tmp_path / "missing").exists()
