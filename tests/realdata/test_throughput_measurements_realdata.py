"""seeds/throughput_measurements.csv against the real copies it was read from (../shared/realdata/throughput).

Every seed row must name a row of the copy (same file, commit and configuration) that publishes
the same throughput, so that a figure in the calibration can always be traced to its source.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytestmark = pytest.mark.realdata

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "throughput_measurements.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def seed() -> list[dict[str, str]]:
    return _rows(SEED)


def test_every_mlperf_row_is_a_published_llama2_70b_result(realdata, seed):
    published = {(r["source_path"], r["source_commit"]): r
                 for r in _rows(realdata / "throughput" / "mlperf_v4.0-v5.0.csv")}
    mlperf = [r for r in seed if r["source"] == "mlperf"]
    assert mlperf
    for row in mlperf:
        source = published[(row["source_path"], row["source_commit"])]
        assert source["benchmark"].startswith("llama2-70b") and source["division"] == "closed"
        assert source["scenario"].lower() == row["scenario"]
        assert float(source["tokens_per_second_per_accelerator"]) == float(row["measured_tokens_per_s_per_gpu"])


def test_mlperf_rows_cover_the_five_gpus_the_targets_name_in_offline_and_server(seed):
    covered = {(r["gpu_id"], r["scenario"]) for r in seed if r["source"] == "mlperf"}
    for gpu in ("H100-SXM", "H200", "B200", "MI300X", "MI325X"):
        assert {(gpu, "offline"), (gpu, "server")} <= covered


def test_every_other_row_is_a_published_measurement_with_its_lengths(realdata, seed):
    published = _rows(realdata / "throughput" / "other_measured.csv")
    others = [r for r in seed if r["source"] != "mlperf"]
    assert {r["source"] for r in others} == {"tensorrt-llm", "nim"}
    for row in others:
        matches = [p for p in published
                   if p["source_path"] == row["source_path"] and p["isl"] == row["input_tokens"]
                   and p["osl"] == row["output_tokens"] and p["tp"] == row["tensor_parallel"]
                   and float(p["tokens_per_second_per_gpu"]) == float(row["measured_tokens_per_s_per_gpu"])]
        assert matches, row["measurement_id"]
