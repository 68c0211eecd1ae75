"""RunPod: per-GPU-hour prices of every GPU type from RunPod's public GraphQL API.

POSTs one query to https://api.runpod.io/graphql for `gpuTypes { id displayName memoryInGb
secureCloud communityCloud securePrice communityPrice secureSpotPrice communitySpotPrice }`; the
answer is `{"data": {"gpuTypes": [...]}}` with prices in USD per GPU-hour (a pod of n GPUs costs n
times as much). Each GPU type gives up to four offers, gpu_count 1, region "global" (the API
quotes one price for all data centres), instance_type the GPU id plus the cloud:
- securePrice        -> on_demand, "<id> secure"   (Secure Cloud, RunPod's own data centres)
- communityPrice     -> community, "<id> community" (Community Cloud, third-party hosts)
- secureSpotPrice    -> spot,      "<id> secure"   (interruptible)
- communitySpotPrice -> spot,      "<id> community"
gpu_name is the id (e.g. "NVIDIA H100 80GB HBM3"), which names the variant.

A null or absent price, or a cloud flag set to false, means that cloud does not offer the GPU:
no offer, not a skip. A price of 0 is a placeholder, skipped with its reason. A price that is
not a number is an unreadable offer. GraphQL `errors` with no data fail the snapshot.

Real format: field names and the per-GPU-hour unit as in RunPod's API docs and the runpod-python
SDK query (gpuTypes with securePrice/communityPrice/secureSpotPrice/communitySpotPrice). Whether
the endpoint answers this query without an API key was not confirmed here.
"""

from __future__ import annotations

from scrapers.parsing import load_json, rows
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://api.runpod.io/graphql"
QUERY = ("query GpuTypes { gpuTypes { id displayName memoryInGb secureCloud communityCloud "
         "securePrice communityPrice secureSpotPrice communitySpotPrice } }")
BODY = {"query": QUERY}
# (price field, cloud flag, pricing type, instance suffix)
_OFFERS = (
    ("securePrice", "secureCloud", "on_demand", "secure"),
    ("communityPrice", "communityCloud", "community", "community"),
    ("secureSpotPrice", "secureCloud", "spot", "secure"),
    ("communitySpotPrice", "communityCloud", "spot", "community"),
)


def fetch(source: Source, client) -> list[Snapshot]:
    return [client.get(source.id, URL, json_body=BODY)]


def parse(snapshot: Snapshot):
    answer = load_json(snapshot)
    data = answer.get("data") if isinstance(answer, dict) else None
    gpu_types = data.get("gpuTypes") if isinstance(data, dict) else None
    if not isinstance(gpu_types, list):
        errors = answer.get("errors") if isinstance(answer, dict) else None
        raise RecordError("data.gpuTypes", f"no gpuTypes list in the answer; errors: {errors!r}"[:300])
    items = ((gpu, offer) for gpu in gpu_types for offer in _OFFERS)
    yield from rows(items, lambda item: _offer(*item))


def _offer(gpu: dict, offer: tuple[str, str, str, str]) -> GpuRate | Skip | None:
    field, flag, pricing, cloud = offer
    gpu_id = gpu.get("id")
    if not isinstance(gpu_id, str) or not gpu_id.strip():
        raise RecordError("id", "GPU type without an id")
    raw = gpu.get(field)
    if raw is None or gpu.get(flag) is False:
        return None  # this cloud does not offer the GPU
    if isinstance(raw, str):
        raise RecordError(field, f"expected a number, got {raw!r}")
    price = parse_usd(raw, field)
    if price == 0:
        return Skip(f"zero {field}: placeholder, not an offer", gpu_id)
    return GpuRate(provider_id="runpod", gpu_name=gpu_id, gpu_count=1, instance_type=f"{gpu_id} {cloud}",
                   region="global", pricing_type=pricing, usd_per_instance_hour=float(price))


SOURCE = Source(
    id="runpod",
    kind="gpu_rates",
    name="RunPod GPU types (GraphQL)",
    urls=(URL,),
    parse=parse,
    fetch=fetch,
    description="USD per GPU-hour for every RunPod GPU type: Secure Cloud on-demand, Community Cloud, "
                "and the interruptible (spot) prices of both, from the public GraphQL API.",
    homepage="https://www.runpod.io/pricing",
)
