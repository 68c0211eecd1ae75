"""Student's t 0.95 quantiles (orchestration/trends/student_t.py): the one t table of the project
(dbt model int_trends__t_quantiles), read by the halving-rate and the capability-frontier intervals."""

from __future__ import annotations

import importlib.util
from statistics import NormalDist

import duckdb
import pytest

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.trends.student_t import t_quantile

# Six decimals, computed apart by bisection on the t distribution function and checked against
# NIST's table where it prints the row (the values of the former seed student_t_quantiles; the
# printed table itself is tests/trends/test_student_t.py's).
HAND_CHECKED = {
    1: 6.313752, 2: 2.919986, 3: 2.353363, 4: 2.131847, 5: 2.015048, 6: 1.94318, 7: 1.894579, 8: 1.859548,
    9: 1.833113, 10: 1.812461, 11: 1.795885, 12: 1.782288, 13: 1.770933, 14: 1.76131, 15: 1.75305, 16: 1.745884,
    17: 1.739607, 18: 1.734064, 19: 1.729133, 20: 1.724718, 21: 1.720743, 22: 1.717144, 23: 1.713872,
    24: 1.710882, 25: 1.708141, 26: 1.705618, 27: 1.703288, 28: 1.701131, 29: 1.699127, 30: 1.697261,
    35: 1.689572, 40: 1.683851, 45: 1.679427, 50: 1.675905, 60: 1.670649, 70: 1.666914, 80: 1.664125,
    90: 1.661961, 100: 1.660234, 120: 1.657651, 150: 1.655076, 200: 1.652508, 300: 1.649949, 500: 1.647907,
    1000: 1.646379,
}


@pytest.fixture(scope="module")
def table() -> dict[int, float]:
    """The rows the dbt model int_trends__t_quantiles writes, run outside dbt."""
    path = DBT_PROJECT_DIR / "models" / "intermediate" / "capability" / "int_trends__t_quantiles.py"
    spec = importlib.util.spec_from_file_location("int_trends__t_quantiles", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class Dbt:
        def config(self, **_):
            pass

    with duckdb.connect() as con:
        return dict(module.model(Dbt(), con).fetchall())


def test_the_quantiles_agree_with_the_hand_checked_ones_to_six_decimals():
    for df, checked in HAND_CHECKED.items():
        assert round(t_quantile(0.95, df), 6) == pytest.approx(checked, abs=1e-6), df


def test_the_model_lists_every_degree_from_one_to_a_thousand_falling_towards_the_normal_quantile(table):
    assert sorted(table) == list(range(1, 1001))
    ordered = [table[df] for df in sorted(table)]
    assert ordered == sorted(ordered, reverse=True)
    assert NormalDist().inv_cdf(0.95) < ordered[-1] < NormalDist().inv_cdf(0.95) + 0.002
    for df, checked in HAND_CHECKED.items():
        assert table[df] == pytest.approx(checked, abs=1e-6), df
