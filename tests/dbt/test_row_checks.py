"""The row_checks generic test (macros/generic_tests/row_checks.sql) names every broken rule.

It carries the per-row rules of the daily data models, so a rule it silently skipped would let
bad rows into the marts. The macro runs here over an inline relation through `dbt show`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.settings import DBT_PROJECT_DIR

ROWS = """(select * from (values
    (1, 'spot', 2.5::double, 10),
    (null, 'spot', 2.5, 10),
    (2, 'hourly', 2.5, 10),
    (3, null, 250.0::double, 10),
    (4, 'on_demand', 0.001, 0),
    (5, 'on_demand', 1.0, 0),
    (5, 'spot', 2.0, 1),
    (6, 'spot', 1.0, 1),
    (6, 'spot', 1.0, 1),
    (6, 'spot', 1.0, 1)
) as t(id, pricing_type, usd_per_gpu_hour, n_offers))"""

# Stands in for a ref('...') in a model's yml: any relation with a same-named column.
KNOWN_TYPES = "(select unnest(['on_demand', 'spot', null]) as pricing_type)"


@pytest.fixture(scope="module")
def broken_rules(tmp_path_factory) -> dict[str, int]:
    tmp = tmp_path_factory.mktemp("row_checks")
    inline = ("{{ test_row_checks(model=" + repr(ROWS) + ", unique=['id'], not_null=['id', 'pricing_type'], "
              "ranges={'usd_per_gpu_hour': [0.01, 200]}, accepted_values={'pricing_type': ['on_demand', 'spot']}, "
              "expressions=['n_offers > 0', \"pricing_type <> 'hourly'\"], references={'pricing_type': " + repr(KNOWN_TYPES) + "}) }}")
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "show", "--inline", inline, "--output", "json", "--limit", "100", "--log-format", "json",
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp / "target")],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True,
        env={**os.environ, "BREAKEVEN_WAREHOUSE": str(tmp / "warehouse.duckdb")})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for line in result.stdout.splitlines():
        event = json.loads(line)
        if event["info"]["name"] == "ShowNode":
            return {row["broken_rule"]: row["n_rows"] for row in json.loads(event["data"]["preview"])}
    raise AssertionError(f"dbt show printed no rows: {result.stdout[-2000:]}")


def test_a_null_in_a_not_null_column_is_named_with_its_row_count(broken_rules):
    assert broken_rules["id is null"] == 1
    assert broken_rules["pricing_type is null"] == 1


def test_a_value_outside_its_range_is_quoted_with_the_range(broken_rules):
    assert broken_rules["usd_per_gpu_hour = 250.0 is outside [0.01, 200]"] == 1
    assert broken_rules["usd_per_gpu_hour = 0.001 is outside [0.01, 200]"] == 1


def test_a_value_not_accepted_is_quoted_and_a_null_is_left_to_not_null(broken_rules):
    assert broken_rules["pricing_type = hourly is not one of on_demand, spot"] == 1
    assert not any("None" in rule or "pricing_type =  " in rule for rule in broken_rules)


def test_a_key_on_two_rows_is_named_with_its_values(broken_rules):
    assert broken_rules["more than one row for (id) = (5)"] == 1


def test_a_key_on_three_rows_is_named_once(broken_rules):
    # Repeats are found by comparing each sorted key hash with the one before (macros/duplicate_keys.sql).
    assert broken_rules["more than one row for (id) = (6)"] == 1


def test_a_value_missing_from_the_referenced_relation_is_quoted_and_a_null_is_left_to_not_null(broken_rules):
    assert broken_rules[f"pricing_type = hourly is not in {KNOWN_TYPES}"] == 1
    assert not any(rule.startswith("pricing_type = spot") for rule in broken_rules)


def test_an_expression_that_does_not_hold_is_named_as_written_and_good_rows_add_nothing(broken_rules):
    assert broken_rules["not n_offers > 0"] == 2
    assert broken_rules["not pricing_type <> 'hourly'"] == 1
    assert sum(broken_rules.values()) == 11
