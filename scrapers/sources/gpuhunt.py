"""gpuhunt daily dump (becloudready/gpu-price): Lambda's H100 and A100 80 GB instances, told apart by price.

A bot commits `gpu_prices.json` to becloudready/gpu-price every day ("Update GPU prices on
YYYY-MM-DD", 2024-09-24 .. 2025-04-16 in the public history): the output of
`gpuhunt.query(gpu_name=['MI300X', 'H100', 'H200'])`, a list of {gpuModel, price: "$x.xx",
provider}. The price is gpuhunt's CatalogItem.price, USD per *instance*-hour; the dump dropped the
GPU count, region, instance name and spot flag, so a row by itself does not say what it prices.

Read: only rows whose instance the price names without doubt. Lambda quotes one on-demand price per
instance type in every region (no spot), and its menu gives each H100 size and the 8x A100 80 GB
a distinct price; LAMBDA_MENU maps (GPU, price) to the instance type and GPU count, from SkyPilot's
Lambda catalogue (skypilot-org/skypilot-catalog catalogs/v5/lambda/vms.csv @ 2a8fa5b2 and v7 @
11580132, the same prices in both). Each such row is one on_demand record of provider `lambda`, region
"global"; a price the menu does not list (a price change) is skipped, never guessed.

Left out: every other provider's rows (spot and on-demand offers of 1 to 8 GPUs mixed, with
nothing to tell them apart); Lambda's other A100 prices (gpu_<n>x_a100 names neither form factor
nor memory size, so no GPU variant can be given; $1.29 is also shared by two instance types);
the same Lambda offer listed again for another region.
"""

from __future__ import annotations

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://raw.githubusercontent.com/becloudready/gpu-price/main/gpu_prices.json"
# (gpuModel, price as the dump writes it) -> (Lambda instance type, GPUs, SkyPilot's accelerator name).
LAMBDA_MENU = {
    ("H100", "$2.49"): ("gpu_1x_h100_pcie", 1, "H100"),
    ("H100", "$3.29"): ("gpu_1x_h100_sxm5", 1, "H100"),
    ("H100", "$6.38"): ("gpu_2x_h100_sxm5", 2, "H100"),
    ("H100", "$12.36"): ("gpu_4x_h100_sxm5", 4, "H100"),
    ("H100", "$23.92"): ("gpu_8x_h100_sxm5", 8, "H100"),
    ("A100", "$14.32"): ("gpu_8x_a100_80gb_sxm4", 8, "A100-80GB"),
}
ROW_KEYS = frozenset({"gpuModel", "price", "provider"})


def parse(snapshot: Snapshot):
    offers = load_json(snapshot)
    if not isinstance(offers, list):
        raise RecordError("body", "expected a list of {gpuModel, price, provider}")
    seen: set[str] = set()
    for offer in offers:
        if isinstance(offer, dict):
            yield from unknown_keys(offer, ROW_KEYS, "offer")
    yield from rows(offers, lambda offer: _offer(offer, seen))


def _offer(offer: dict, seen: set[str]) -> GpuRate | Skip:
    if not isinstance(offer, dict) or not {"gpuModel", "price", "provider"} <= offer.keys():
        raise RecordError("offer", "a row without gpuModel, price and provider")
    if offer["provider"] != "lambdalabs":
        return Skip("GPU count and spot flag not in the dump: the offer cannot be told from its price",
                    f"{offer['provider']} {offer['gpuModel']} {offer['price']}")
    menu = LAMBDA_MENU.get((offer["gpuModel"], offer["price"]))
    if menu is None:
        return Skip("a Lambda price not on the menu (ambiguous or changed): not guessed",
                    f"{offer['gpuModel']} {offer['price']}")
    instance_type, count, gpu_name = menu
    if instance_type in seen:
        return Skip("the same Lambda offer again (another region, same price)", instance_type)
    seen.add(instance_type)
    return GpuRate(provider_id="lambda", gpu_name=gpu_name, gpu_count=count, instance_type=instance_type,
                   region="global", pricing_type="on_demand",
                   usd_per_instance_hour=float(parse_usd(offer["price"], "usd_per_instance_hour")))


SOURCE = Source(
    id="gpuhunt",
    kind="gpu_rates",
    name="gpuhunt daily dump (becloudready/gpu-price)",
    urls=(URL,),
    parse=parse,
    cross_check=True,  # a third party's copy of Lambda's prices, like the SkyPilot catalogues
    description="Lambda's on-demand H100 and A100 80 GB instance prices (USD per instance-hour) from the daily gpuhunt "
                "dump committed to becloudready/gpu-price; other providers' rows cannot be told apart and are skipped.",
    homepage="https://github.com/becloudready/gpu-price",
)
