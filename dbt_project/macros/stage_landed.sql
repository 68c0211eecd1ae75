{#- Staging for a source that lands parsed records: the parser already normalised units, so
    staging types the columns, names them per the contract, and is the only caller of source(). -#}
{% macro stage_token_prices(source_name) %}
select
    observed_date,
    source_id,
    provider_id,
    coalesce(provider_name, provider_id) as provider_name,
    provider_model_id,
    model_name,
    price_tier,
    coalesce(min_prompt_tokens, 0) as min_prompt_tokens,
    region,
    input_usd_per_mtok,
    output_usd_per_mtok,
    cached_input_usd_per_mtok,
    cache_write_usd_per_mtok,
    quantization,
    context_length,
    snapshot_url,
    snapshot_sha256,
    landed_at
from {{ source(source_name, 'token_prices') }}
-- Rows held back by orchestration/quarantine.py stay in raw until confirmed or accepted.
where quarantine_reason is null
{% endmacro %}

{% macro stage_gpu_rates(source_name) %}
select
    observed_date,
    source_id,
    provider_id,
    gpu_name,
    gpu_id,
    gpu_count,
    instance_type,
    region,
    pricing_type,
    usd_per_instance_hour,
    usd_per_gpu_hour,
    snapshot_url,
    snapshot_sha256,
    landed_at
from {{ source(source_name, 'gpu_rates') }}
where quarantine_reason is null
{% endmacro %}
