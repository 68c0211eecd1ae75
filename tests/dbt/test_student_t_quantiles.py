"""seeds/student_t_quantiles.csv: the 0.95 quantiles of Student's t that the halving-rate intervals use."""

from __future__ import annotations

import csv
from statistics import NormalDist

from orchestration.settings import DBT_PROJECT_DIR

with (DBT_PROJECT_DIR / "seeds" / "student_t_quantiles.csv").open(newline="") as handle:
    QUANTILES = {int(row["degrees_of_freedom"]): float(row["t_0_95"]) for row in csv.DictReader(handle)}

# NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2, column 0.95 (3 decimals):
# https://www.itl.nist.gov/div898/handbook/eda/section3/eda3672.htm
NIST = {1: 6.314, 2: 2.920, 3: 2.353, 4: 2.132, 5: 2.015, 10: 1.812, 20: 1.725, 30: 1.697, 50: 1.676, 100: 1.660}


def test_the_seed_agrees_with_the_published_table_to_its_three_decimals():
    for df, published in NIST.items():
        assert abs(QUANTILES[df] - published) <= 0.0005, df


def test_every_degree_from_one_to_thirty_is_listed_and_the_quantiles_fall_towards_the_normal_one():
    assert set(range(1, 31)) <= QUANTILES.keys()
    ordered = [QUANTILES[df] for df in sorted(QUANTILES)]
    assert ordered == sorted(ordered, reverse=True)
    assert NormalDist().inv_cdf(0.95) < ordered[-1] < NormalDist().inv_cdf(0.95) + 0.002
