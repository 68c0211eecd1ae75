"""Reading prices as providers write them, and converting units exactly.

Prices are converted with Decimal so that "0.00000014" USD per token becomes exactly 0.14 USD
per million tokens, not 0.13999999999999999.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from scrapers.records import RecordError

# Multiply a price per unit by this to get the price per million tokens.
TOKENS_PER_UNIT = {
    "token": Decimal(1_000_000),
    "1k": Decimal(1_000),
    "1m": Decimal(1),
}

_NOT_A_PRICE = re.compile(r"^(free|contact|n/?a|tbd|-|—|–)", re.IGNORECASE)
_MONEY = re.compile(r"^\$?\s*(?P<number>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$")


def parse_usd(value: object, field: str) -> Decimal:
    """A USD amount from a number or a string such as "0.59", "$0.59" or "1,234.5".

    Anything else (blank, "Free", "Contact sales", "N/A", another currency) is a RecordError
    naming `field`: a parser never guesses a price.
    """
    if isinstance(value, bool):
        raise RecordError(field, f"not a price: {value!r}")
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        raise RecordError(field, f"not a price: {value!r}")
    text = value.strip().replace(",", "")
    if not text:
        raise RecordError(field, "blank price")
    if _NOT_A_PRICE.match(text):
        raise RecordError(field, f"not a price: {value!r}")
    match = _MONEY.match(text)
    if not match:
        raise RecordError(field, f"not a USD amount: {value!r}")
    try:
        return Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise RecordError(field, f"not a USD amount: {value!r}") from exc


def per_mtok(value: object, unit: str, field: str) -> float:
    """A price per `unit` ("token", "1K", "1M") as USD per million tokens."""
    try:
        factor = TOKENS_PER_UNIT[unit.strip().lower()]
    except KeyError:
        raise RecordError(field, f"unknown token unit {unit!r}") from None
    return float(parse_usd(value, field) * factor)
