{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='rate_date', on_schema_change='fail') }}

-- Incremental: each run rebuilds the days from window_start() on (see macros/window_start.sql).
select
    rate_date,
    source_id,
    provider_id,
    gpu_id,
    gpu_name,
    gpu_count,
    instance_type,
    region,
    pricing_type,
    usd_per_instance_hour,
    usd_per_gpu_hour,
    is_carried_forward,
    observed_date as observed_on
from {{ ref('int_gpu_rates__daily') }}
where gpu_id is not null
{% if is_incremental() %}
  and rate_date >= {{ window_start() }}
{% endif %}
