"""Amazon Bedrock: on-demand and batch token prices from the AWS Price List bulk offer files.

Reads the per-region JSON offer file of the `AmazonBedrock` offer
(`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/<region>/index.json`):
{"offerCode", "version", "products": {sku: {"sku", "productFamily", "attributes"}}, "terms":
{"OnDemand": {sku: {term: {"priceDimensions": {rate: {"unit", "pricePerUnit": {"USD"}}}}}}}}. The
JSON file is read rather than the CSV because its attribute names are the ones other parsers of
this file use (`model`, `provider`, `feature`, `inferenceType`, `usagetype`, `regionCode`); the
CSV's display names for these Bedrock attributes could not be confirmed.

Format confidence: the offer-file layout is the standard AWS Price List layout, and the attribute
names and values read here (feature "On-demand Inference" / "Batch Inference", inferenceType
"Input tokens", "Output tokens", "input tokens batch", "Prompt cache read input tokens", units
"1K tokens" / "1M tokens", usagetype suffix "-cross-region-global") come from several independent
parsers of the real file; no complete real Bedrock offer file was available to check against, so
the fixture is composed in that shape with figures from the Bedrock pricing page (2026-07-24).

One record per (model, route, tier, region): region is `regionCode`; a usagetype ending in
"-cross-region-global" is the global cross-region inference profile, kept as `<model>:global`.
Left out on purpose: provisioned throughput (per model-unit hour), customization, and inference
types that are not text tokens (images, video, audio). Not USD, an unknown unit or a price with
several price dimensions is unreadable, and the model's other prices in that region are then
left out too (no record with its input price missing). AmazonBedrockFoundationModels (the Marketplace-sold models)
is not read yet: its attributes were not confirmed.
"""

from __future__ import annotations

from scrapers.parsing import load_json, rows
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

OFFER_URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/{region}/index.json"
# More regions are one entry each; only us-east-1 has a composed fixture.
REGIONS = ("us-east-1",)
_TIERS = {"on-demand inference": "standard", "batch inference": "batch"}
_FIELDS = {"input tokens": "input", "output tokens": "output", "prompt cache read input tokens": "cached",
           "prompt cache write input tokens": "cache_write"}
_UNITS = {"1k tokens": "1K", "1m tokens": "1M"}


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    products = document.get("products") if isinstance(document, dict) else None
    terms = (document.get("terms") or {}).get("OnDemand") if isinstance(document, dict) else None
    if not isinstance(products, dict) or not isinstance(terms, dict):
        raise RecordError("products", "expected an AWS offer file with 'products' and 'terms.OnDemand'")
    prices: dict[tuple, dict] = {}
    broken: set[tuple] = set()

    def read(item):  # a Skip, or None once the price is filed under its (model, route, tier, region)
        try:
            found = _price(item, terms)
        except RecordError:  # the model's other prices in that region must not be published without it
            attributes = item[1].get("attributes") if isinstance(item[1], dict) else None
            broken.add((attributes.get("model"), attributes.get("regionCode")) if isinstance(attributes, dict) else None)
            raise
        if isinstance(found, Skip):
            return found
        key, field, price = found
        prices.setdefault(key, {}).setdefault(field, set()).add(price)
        return None

    yield from rows(products.items(), read)
    kept = [(key, fields) for key, fields in prices.items() if (key[0], key[3]) not in broken]
    for key in prices.keys() - {key for key, _ in kept}:
        yield Skip("another price of this model and region is unreadable", " ".join(key))
    yield from rows(kept, _token_price)


def _price(item: tuple, terms: dict) -> Skip | tuple:
    sku, product = item
    attributes = product.get("attributes") if isinstance(product, dict) else None
    if not isinstance(attributes, dict):
        raise RecordError("attributes", f"product {sku} has no attributes")
    feature = str(attributes.get("feature") or "")
    model, usage = attributes.get("model"), str(attributes.get("usagetype") or "")
    where = f"{model} {usage}"
    if "provisioned" in feature.lower():
        return Skip("provisioned throughput (per model-unit hour), not a token price", where)
    tier = _TIERS.get(feature.lower())
    if tier is None:
        return Skip("not an inference price (customization, storage or other feature)", f"{feature}: {where}")
    inference = str(attributes.get("inferenceType") or "").lower().removesuffix(" batch")
    field = _FIELDS.get(inference)
    if field is None:
        return Skip("not a text-token price (image, video, audio or other unit)", f"{attributes.get('inferenceType')}: {where}")
    if not isinstance(model, str) or not model.strip():
        raise RecordError("model", f"product {sku} names no model")
    region = attributes.get("regionCode")
    if not isinstance(region, str) or not region:
        raise RecordError("regionCode", f"product {sku} names no region")
    dimensions = [d for term in (terms.get(sku) or {}).values() for d in (term.get("priceDimensions") or {}).values()]
    if len(dimensions) != 1:
        raise RecordError("priceDimensions", f"{len(dimensions)} on-demand price dimensions for {sku} ({where})")
    [dimension] = dimensions
    unit = _UNITS.get(str(dimension.get("unit")).lower())
    if unit is None:
        raise RecordError("unit", f"unknown unit {dimension.get('unit')!r} ({where})")
    amount = dimension.get("pricePerUnit") or {}
    if "USD" not in amount:
        raise RecordError("pricePerUnit", f"no USD price: {sorted(amount)} ({where})")
    price = round(per_mtok(amount["USD"], unit, "pricePerUnit"), 9)
    route = "global" if usage.lower().endswith("-cross-region-global") else "in-region"
    return (model.strip(), route, tier, region), field, price


def _token_price(group: tuple) -> TokenPrice | Skip:
    (model, route, tier, region), fields = group
    for field, found in fields.items():
        if len(found) > 1:
            raise RecordError(f"{field} price", f"{model} {route} {tier} {region} priced {sorted(found)}")
    prices = {field: next(iter(found)) for field, found in fields.items()}
    if "input" not in prices and "output" not in prices:
        return Skip("cache price without an input or output price", f"{model} {tier} {region}")
    return TokenPrice(provider_id="bedrock", provider_name="Amazon Bedrock", model_name=model,
                      provider_model_id=model if route == "in-region" else f"{model}:{route}",
                      input_usd_per_mtok=prices.get("input"), output_usd_per_mtok=prices.get("output"),
                      cached_input_usd_per_mtok=prices.get("cached"), cache_write_usd_per_mtok=prices.get("cache_write"),
                      price_tier=tier, region=region)


SOURCE = Source(
    id="bedrock",
    kind="token_prices",
    name="Amazon Bedrock",
    urls=tuple(OFFER_URL.format(region=region) for region in REGIONS),
    parse=parse,
    description="AWS Price List offer files for Amazon Bedrock: on-demand and batch token prices per region.",
    homepage="https://aws.amazon.com/bedrock/pricing/",
)
