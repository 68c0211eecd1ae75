import json
import subprocess
import sys

from orchestration.cli import main
from tests.conftest import FIXTURES, ROOT


def test_parse_prints_one_json_object_per_record_with_per_million_prices():
    fixture = next(p for p in (FIXTURES / "openrouter").glob("*.json") if not p.name.endswith(".meta.json"))
    result = subprocess.run([sys.executable, "-m", "scrapers", "parse", "openrouter", str(fixture), "--date", "2026-08-01"],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    llama = next(r for r in records if r["provider_model_id"] == "meta-llama/llama-3.3-70b-instruct"
                 and r["price_tier"] == "standard")
    assert llama["observed_date"] == "2026-08-01"
    assert llama["provider_id"] == "openrouter"
    assert 0 < llama["input_usd_per_mtok"] < 5 and 0 < llama["output_usd_per_mtok"] < 5
    assert "records" in result.stderr


def test_parse_reports_a_typed_error_for_an_error_page(tmp_path):
    page = tmp_path / "error.html"
    page.write_text("<html><body>Service unavailable</body></html>")
    result = subprocess.run([sys.executable, "-m", "scrapers", "parse", "openrouter", str(page)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "[openrouter]" in result.stderr and "https://openrouter.ai/api/v1/models" in result.stderr


def test_an_unknown_source_or_a_bad_date_is_a_usage_error(capsys):
    assert main(["run", "--date", "26-11-2026"]) == 2
    try:
        main(["run", "--sources", "nosuchsource"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "unknown source" in capsys.readouterr().err


def test_every_command_has_help_with_an_example():
    for command in ["run", "demo", "status", "record", "ui", "backfill", "accept", "rebuild", "query", "export", "report"]:
        result = subprocess.run([sys.executable, "-m", "orchestration.cli", command, "--help"],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0 and "Example:" in result.stdout, command


def test_replaying_the_archive_needs_both_ends_of_the_range():
    assert main(["run", "--replay-archive", "--from", "2026-11-01"]) == 2
    assert main(["run", "--replay-archive", "--from", "2026-11-02", "--to", "2026-11-01"]) == 2
    assert main(["run", "--replay-archive", "--from", "2026-13-01", "--to", "2026-11-01"]) == 2
