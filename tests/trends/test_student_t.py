import math

import pytest

from orchestration.trends.student_t import incomplete_beta, t_cdf, t_quantile

# Two-sided 90% critical values, t(0.95, df), from any printed t table (e.g. NIST/SEMATECH
# e-Handbook of Statistical Methods, table 1.3.6.7.2).
PRINTED_T_95 = {1: 6.314, 2: 2.920, 3: 2.353, 4: 2.132, 5: 2.015, 7: 1.895, 10: 1.812, 30: 1.697, 100: 1.660}


@pytest.mark.parametrize("df,expected", sorted(PRINTED_T_95.items()))
def test_the_95th_percentile_matches_the_printed_t_table(df, expected):
    assert t_quantile(0.95, df) == pytest.approx(expected, abs=5e-4)


def test_one_degree_of_freedom_is_the_cauchy_distribution_whose_quantile_is_a_tangent():
    for p in (0.6, 0.9, 0.95, 0.99):
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-10)


def test_two_degrees_of_freedom_have_a_closed_form_quantile():
    for p in (0.55, 0.8, 0.95, 0.999):
        a = 4 * p * (1 - p)
        assert t_quantile(p, 2) == pytest.approx((2 * p - 1) * math.sqrt(2 / a), rel=1e-10)


def test_many_degrees_of_freedom_approach_the_normal_quantile():
    assert t_quantile(0.95, 1e7) == pytest.approx(1.6448536, abs=1e-5)


def test_the_distribution_is_symmetric_and_the_quantile_inverts_the_cdf():
    assert t_quantile(0.05, 4) == pytest.approx(-t_quantile(0.95, 4))
    assert t_cdf(t_quantile(0.9, 6), 6) == pytest.approx(0.9, abs=1e-12)
    assert t_cdf(0.0, 3) == pytest.approx(0.5)


def test_the_incomplete_beta_function_has_its_known_special_values():
    assert incomplete_beta(1, 1, 0.3) == pytest.approx(0.3)  # uniform
    assert incomplete_beta(2, 1, 0.5) == pytest.approx(0.25)  # x^a when b = 1
    assert incomplete_beta(3, 4, 0.0) == 0.0 and incomplete_beta(3, 4, 1.0) == 1.0


def test_a_quantile_outside_zero_and_one_is_refused():
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
