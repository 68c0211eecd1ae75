import csv
import io

from orchestration.cli import main
from tests.conftest import FIXTURES

GPQA = FIXTURES / "capability" / "epoch_gpqa_diamond_observations.csv"


def test_the_command_prints_one_csv_row_per_regression_with_the_issues_columns(capsys):
    assert main(["capability-trend", "--observations", str(GPQA), "--exclude", "o1,o1-mini,o1-preview,o3-mini,DeepSeek-R1",
                 "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["benchmark", "threshold_model", "lower_bound", "n_points", "start_date", "end_date",
                             "annual_factor", "annual_factor_ci90_low", "annual_factor_ci90_high", "r_squared",
                             "halving_months"]
    assert [r["threshold_model"] for r in rows] == ["GPT-4-0314", "GPT-4 Turbo", "GPT-4o-2024-05", "Claude-3.5-Sonnet-2024-06"]
    assert 41.6 < float(rows[0]["annual_factor"]) < 42.5


def test_leaving_reasoning_models_in_changes_the_answer(capsys):
    main(["capability-trend", "--observations", str(GPQA), "--format", "csv"])
    with_reasoning = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    main(["capability-trend", "--observations", str(GPQA), "--format", "csv", "--exclude", "o1,o1-mini,o1-preview,o3-mini,DeepSeek-R1"])
    without = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert with_reasoning != without


def test_the_table_format_is_aligned_and_counts_what_it_read(capsys):
    assert main(["capability-trend", "--observations", str(GPQA)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("benchmark") and "observations)" in out.splitlines()[-1]


def test_a_file_without_the_needed_columns_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,date,price\nx,2024-01-01,1\n")
    assert main(["capability-trend", "--observations", str(bad)]) == 2
    assert "missing column" in capsys.readouterr().err


def test_the_command_has_help_with_an_example(capsys):
    try:
        main(["capability-trend", "--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert "Example:" in capsys.readouterr().out
