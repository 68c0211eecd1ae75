"""SkyPilot catalogs: the five bundled catalogs (real figures) and broken inputs.

Where the bundled rows come from (verbatim rows, a few dozen per cloud, never a whole file):
- aws: the p5/p5e/p5en rows of skypilot-catalog @ 001367d2 catalogs/v7/aws/vms.csv (the realdata
  excerpt), plus a1.large and c3.large CPU rows of the same file at the same commit.
- azure: layout and rows of skypilot-catalog @ 098741e7 catalogs/v6/azure/vms.csv (GPU rows from
  the realdata copy, three CPU rows from the same file), served at the v7 URL.
- gcp: the v7 layout (column order of fetch_gcp.py's get_catalog_df); a3-highgpu-1g VM-only rows
  as quoted in PROVENANCE (skypilot-catalog @ 017e2502); accelerator and TPU rows carry the
  attachment prices of the 2022-06-24 in-repo gcp.csv (skypilot @ e47cd5ce); n1-highmem-8 is the
  host row fetch_gcp.py appends (TPU_V4_HOST_DF), rounded to 5 digits as the generator does.
- lambda: rows of skypilot-catalog @ 11580132 catalogs/v7/lambda/vms.csv, CRLF line ends.
- runpod: layout and rows of skypilot-catalog @ 098741e7 catalogs/v6/runpod/vms.csv, served at the
  v7 URL; the RunPod catalog has no CPU-only rows to include.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime, timezone

import pytest

from scrapers import gpus
from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.skypilot import CATALOG_URL, CLOUDS, SOURCE, parse
from tests.conftest import FIXTURES, ROOT
from tests.helpers import parse_error

SEEDS = ROOT / "dbt_project" / "seeds"
AZURE_HEADER = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,Generation"


def _snapshot(body: str | bytes, cloud: str = "azure", url: str | None = None) -> Snapshot:
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="skypilot", url=url or CATALOG_URL.format(cloud=cloud),
                    fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc), status=200, body=body,
                    headers={"Content-Type": "text/csv"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, provider: str, instance: str, region: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.provider_id, r.instance_type, r.region, r.pricing_type)
              == (provider, instance, region, pricing)]
    return rate


def _absent(outcome, provider: str, instance: str, region: str | None = None, pricing: str | None = None) -> bool:
    return not [r for r in outcome.records if r.provider_id == provider and r.instance_type == instance
                and region in (None, r.region) and pricing in (None, r.pricing_type)]


def test_each_cloud_catalog_replays_from_its_documented_slug():
    for cloud in CLOUDS:
        url = CATALOG_URL.format(cloud=cloud)
        assert url in SOURCE.urls
        name = f"raw.githubusercontent.com_skypilot-org_skypilot-catalog_master_catalogs_v7_{cloud}_vms.csv"
        assert slug(url) == name  # the URL's own .csv is kept once, so the recorded body is <slug>
        assert (FIXTURES / "skypilot" / name).stat().st_size < 20_000


def test_the_source_is_a_gpu_rate_cross_check():
    assert (SOURCE.id, SOURCE.kind, SOURCE.cross_check) == ("skypilot", "gpu_rates", True)
    assert SOURCE.hosts == {"raw.githubusercontent.com"}


def test_every_cloud_yields_rates_named_after_the_cloud_in_the_url(outcome):
    assert {r.provider_id for r in outcome.records} == set(CLOUDS)


# --- AWS: prices per instance-hour, one row per availability zone -------------------------------

def test_an_aws_p5_price_is_per_instance_and_divides_by_its_eight_h100s(outcome):
    p5 = _rate(outcome, "aws", "p5.48xlarge", "us-east-1")
    assert (p5.usd_per_instance_hour, p5.gpu_count, p5.gpu_id) == (98.32, 8, "H100-SXM")
    assert p5.usd_per_gpu_hour == pytest.approx(12.29)


def test_aws_spot_keeps_the_cheapest_zone_of_the_region(outcome):
    # us-east-1 zones: 30.326, 27.6948, 20.9934, 29.3511, 25.8774, 25.3026
    spot = _rate(outcome, "aws", "p5.48xlarge", "us-east-1", "spot")
    assert spot.usd_per_instance_hour == 20.9934
    assert spot.usd_per_gpu_hour == pytest.approx(2.624175)


def test_aws_zones_with_a_blank_spot_price_offer_no_spot(outcome):
    # eu-north-1: two zones blank, one at 28.528
    assert _rate(outcome, "aws", "p5.48xlarge", "eu-north-1", "spot").usd_per_instance_hour == 28.528


def test_an_aws_spot_price_equal_to_on_demand_is_not_a_spot_offer(outcome):
    assert _rate(outcome, "aws", "p5.48xlarge", "ca-central-1").usd_per_instance_hour == 113.068
    assert _absent(outcome, "aws", "p5.48xlarge", "ca-central-1", "spot")
    assert any(s.reason.startswith("spot price equals on-demand") and "ca-central-1" in s.detail
               for s in outcome.skipped)


def test_aws_p5e_sells_no_on_demand_but_its_spot_is_kept_as_h200(outcome):
    assert _absent(outcome, "aws", "p5e.48xlarge", pricing="on_demand")
    assert _absent(outcome, "aws", "p5e.48xlarge", "ap-southeast-2")
    spot = _rate(outcome, "aws", "p5e.48xlarge", "us-east-2", "spot")
    assert (spot.usd_per_instance_hour, spot.gpu_id) == (14.4663, "H200")
    assert any(s.reason == "no on-demand price" for s in outcome.skipped)


def test_aws_p5en_is_an_h200_instance(outcome):
    p5en = _rate(outcome, "aws", "p5en.48xlarge", "us-east-2")
    assert (p5en.gpu_id, p5en.usd_per_gpu_hour) == ("H200", pytest.approx(10.6))


def test_cpu_only_instances_are_deliberate_skips(outcome):
    for provider, instance in [("aws", "a1.large"), ("aws", "c3.large"), ("azure", "Standard_B1s"),
                               ("lambda", "cpu_4x_general"), ("gcp", "n1-highmem-8")]:
        assert _absent(outcome, provider, instance)
    cpu = [s for s in outcome.skipped if s.reason == "CPU-only instance"]
    assert {s.detail.split()[0] for s in cpu} >= {"a1.large", "Basic_A0", "cpu_4x_general", "n1-highmem-8"}
    assert not any(s.unreadable for s in cpu)


# --- Azure ---------------------------------------------------------------------------------------

def test_azure_nd96isr_h100_v5_has_eight_gpus_not_the_catalogs_twelve(outcome):
    nd = _rate(outcome, "azure", "Standard_ND96isr_H100_v5", "eastus")
    assert (nd.gpu_count, nd.usd_per_instance_hour, nd.gpu_id) == (8, 98.32, "H100-SXM")
    assert nd.usd_per_gpu_hour == pytest.approx(12.29)
    assert _rate(outcome, "azure", "Standard_ND96isr_H100_v5", "westus").usd_per_gpu_hour == pytest.approx(15.977)


def test_azure_h100_v5_spot_prices_repeat_on_demand_and_are_skipped(outcome):
    for instance in ("Standard_ND96isr_H100_v5", "Standard_NC40ads_H100_v5", "Standard_NC80adis_H100_v5"):
        assert _absent(outcome, "azure", instance, pricing="spot")


def test_azure_nc_h100_v5_is_the_h100_nvl(outcome):
    nc40 = _rate(outcome, "azure", "Standard_NC40ads_H100_v5", "eastus")
    nc80 = _rate(outcome, "azure", "Standard_NC80adis_H100_v5", "eastus")
    assert (nc40.gpu_id, nc40.usd_per_gpu_hour) == ("H100-NVL", 6.98)
    assert (nc80.gpu_id, nc80.gpu_count, nc80.usd_per_gpu_hour) == ("H100-NVL", 2, 6.98)


@pytest.mark.parametrize("instance, gpu_id, per_gpu_hour", [
    ("Standard_NC24ads_A100_v4", "A100-PCIE-80GB", 3.673),
    ("Standard_ND96amsr_A100_v4", "A100-SXM-80GB", 32.77 / 8),
    ("Standard_ND96asr_v4", "A100-SXM-40GB", 27.197 / 8),
    ("Standard_ND40rs_v2", "V100-32GB", 22.032 / 8),
    ("Standard_NC6s_v3", "V100-16GB", 3.06),
    ("Standard_NC4as_T4_v3", "T4", 0.526),
    ("Standard_NV36ads_A10_v5", "A10", 3.2),
])
def test_azure_a100_v100_t4_and_a10_variants_come_from_the_series(outcome, instance, gpu_id, per_gpu_hour):
    rate = _rate(outcome, "azure", instance, "eastus")
    assert (rate.gpu_id, rate.usd_per_gpu_hour) == (gpu_id, pytest.approx(per_gpu_hour))


def test_azure_real_spot_prices_are_kept(outcome):
    assert _rate(outcome, "azure", "Standard_NC24ads_A100_v4", "westus3", "spot").usd_per_instance_hour == 0.40403


def test_an_azure_row_without_any_price_is_skipped(outcome):
    assert _absent(outcome, "azure", "Standard_NV16as_v4")
    assert any(s.reason == "no on-demand price" and s.detail == "Standard_NV16as_v4 westus" for s in outcome.skipped)


def test_old_gpus_without_a_canonical_id_are_kept_but_unmapped(outcome):
    k80 = _rate(outcome, "azure", "Standard_NC6_Promo", "westus2")
    assert (k80.gpu_name, k80.gpu_id, k80.usd_per_instance_hour) == ("K80", None, 0.18)


# --- GCP: GPU attachment prices, VMs apart --------------------------------------------------------

def test_gcp_accelerator_rows_become_the_price_of_attaching_one_gpu(outcome):
    a100 = _rate(outcome, "gcp", "A100 attachment", "us-central1")
    assert (a100.gpu_count, a100.usd_per_instance_hour, a100.gpu_id) == (1, 2.939, "A100-SXM-40GB")
    assert _rate(outcome, "gcp", "A100 attachment", "us-central1", "spot").usd_per_instance_hour == 0.88


def test_gcp_rows_for_two_eight_and_sixteen_gpus_collapse_into_the_same_per_gpu_price(outcome):
    assert [r.usd_per_gpu_hour for r in outcome.records
            if (r.provider_id, r.gpu_name, r.region, r.pricing_type) == ("gcp", "A100", "us-central1", "on_demand")] == [2.939]
    assert _rate(outcome, "gcp", "V100 attachment", "us-central1").usd_per_instance_hour == 2.48  # 19.84 / 8
    assert _rate(outcome, "gcp", "T4 attachment", "us-west1").gpu_id == "T4"


def test_gcp_gpu_vms_priced_without_their_gpus_and_tpus_are_skipped(outcome):
    assert _absent(outcome, "gcp", "a3-highgpu-1g")
    vm = [s for s in outcome.skipped if s.reason.startswith("GCP GPU VM")]
    assert {s.detail for s in vm} == {"a3-highgpu-1g us-central1"}
    assert {s.detail for s in outcome.skipped if s.reason == "TPU, not a GPU"} == {"tpu-v2-8 us-central1", "tpu-v3-32 us-east1"}


# --- Lambda and RunPod ---------------------------------------------------------------------------

@pytest.mark.parametrize("instance, gpu_id, per_gpu_hour", [
    ("gpu_8x_h100_sxm5", "H100-SXM", 2.99),
    ("gpu_1x_h100_pcie", "H100-PCIE", 2.49),
    ("gpu_1x_a100_sxm4", "A100-SXM-40GB", 1.29),
    ("gpu_8x_a100_80gb_sxm4", "A100-SXM-80GB", 1.79),
    ("gpu_8x_v100", "V100-16GB", 0.55),
    ("gpu_1x_a6000", "A6000", 0.8),
    ("gpu_1x_a100", None, 1.29),  # the form factor is not in the name: left unmapped
])
def test_lambda_rates_per_gpu_and_their_variants(outcome, instance, gpu_id, per_gpu_hour):
    rate = _rate(outcome, "lambda", instance, "us-east-1")
    assert (rate.gpu_id, rate.usd_per_gpu_hour) == (gpu_id, pytest.approx(per_gpu_hour))


def test_lambda_has_no_spot_market(outcome):
    assert not [r for r in outcome.records if r.provider_id == "lambda" and r.pricing_type == "spot"]


@pytest.mark.parametrize("instance, region, gpu_id, per_gpu_hour", [
    ("1x_A100-80GB_SECURE", "US", "A100-PCIE-80GB", 1.99),
    ("8x_A100-80GB-SXM_SECURE", "US", "A100-SXM-80GB", 2.29),
    ("8x_H100_SECURE", "US", "H100-PCIE", 4.49),
    ("8x_H100-SXM_SECURE", "US", "H100-SXM", 4.69),
    ("1x_RTX6000-Ada_SECURE", "US", "RTX6000-ADA", 1.14),
    ("1x_RTXA6000_SECURE", "US", "A6000", 0.79),
])
def test_runpod_rates_per_gpu_and_their_variants(outcome, instance, region, gpu_id, per_gpu_hour):
    rate = _rate(outcome, "runpod", instance, region)
    assert (rate.gpu_id, rate.usd_per_gpu_hour) == (gpu_id, pytest.approx(per_gpu_hour))


def test_runpod_spot_prices_are_per_instance_too(outcome):
    assert _rate(outcome, "runpod", "4x_RTX4090_SECURE", "US", "spot").usd_per_gpu_hour == pytest.approx(0.49)


# --- Contract -----------------------------------------------------------------------------------

def test_each_offer_appears_once_per_provider_instance_region_and_pricing_type(outcome):
    keys = Counter((r.provider_id, r.instance_type, r.region, r.pricing_type) for r in outcome.records)
    assert keys and max(keys.values()) == 1


def test_gpu_ids_are_those_of_the_alias_seed(outcome):
    for rate in outcome.records:
        assert rate.gpu_id == gpus.resolve(rate.provider_id, rate.gpu_name, rate.instance_type)


def test_nothing_in_the_bundled_catalogs_is_unreadable(outcome):
    assert outcome.unreadable == []


@pytest.mark.parametrize("provider, gpu_name, instance, gpu_id", [
    ("aws", "H100", "p5.48xlarge", "H100-SXM"),
    ("aws", "A100", "p4d.24xlarge", "A100-SXM-40GB"),
    ("aws", "A100-80GB", "p4de.24xlarge", "A100-SXM-80GB"),
    ("aws", "H200", "p5en.48xlarge", "H200"),
    ("aws", "V100", "p3.2xlarge", "V100-16GB"),
    ("azure", "H100", "Standard_ND96isr_H100_v5", "H100-SXM"),
    ("azure", "H100", "Standard_NC40ads_H100_v5", "H100-NVL"),
    ("gcp", "H100", "H100 attachment", "H100-SXM"),
    ("gcp", "H100-MEGA", "H100-MEGA attachment", "H100-SXM"),
    ("lambda", "H100", "gpu_1x_h100_sxm5", "H100-SXM"),
    ("runpod", "H100-SXM", "1x_H100-SXM_SECURE", "H100-SXM"),
    ("runpod", "H100-NVL", "1x_H100-NVL_SECURE", "H100-NVL"),
    ("nebius", "L40S", "gpu-l40s-a_1gpu-8vcpu-32gb", "L40S"),
])
def test_known_spellings_resolve_to_their_variant(provider, gpu_name, instance, gpu_id):
    assert gpus.resolve(provider, gpu_name, instance) == gpu_id


@pytest.mark.parametrize("provider, gpu_name, instance", [
    ("aws", "H100", ""),                        # an H100 outside p5: SXM or PCIe is not known
    ("vast", "H100", ""),                       # a bare H100 from a cloud the seed does not know
    ("lambda", "A100", "gpu_1x_a100"),          # Lambda does not say PCIe or SXM4 in this name
    ("do", "H100", "gpu-h100x8-640gb"),         # DigitalOcean's catalog does not say either
    ("paperspace", "A100-80GB", "A100-80Gx8"),
    ("azure", "K80", "Standard_NC6"),           # no canonical id for retired GPUs
    ("runpod", "RTX4000-Ada", "1x_RTX4000-Ada_SECURE"),
])
def test_spellings_whose_variant_is_unknown_resolve_to_none(provider, gpu_name, instance):
    assert gpus.resolve(provider, gpu_name, instance) is None


def test_the_gpu_seeds_have_the_documented_columns_and_agree():
    with (SEEDS / "gpu_aliases.csv").open(newline="", encoding="utf-8") as handle:
        aliases = list(csv.DictReader(handle))
    with (SEEDS / "gpu_specs.csv").open(newline="", encoding="utf-8") as handle:
        specs = list(csv.DictReader(handle))
    assert list(aliases[0]) == ["provider_id", "gpu_name", "instance_type_pattern", "gpu_id", "note"]
    assert list(specs[0]) == ["gpu_id", "vendor", "memory_gb", "memory_bandwidth_tbps", "bf16_dense_tflops",
                              "fp16_dense_tflops", "fp8_dense_tflops", "source_url", "note", "fp4_dense_tflops"]
    assert {a["gpu_id"] for a in aliases} == {s["gpu_id"] for s in specs}
    assert len({s["gpu_id"] for s in specs}) == len(specs)
    assert len({(a["provider_id"], a["gpu_name"].lower(), a["instance_type_pattern"]) for a in aliases}) == len(aliases)
    for alias in aliases:
        re.compile(alias["instance_type_pattern"])
        assert alias["note"].strip()
    for spec in specs:
        assert spec["source_url"].strip() and spec["vendor"] in {"NVIDIA", "AMD"}
        assert float(spec["memory_gb"]) > 0


# --- Rules on single rows ------------------------------------------------------------------------

ND96 = "Standard_ND96amsr_A100_v4,A100-80GB,8,96.0,1800,A100-80GB,{price},{spot},eastus,V2"


def _one_row(row: str, cloud: str = "azure") -> list:
    return list(parse(_snapshot(f"{AZURE_HEADER}\n{row}\n", cloud)))


def test_placeholder_prices_are_skipped_not_recorded():
    for placeholder in ("0", "0.0", "99999999"):
        [skip, *rest] = [i for i in _one_row(ND96.format(price=placeholder, spot="")) if isinstance(i, Skip)]
        assert skip.reason == "placeholder on_demand price" and not skip.unreadable and rest == []


def test_a_fractional_gpu_share_is_skipped():
    row = "Standard_NV6ads_A10_v5,A10,0.167,6.0,55,A10,0.454,0.0908,eastus,V2"
    [skip] = _one_row(row)
    assert (skip.reason, skip.unreadable) == ("fractional GPU share", False)


def test_a_per_gpu_price_outside_the_plausible_range_is_unreadable():
    [skip, spot] = _one_row(ND96.format(price="0.05", spot="3.6047"))
    assert skip.unreadable and skip.reason == "unreadable usd_per_gpu_hour"
    assert spot.pricing_type == "spot"  # the other offer of the row still stands


def test_the_2021_aws_catalog_with_gpuname_gpucount_and_priceperhour_is_read():
    url = "https://raw.githubusercontent.com/skypilot-org/skypilot/1b1eb321/prototype/sky/clouds/service_catalog/data/aws.csv"
    body = "InstanceType,Region,PricePerHour,GpuName,GpuCount\np4d.24xlarge,us-east-1,32.7726,A100,8.0\n"
    [p4d] = parse_snapshots(SOURCE, [_snapshot(body, url=url)]).records
    assert (p4d.provider_id, p4d.gpu_id, p4d.pricing_type) == ("aws", "A100-SXM-40GB", "on_demand")
    assert p4d.usd_per_gpu_hour == pytest.approx(4.096575)


# --- Broken inputs: a ParseError naming the source, the URL and the field ------------------------

def _parse_error(body: str, cloud: str = "azure", url: str | None = None) -> ParseError:
    snapshot = _snapshot(body, cloud, url)
    return parse_error(SOURCE, snapshot)


def test_an_html_error_page_is_a_parse_error():
    error = _parse_error("<!DOCTYPE html><html><body>404: Not Found</body></html>")
    assert error.field == "body"


def test_a_catalog_without_a_price_column_is_a_parse_error():
    error = _parse_error(AZURE_HEADER.replace(",Price,", ",Cost,") + "\n" + ND96.format(price="32.77", spot="3.6047"))
    assert error.field == "header" and "Price" in error.message


def test_an_empty_catalog_with_only_its_header_is_a_parse_error():
    assert _parse_error(AZURE_HEADER + "\n").field == "records"


def test_a_catalog_of_mostly_garbage_prices_is_a_parse_error():
    garbage = [ND96.format(price=p, spot="") for p in ("N/A", "call us", "$$", "-")]
    error = _parse_error("\n".join([AZURE_HEADER, *garbage, ND96.format(price="32.77", spot="")]))
    assert error.field == "rows"


def test_a_url_that_names_no_cloud_is_a_parse_error():
    error = _parse_error(AZURE_HEADER + "\n" + ND96.format(price="32.77", spot=""), url="https://example.com/")
    assert error.field == "url"


def test_an_added_column_is_reported_and_the_rates_are_unchanged(outcome):
    url = CATALOG_URL.format(cloud="aws")
    fixture = FIXTURES / "skypilot" / slug(url)
    lines = fixture.read_text().splitlines()
    body = "\n".join([lines[0] + ",ReservedPrice1y"] + [line + ",1.0" for line in lines[1:] if line]) + "\n"
    plain = parse_snapshots(SOURCE, [_snapshot(fixture.read_bytes(), "aws", url)])
    noticed = parse_snapshots(SOURCE, [_snapshot(body, "aws", url)])
    assert outcome.notices == [] and plain.notices == []
    assert [n.split(" header ")[0] for n in noticed.notices] == [f"{url}: unknown column 'ReservedPrice1y' in aws catalog"]
    assert noticed.records == plain.records
