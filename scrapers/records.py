"""Record types that parsers yield, matching the warehouse contract in DESIGN.md.

A parser yields `TokenPrice` or `GpuRate` for each offer it read, and `Skip` for each row it
deliberately left out or could not read, and may yield a `Notice` for something it saw but does
not read (a column added to a table): the run logs it, the records are unaffected. Records validate themselves on creation, so a parser
cannot hand the warehouse a negative, infinite or unit-less price.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

PRICE_TIERS = frozenset({"standard", "batch", "flex", "priority", "long_context", "off_peak"})
PRICING_TYPES = frozenset(
    {"on_demand", "spot", "reserved_1y", "reserved_3y", "capacity_block", "community"}
)
# A per-GPU-hour price outside this band is a parser or catalogue error, not an offer.
GPU_HOUR_USD_RANGE = (0.01, 200.0)


class RecordError(ValueError):
    """A record failed validation; `field` names the offending field."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _check_price(name: str, value: float | None, *, required: bool) -> None:
    if value is None:
        if required:
            raise RecordError(name, "is required")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(name, f"must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise RecordError(name, f"must be a finite non-negative price, got {value!r}")


def _check_text(name: str, value: str | None) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(name, "is required")


@dataclass(frozen=True)
class TokenPrice:
    """A provider's list price for one model, in USD per million tokens."""

    provider_id: str
    provider_model_id: str
    input_usd_per_mtok: float | None
    output_usd_per_mtok: float | None
    price_tier: str = "standard"
    region: str = "global"
    cached_input_usd_per_mtok: float | None = None
    cache_write_usd_per_mtok: float | None = None
    # For long-context tiers: the prompt length from which this price applies (0 otherwise).
    min_prompt_tokens: int = 0
    provider_name: str | None = None
    model_name: str | None = None
    quantization: str | None = None
    context_length: int | None = None

    kind = "token_prices"

    def __post_init__(self) -> None:
        _check_text("provider_id", self.provider_id)
        _check_text("provider_model_id", self.provider_model_id)
        if self.price_tier not in PRICE_TIERS:
            raise RecordError("price_tier", f"unknown tier {self.price_tier!r}")
        _check_text("region", self.region)
        if self.input_usd_per_mtok is None and self.output_usd_per_mtok is None:
            raise RecordError("input_usd_per_mtok", "a record needs an input or an output price")
        for name in (
            "input_usd_per_mtok",
            "output_usd_per_mtok",
            "cached_input_usd_per_mtok",
            "cache_write_usd_per_mtok",
        ):
            _check_price(name, getattr(self, name), required=False)
        if not isinstance(self.min_prompt_tokens, int) or self.min_prompt_tokens < 0:
            raise RecordError("min_prompt_tokens", f"must be a non-negative integer, got {self.min_prompt_tokens!r}")

    def as_row(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class GpuRate:
    """What one cloud charges for one GPU instance, per hour, in USD.

    `gpu_name` is the provider's own spelling; the canonical `gpu_id` is resolved from the alias
    seed (scrapers.gpus) so that every provider's spelling maps the same way.
    """

    provider_id: str
    gpu_name: str
    gpu_count: float
    instance_type: str
    region: str
    pricing_type: str
    usd_per_instance_hour: float
    gpu_id: str | None = None

    kind = "gpu_rates"

    def __post_init__(self) -> None:
        _check_text("provider_id", self.provider_id)
        _check_text("gpu_name", self.gpu_name)
        _check_text("instance_type", self.instance_type)
        _check_text("region", self.region)
        if self.pricing_type not in PRICING_TYPES:
            raise RecordError("pricing_type", f"unknown pricing type {self.pricing_type!r}")
        if isinstance(self.gpu_count, bool) or not isinstance(self.gpu_count, (int, float)):
            raise RecordError("gpu_count", f"must be a number, got {self.gpu_count!r}")
        if not math.isfinite(self.gpu_count) or self.gpu_count < 1 or self.gpu_count != int(self.gpu_count):
            raise RecordError("gpu_count", f"must be a whole number of GPUs >= 1, got {self.gpu_count!r}")
        _check_price("usd_per_instance_hour", self.usd_per_instance_hour, required=True)
        low, high = GPU_HOUR_USD_RANGE
        if not low <= self.usd_per_gpu_hour <= high:
            raise RecordError(
                "usd_per_gpu_hour",
                f"{self.usd_per_gpu_hour:.4f} USD per GPU-hour is outside {low}-{high} "
                f"({self.instance_type} {self.region} {self.pricing_type} at {self.usd_per_instance_hour} per instance-hour)",
            )

    @property
    def usd_per_gpu_hour(self) -> float:
        return self.usd_per_instance_hour / self.gpu_count

    def as_row(self) -> dict:
        row = asdict(self)
        row["gpu_count"] = int(self.gpu_count)
        row["usd_per_gpu_hour"] = self.usd_per_gpu_hour
        return row


@dataclass(frozen=True)
class Skip:
    """A row left out of the records, with the reason.

    `unreadable=False` is a deliberate exclusion (a free tier, a CPU-only instance, a router
    pseudo-model); `unreadable=True` is a row the parser could not read. Only the latter counts
    towards the rule that a snapshot with more than half its rows unreadable fails.
    """

    reason: str
    detail: str = ""
    unreadable: bool = False


@dataclass(frozen=True)
class Notice:
    """Something the parser saw and does not read, worth a human's look but no reason to fail:
    typically a column or price key added to a table whose known columns are all still there
    (a new price tier may be hiding in it). `field` names where (e.g. "header", "pricing")."""

    field: str
    message: str


Record = TokenPrice | GpuRate

TOKEN_PRICE_FIELDS = [f.name for f in fields(TokenPrice)]
GPU_RATE_FIELDS = [f.name for f in fields(GpuRate)] + ["usd_per_gpu_hour"]
