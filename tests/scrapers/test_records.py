import math

import pytest

from scrapers.records import GpuRate, RecordError, TokenPrice


def _gpu(**overrides):
    fields = dict(provider_id="aws", gpu_name="H100", gpu_count=8, instance_type="p5.48xlarge",
                  region="us-east-1", pricing_type="on_demand", usd_per_instance_hour=55.04)
    return GpuRate(**{**fields, **overrides})


def test_a_gpu_rate_knows_its_price_per_gpu_hour():
    assert _gpu().usd_per_gpu_hour == pytest.approx(6.88)


@pytest.mark.parametrize("price", [-1.0, math.inf, math.nan, "12"])
def test_a_token_price_must_be_a_finite_non_negative_number(price):
    with pytest.raises(RecordError) as err:
        TokenPrice(provider_id="x", provider_model_id="m", input_usd_per_mtok=price, output_usd_per_mtok=1.0)
    assert err.value.field == "input_usd_per_mtok"


def test_an_unknown_price_tier_is_refused():
    with pytest.raises(RecordError, match="price_tier"):
        TokenPrice(provider_id="x", provider_model_id="m", input_usd_per_mtok=1, output_usd_per_mtok=1, price_tier="cheap")


def test_a_per_gpu_price_outside_the_plausible_band_is_refused_quoting_the_row():
    with pytest.raises(RecordError, match="p5.48xlarge") as err:
        _gpu(usd_per_instance_hour=99999999)
    assert err.value.field == "usd_per_gpu_hour"


@pytest.mark.parametrize("count", [0, 0.25, 1.5])
def test_fractional_or_zero_gpu_counts_are_refused(count):
    with pytest.raises(RecordError, match="gpu_count"):
        _gpu(gpu_count=count)
