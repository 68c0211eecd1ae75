{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='rate_date', on_schema_change='fail') }}

-- The daily GPU rental index. Two rules keep it honest:
-- 1. a provider reported by a first-party source that day is not also counted from a
--    cross-check catalogue (var cross_check_sources);
-- 2. each provider is first reduced to its median (and minimum) per-GPU-hour price across its
--    regions and instance sizes, and the quartiles are taken across providers, so a cloud that
--    lists thirty regions counts once.
-- Built after fct_token_prices_daily and its checks (a dependency for order only): the medians
-- below keep every offer's price of every group in memory (DuckDB cannot spill median()), and on
-- a complete rebuild at ten years, side by side with that fact's key check, the two ran out of
-- DuckDB's memory limit. A median from counts per price and a running count, which can spill,
-- cost five times the CPU (18 million offer-days, nearly every price distinct, sorted).
-- depends_on: {{ ref('fct_token_prices_daily') }}
with rates as (
    select
        rate_date, gpu_id, pricing_type, provider_id, usd_per_gpu_hour, is_carried_forward,
        source_id in (
            {%- for s in var('cross_check_sources') %}'{{ s }}'{{ ',' if not loop.last }}{% endfor -%}
        ) as is_cross_check
    from {{ ref('fct_gpu_rates_daily') }}
    {% if is_incremental() %}
    where rate_date >= {{ window_start() }}
    {% endif %}
),

-- Each provider's offers summarised apart by whether a cross-check catalogue reported them; the
-- first-party summary wins where there is one. (Choosing rows before summarising, by a window
-- over every offer, held all their columns: at ten years it spilled gigabytes.)
per_provider_and_kind as (
    select
        rate_date,
        gpu_id,
        pricing_type,
        provider_id,
        is_cross_check,
        count(*) as n_offers,
        min(usd_per_gpu_hour) as min_usd_per_gpu_hour,
        median(usd_per_gpu_hour) as median_usd_per_gpu_hour,
        bool_and(is_carried_forward) as is_carried_forward
    from rates
    group by rate_date, gpu_id, pricing_type, provider_id, is_cross_check
),

per_provider as (
    select * exclude (is_cross_check)
    from per_provider_and_kind
    qualify is_cross_check = min(is_cross_check) over (partition by rate_date, provider_id, gpu_id, pricing_type)
)

select
    rate_date,
    gpu_id,
    pricing_type,
    sum(n_offers) as n_offers,
    count(*) as n_providers,
    min(min_usd_per_gpu_hour) as min_usd_per_gpu_hour,
    quantile_cont(median_usd_per_gpu_hour, 0.25) as p25_usd_per_gpu_hour,
    median(median_usd_per_gpu_hour) as median_usd_per_gpu_hour,
    quantile_cont(median_usd_per_gpu_hour, 0.75) as p75_usd_per_gpu_hour,
    bool_and(is_carried_forward) as is_carried_forward
from per_provider
group by rate_date, gpu_id, pricing_type
