"""The Dagster definitions load, and the lineage runs from each source to the marts."""

from dagster import AssetKey

from orchestration.definitions import defs
from scrapers.registry import all_sources


def _graph():
    return defs.resolve_asset_graph()


def test_every_registered_source_is_a_daily_partitioned_asset_in_the_sources_group():
    graph = _graph()
    for source_id in all_sources():
        node = graph.get(AssetKey(source_id))
        assert node.group_name == "sources"
        assert node.partitions_def is not None


def test_the_token_price_mart_is_downstream_of_the_openrouter_asset():
    graph = _graph()
    upstream = graph.get(AssetKey(["marts", "fct_token_prices_daily"])).parent_keys
    seen, frontier = set(), set(upstream)
    while frontier:
        key = frontier.pop()
        seen.add(key)
        frontier |= set(graph.get(key).parent_keys) - seen
    assert AssetKey("openrouter") in seen


def test_dbt_models_are_grouped_by_layer():
    graph = _graph()
    assert graph.get(AssetKey(["staging", "stg_openrouter__token_prices"])).group_name == "staging"
    assert graph.get(AssetKey(["intermediate", "int_token_prices__daily"])).group_name == "intermediate"
    assert graph.get(AssetKey(["marts", "fct_gpu_rate_index_daily"])).group_name == "marts"


def test_the_daily_schedule_and_the_marts_sensors_are_loaded():
    assert defs.get_schedule_def("daily_ingest").cron_schedule.startswith("0 6 ")
    assert defs.get_sensor_def("build_marts_after_ingest_failure") is not None


def test_the_lineage_ends_in_the_report_asset_downstream_of_the_marts():
    graph = _graph()
    node = graph.get(AssetKey("report"))
    assert node.group_name == "report"
    assert node.parent_keys == {AssetKey("published_marts")}, "the report reads the published snapshot"
    published = graph.get(AssetKey("published_marts"))
    marts = {key for key in graph.get_all_asset_keys() if graph.get(key).group_name == "marts"}
    assert AssetKey(["marts", "fct_price_vs_breakeven_daily"]) in marts
    assert published.parent_keys == marts, "the snapshot holds every marts model"


def test_every_marts_model_and_column_has_a_description():
    import json

    from orchestration.dbt_project import DBT_PROJECT, prepare_manifest

    prepare_manifest()
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert len(marts) >= 11
    for node in marts:
        assert node["description"].strip(), node["name"]
        assert node["columns"], f"{node['name']} documents no columns"
        for column in node["columns"].values():
            assert column["description"].strip(), f"{node['name']}.{column['name']}"
