"""The SkyPilot parser over the real catalog copies (figures read off the files by hand).

Each copy is parsed as if served at the catalog URL of its cloud folder. The 2021 in-repo AWS
catalog (old header GpuName, GpuCount, PricePerHour) and the 2022 in-repo GCP catalogs are read
too, at their upstream in-repo URLs, whose file name is the cloud.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from scrapers.parsing import ParseOutcome, parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.skypilot import CATALOG_URL, SOURCE

pytestmark = pytest.mark.realdata

INREPO_URL = "https://raw.githubusercontent.com/skypilot-org/skypilot/{commit}/sky/clouds/service_catalog/data/{cloud}.csv"
CLOUDS = ("aws", "azure", "do", "fluidstack", "hyperbolic", "lambda", "nebius", "paperspace", "runpod")

# Names the seed leaves unmapped on purpose, per cloud: retired or workstation GPUs with no
# canonical id, and spellings whose variant (SXM or PCIe) the catalog does not state.
EXPECTED_UNMAPPED = {
    "aws": set(),
    "azure": {"K80", "M60", "Radeon MI25"},
    "do": {"H100"},
    "fluidstack": set(),
    "hyperbolic": set(),
    "lambda": {"A100", "GH200", "RTX6000"},
    "nebius": set(),
    "paperspace": {"A100-80GB", "H100", "M4000", "P4000"},
    "runpod": {"RTX4000-Ada", "RTXA4500"},
    "inrepo_aws": {"Gaudi HL-205", "K520", "K80", "M60", "Radeon Pro V520"},
    "inrepo_gcp": {"K80", "P100", "P4"},
}
# H100/A100 offers whose form factor the catalog does not say, so they stay unmapped.
UNDETERMINED_VARIANTS = {
    ("lambda", "gpu_1x_a100"), ("lambda", "gpu_2x_a100"), ("lambda", "gpu_4x_a100"), ("lambda", "gpu_8x_a100"),
    ("do", "gpu-h100x1-80gb"), ("do", "gpu-h100x8-640gb"),
    ("paperspace", "H100"), ("paperspace", "H100x8"), ("paperspace", "A100-80G"), ("paperspace", "A100-80Gx8"),
}


def _parse(path: Path, url: str) -> ParseOutcome:
    snapshot = Snapshot(source_id="skypilot", url=url, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                        status=200, body=path.read_bytes())
    return parse_snapshots(SOURCE, [snapshot])


@pytest.fixture(scope="module")
def catalogs(realdata) -> dict[str, list[ParseOutcome]]:
    folder = realdata / "gpu" / "skypilot"
    parsed = {cloud: [_parse(p, CATALOG_URL.format(cloud=cloud)) for p in sorted((folder / cloud).glob("*.csv"))]
              for cloud in CLOUDS}
    parsed["inrepo_aws"] = [_parse(p, INREPO_URL.format(commit="1b1eb321", cloud="aws"))
                            for p in sorted((folder / "inrepo_aws").glob("*.csv"))]
    parsed["inrepo_gcp"] = [_parse(p, INREPO_URL.format(commit=p.stem.split("_")[1], cloud="gcp"))
                            for p in sorted((folder / "inrepo_gcp").glob("*.csv"))]
    return parsed


def _latest(catalogs, cloud: str) -> ParseOutcome:
    return catalogs[cloud][-1]


def _rate(outcome: ParseOutcome, instance: str, region: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.region, r.pricing_type) == (instance, region, pricing)]
    return rate


def test_every_real_catalog_parses_without_unreadable_rows_and_one_offer_per_key(catalogs):
    assert all(catalogs[cloud] for cloud in catalogs)
    for cloud, outcomes in catalogs.items():
        for outcome in outcomes:
            assert outcome.records and outcome.unreadable == [], cloud
            keys = Counter((r.provider_id, r.instance_type, r.region, r.pricing_type) for r in outcome.records)
            assert max(keys.values()) == 1, cloud


def test_azure_nd96isr_h100_v5_costs_12_29_per_gpu_hour_in_eastus_after_the_12_to_8_fix(catalogs):
    azure = _latest(catalogs, "azure")
    nd = _rate(azure, "Standard_ND96isr_H100_v5", "eastus")
    assert (nd.usd_per_instance_hour, nd.gpu_count, nd.gpu_id) == (98.32, 8, "H100-SXM")
    assert nd.usd_per_gpu_hour == pytest.approx(12.29)
    assert not [r for r in azure.records if r.instance_type.endswith("H100_v5") and r.pricing_type == "spot"]


def test_azure_nc40ads_h100_v5_is_an_h100_nvl_at_6_98(catalogs):
    nc = _rate(_latest(catalogs, "azure"), "Standard_NC40ads_H100_v5", "eastus")
    assert (nc.gpu_id, nc.usd_per_gpu_hour) == ("H100-NVL", 6.98)


def test_aws_p5_in_tokyo_on_demand_and_the_cheapest_spot_zone(catalogs):
    aws = _latest(catalogs, "aws")
    assert _rate(aws, "p5.48xlarge", "ap-northeast-1").usd_per_gpu_hour == pytest.approx(123.19496 / 8)
    assert _rate(aws, "p5.48xlarge", "ap-northeast-1", "spot").usd_per_instance_hour == 35.6815   # apne1-az4
    assert _rate(aws, "p5.48xlarge", "ap-southeast-2", "spot").usd_per_instance_hour == 13.1487   # apse2-az3
    assert _rate(aws, "p5.48xlarge", "us-west-2").usd_per_gpu_hour == pytest.approx(12.29)


def test_aws_p5en_is_h200_and_p5e_has_spot_only(catalogs):
    aws = _latest(catalogs, "aws")
    p5en = _rate(aws, "p5en.48xlarge", "ap-south-1")
    assert (p5en.gpu_id, p5en.usd_per_instance_hour) == ("H200", 101.76)
    assert _rate(aws, "p5en.48xlarge", "ap-south-1", "spot").usd_per_instance_hour == 12.1188
    assert {r.pricing_type for r in aws.records if r.instance_type == "p5e.48xlarge"} == {"spot"}


def test_lambda_gpu_8x_h100_sxm5_is_2_99_per_gpu_hour_in_every_region(catalogs):
    for outcome in catalogs["lambda"]:
        rates = [r for r in outcome.records if r.instance_type == "gpu_8x_h100_sxm5"]
        assert len(rates) >= 15
        assert {(r.gpu_id, r.usd_per_instance_hour) for r in rates} == {("H100-SXM", 23.92)}


def test_runpod_1x_a100_80gb_secure_is_1_99_in_each_country(catalogs):
    runpod = _latest(catalogs, "runpod")
    rates = [r for r in runpod.records if r.instance_type == "1x_A100-80GB_SECURE"]
    assert {r.region for r in rates} == {"CA", "CZ", "IS", "NL", "NO", "RO", "SE", "US"}
    assert {(r.gpu_id, r.usd_per_gpu_hour) for r in rates} == {("A100-PCIE-80GB", 1.99)}
    assert _rate(runpod, "8x_H100-SXM_SECURE", "US").usd_per_gpu_hour == pytest.approx(4.69)


@pytest.mark.parametrize("cloud, instance, region, gpu_id, per_gpu_hour", [
    ("fluidstack", "H100_NVLINK_80GB::8", "FINLAND", "H100-SXM", 2.99),
    ("fluidstack", "H100_PCIE_80GB::1", "CANADA", "H100-PCIE", 2.89),
    ("hyperbolic", "1x-H100-28-271", "default", "H100-SXM", 1.39),
    ("nebius", "gpu-h100-sxm_8gpu-128vcpu-1600gb", "eu-north1", "H100-SXM", 2.95),
    ("nebius", "gpu-b200-sxm_8gpu-160vcpu-1792gb", "us-central1", "B200", 5.5),
    ("do", "gpu-h100x8-640gb", "tor1", None, 5.95),
])
def test_other_clouds_figures(catalogs, cloud, instance, region, gpu_id, per_gpu_hour):
    rate = _rate(_latest(catalogs, cloud), instance, region)
    assert (rate.gpu_id, rate.usd_per_gpu_hour) == (gpu_id, pytest.approx(per_gpu_hour))


def test_nebius_spot_prices_are_kept(catalogs):
    spot = _rate(_latest(catalogs, "nebius"), "gpu-h100-sxm_8gpu-128vcpu-1600gb", "eu-north1", "spot")
    assert spot.usd_per_gpu_hour == pytest.approx(1.25)


def test_the_2021_aws_catalog_in_the_old_schema_is_read(catalogs):
    [aws_2021] = catalogs["inrepo_aws"]
    p4d = _rate(aws_2021, "p4d.24xlarge", "us-east-1")
    assert (p4d.gpu_id, p4d.usd_per_instance_hour) == ("A100-SXM-40GB", 32.7726)
    assert {r.pricing_type for r in aws_2021.records} == {"on_demand"}


def test_gcp_2022_attachment_prices_are_per_gpu(catalogs):
    for outcome in catalogs["inrepo_gcp"]:
        a100 = _rate(outcome, "A100 attachment", "us-central1")
        assert (a100.gpu_count, a100.usd_per_instance_hour, a100.gpu_id) == (1, 2.939, "A100-SXM-40GB")
        assert _rate(outcome, "A100 attachment", "us-central1", "spot").usd_per_instance_hour == 0.88
        assert not [r for r in outcome.records if r.gpu_name.startswith("tpu-")]


def test_unmapped_gpu_names_per_cloud_are_the_documented_ones(catalogs):
    unmapped = {cloud: {r.gpu_name for o in outcomes for r in o.records if r.gpu_id is None}
                for cloud, outcomes in catalogs.items()}
    assert unmapped == EXPECTED_UNMAPPED


def test_every_h100_a100_h200_and_l40s_offer_maps_unless_its_variant_is_unstated(catalogs):
    for cloud, outcomes in catalogs.items():
        provider = cloud.removeprefix("inrepo_")
        for outcome in outcomes:
            for rate in outcome.records:
                if rate.gpu_name.upper().startswith(("H100", "A100", "H200", "L40S")):
                    if (provider, rate.instance_type) in UNDETERMINED_VARIANTS:
                        assert rate.gpu_id is None
                    else:
                        assert rate.gpu_id, (cloud, rate.gpu_name, rate.instance_type)
