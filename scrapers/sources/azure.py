"""Azure N-series GPU VMs from the public Azure Retail Prices API (serviceName 'Virtual Machines').

`GET https://prices.azure.com/api/retail/prices?$filter=...` answers {"BillingCurrency", "Items",
"NextPageLink", "Count"}; pages hold up to 1,000 items and `fetch` follows NextPageLink (at most
`MAX_PAGES` per region). One filtered URL per region in `REGIONS` keeps the walk short.
Each item: `armSkuName`, `armRegionName`, `meterName`, `productName`, `type`, `reservationTerm`,
`retailPrice` in `currencyCode` per `unitOfMeasure` "1 Hour".

Read: items whose armSkuName is an N-series SKU (Standard_N...). Pricing types:
- type Consumption: on_demand; a meterName ending " Spot" is spot.
- type Reservation, reservationTerm "1 Year" / "3 Years": reserved_1y / reserved_3y. The API
  gives the price of the whole term there (unitOfMeasure still says "1 Hour"), so it is divided
  by the term's hours, 8,760 or 26,280 (365-day years): the hourly rate of a fully used
  reservation.
Left out on purpose, each with a reason: Windows (productName contains "Windows": same meterName
as Linux, licence included), meters ending " Low Priority" (Low-priority VMs are retired in
favour of Spot), other item types (DevTestConsumption) and reservation terms, and fractional-GPU
SKUs (NV*ads_A10_v5 below 36 vCPUs). Other VM families are not GPU offers and are ignored.

GPU name and count per SKU come from `_GPUS`, checked against Azure's VM size documentation (the
SkyPilot catalog says 12 GPUs for Standard_ND96isr_H100_v5; the VM has 8). An N-series SKU
missing from the table is reported as an unreadable row, so a new size is noticed, not guessed.
"""

from __future__ import annotations

from decimal import Decimal

from scrapers.paging import follow_pages, json_link
from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Client, Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

PRICES_URL = "https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Virtual Machines' and armRegionName eq '{region}'"
REGIONS = ("eastus", "westus2", "southcentralus")
# A region holds a few thousand VM meters (Linux, Windows, spot, reservations): under 20 pages.
MAX_PAGES = 40
_TERM_HOURS = {"1 Year": ("reserved_1y", Decimal(8760)), "3 Years": ("reserved_3y", Decimal(26280))}
# armSkuName -> (GPU name as the alias seed spells it for Azure, GPUs per VM); None = a GPU fraction.
# Keys of a Retail Prices item: those read, and those left out on purpose (identifiers, names and
# dates; `unitPrice` repeats `retailPrice` in this API; `tierMinimumUnits` is 0 for VM meters).
# Any other key (a `savingsPlan` price list, say) is reported as a notice.
READ_KEYS = frozenset({"armSkuName", "armRegionName", "meterName", "productName", "type", "reservationTerm",
                       "currencyCode", "unitOfMeasure", "retailPrice"})
IGNORED_KEYS = frozenset({"unitPrice", "tierMinimumUnits", "location", "effectiveStartDate", "effectiveEndDate",
                          "meterId", "productId", "skuId", "skuName", "serviceName", "serviceId", "serviceFamily",
                          "isPrimaryMeterRegion", "availabilityId"})
_GPUS = {
    "Standard_ND96isr_H100_v5": ("H100", 8), "Standard_ND96isr_H200_v5": ("H200", 8),
    "Standard_NC40ads_H100_v5": ("H100", 1), "Standard_NC80adis_H100_v5": ("H100", 2),
    "Standard_ND96isr_MI300X_v5": ("MI300X", 8),
    "Standard_ND96asr_v4": ("A100", 8), "Standard_ND96amsr_A100_v4": ("A100-80GB", 8),
    "Standard_NC24ads_A100_v4": ("A100-80GB", 1), "Standard_NC48ads_A100_v4": ("A100-80GB", 2),
    "Standard_NC96ads_A100_v4": ("A100-80GB", 4),
    "Standard_NC6s_v3": ("V100", 1), "Standard_NC12s_v3": ("V100", 2), "Standard_NC24s_v3": ("V100", 4),
    "Standard_NC24rs_v3": ("V100", 4),
    "Standard_NC4as_T4_v3": ("T4", 1), "Standard_NC8as_T4_v3": ("T4", 1), "Standard_NC16as_T4_v3": ("T4", 1),
    "Standard_NC64as_T4_v3": ("T4", 4),
    "Standard_NV36ads_A10_v5": ("A10", 1), "Standard_NV72ads_A10_v5": ("A10", 2),
    "Standard_NV6ads_A10_v5": None, "Standard_NV12ads_A10_v5": None, "Standard_NV18ads_A10_v5": None,
}


def fetch(source: Source, client: Client) -> list[Snapshot]:
    """Each region's first page, then its NextPageLink until it is null."""
    return [page for url in source.urls
            for page in follow_pages(source, client, url, lambda page: json_link(page, "NextPageLink"), MAX_PAGES)]


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    items = document.get("Items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise RecordError("Items", "expected the {\"Items\": [...], \"NextPageLink\", \"Count\"} envelope")
    if document.get("BillingCurrency", "USD") != "USD":
        raise RecordError("BillingCurrency", f"{document['BillingCurrency']!r} is not USD")
    gpu_items = [item for item in items if not isinstance(item, dict) or str(item.get("armSkuName")).startswith("Standard_N")]
    for item in gpu_items:
        yield from unknown_keys(item if isinstance(item, dict) else {}, READ_KEYS | IGNORED_KEYS, "a price item")
    yield from rows(gpu_items, _offer)


def _offer(item: dict) -> GpuRate | Skip:
    sku, region, meter = _field(item, "armSkuName"), _field(item, "armRegionName"), _field(item, "meterName")
    product, kind = _field(item, "productName"), _field(item, "type")
    where = f"{sku} {region} {meter!r}"
    if "Windows" in product:
        return Skip("Windows meter (licence included)", where)
    if meter.endswith(" Low Priority"):
        return Skip("Low Priority meter (retired offer, replaced by Spot)", where)
    if kind == "Consumption":
        pricing, hours = ("spot" if meter.endswith(" Spot") else "on_demand"), Decimal(1)
    elif kind == "Reservation":
        term = item.get("reservationTerm")
        if term not in _TERM_HOURS:
            return Skip("reservation term other than 1 or 3 years", f"{where}: {term!r}")
        pricing, hours = _TERM_HOURS[term]
    else:
        return Skip(f"price type {kind} (not a public rate)", where)
    if sku not in _GPUS:
        raise RecordError("armSkuName", f"N-series SKU {sku} is not in the GPU table")
    if _GPUS[sku] is None:
        return Skip("fractional GPU share", where)
    if item.get("currencyCode") != "USD":
        raise RecordError("currencyCode", f"{item.get('currencyCode')!r} is not USD: {where}")
    if item.get("unitOfMeasure") != "1 Hour":
        raise RecordError("unitOfMeasure", f"{item.get('unitOfMeasure')!r} is not per hour: {where}")
    gpu, count = _GPUS[sku]
    price = parse_usd(item.get("retailPrice"), "retailPrice") / hours
    return GpuRate(provider_id="azure", gpu_name=gpu, gpu_count=count, instance_type=sku, region=region,
                   pricing_type=pricing, usd_per_instance_hour=float(round(price, 6)))


def _field(item: object, name: str) -> str:
    if not isinstance(item, dict):
        raise RecordError("item", "not a JSON object")
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(name, f"missing in {str(item)[:120]}")
    return value


SOURCE = Source(
    id="azure",
    kind="gpu_rates",
    name="Azure Retail Prices (Virtual Machines)",
    urls=tuple(PRICES_URL.format(region=r) for r in REGIONS),
    parse=parse,
    fetch=fetch,
    description="Azure N-series GPU VMs (NC, ND, NV), Linux: pay-as-you-go, spot and 1-/3-year reservations "
                "(converted to hourly) from the public Retail Prices API, for eastus, westus2 and southcentralus.",
    homepage="https://azure.microsoft.com/pricing/details/virtual-machines/linux/",
)
