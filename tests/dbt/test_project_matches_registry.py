"""The dbt project and the scraper registry agree on which sources exist."""

import yaml

from orchestration.settings import DBT_PROJECT_DIR
from scrapers.registry import all_sources


def test_every_source_has_a_staging_folder_and_is_listed_in_the_union_vars():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    listed = {"token_prices": set(project["vars"]["token_price_sources"]),
              "gpu_rates": set(project["vars"]["gpu_rate_sources"])}
    for source in all_sources().values():
        assert source.id in listed[source.kind], f"{source.id} missing from the {source.kind} var"
        folder = DBT_PROJECT_DIR / "models" / "staging" / source.id
        assert (folder / f"_{source.id}__sources.yml").exists()
        assert (folder / f"stg_{source.id}__{source.kind}.sql").exists()


def test_every_provider_a_source_names_by_default_is_in_the_providers_seed():
    import csv

    with (DBT_PROJECT_DIR / "seeds" / "providers.csv").open() as handle:
        providers = {row["provider_id"] for row in csv.DictReader(handle)}
    assert "openrouter" in providers and {"aws", "azure", "gcp", "lambda", "runpod"} <= providers
