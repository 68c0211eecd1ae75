import pytest

from scrapers.records import RecordError
from scrapers.units import parse_usd, per_mtok


def test_a_per_token_string_becomes_an_exact_price_per_million_tokens():
    assert per_mtok("0.00000014", "token", "prompt") == 0.14


def test_per_thousand_and_per_million_prices_are_scaled_to_per_million():
    assert per_mtok("0.0005", "1K", "input") == 0.5
    assert per_mtok("$0.59", "1M", "input") == 0.59


@pytest.mark.parametrize("text", ["", "Free", "Contact sales", "N/A", "€0.50", "0.5 CNY", "-"])
def test_text_that_is_not_a_usd_amount_is_refused_naming_the_field(text):
    with pytest.raises(RecordError) as err:
        parse_usd(text, "output")
    assert err.value.field == "output"


def test_an_unknown_unit_is_refused():
    with pytest.raises(RecordError, match="unknown token unit"):
        per_mtok("1", "per character", "input")
