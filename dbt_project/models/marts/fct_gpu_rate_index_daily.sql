{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='rate_date', on_schema_change='fail') }}

-- The daily GPU rental index. Two rules keep it honest:
-- 1. a provider reported by a first-party source that day is not also counted from a
--    cross-check catalogue (var cross_check_sources);
-- 2. each provider is first reduced to its median (and minimum) per-GPU-hour price across its
--    regions and instance sizes, and the quartiles are taken across providers, so a cloud that
--    lists thirty regions counts once.
-- Medians and quartiles are taken of each group's list of prices (list_median,
-- list_aggregate(…, 'quantile_cont', q): the same digits as median() and quantile_cont()).
-- DuckDB's median() keeps its groups' values where the memory limit cannot reclaim them: at ten
-- years (1.5 million groups, 18 million offer-days) beside another model it took 90 s instead
-- of 5 on one complete rebuild and ran out of memory on another, and alone under a 400 MB limit
-- it fails where the lists take 4 s.
-- Built after fct_token_prices_daily (a dependency for order only), so that the two largest
-- facts are not written while this model holds its lists. dbt does not hold it back for that
-- fact's key check: on one complete rebuild the two overlapped, within the memory limit.
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

-- Each provider's offers summarised apart by whether a cross-check catalogue reported them, in
-- one grouping of the offers; the first-party summary wins where there is one. (Choosing rows
-- before summarising, by a window over every offer, held all their columns: at ten years it
-- spilled gigabytes. Summarising each kind as a row of its own and keeping the first-party one
-- with a window grouped the 18 million offer-days twice: 8.8 s of CPU against 5.)
per_provider_and_kind as (
    select
        rate_date,
        gpu_id,
        pricing_type,
        provider_id,
        count(*) filter (where not is_cross_check) as n_first_party,
        count(*) filter (where is_cross_check) as n_cross_check,
        min(usd_per_gpu_hour) filter (where not is_cross_check) as min_first_party,
        min(usd_per_gpu_hour) filter (where is_cross_check) as min_cross_check,
        list(usd_per_gpu_hour) filter (where not is_cross_check) as first_party_prices,
        list(usd_per_gpu_hour) filter (where is_cross_check) as cross_check_prices,
        bool_and(is_carried_forward) filter (where not is_cross_check) as first_party_carried_forward,
        bool_and(is_carried_forward) filter (where is_cross_check) as cross_check_carried_forward
    from rates
    group by rate_date, gpu_id, pricing_type, provider_id
),

per_provider as (
    select
        rate_date,
        gpu_id,
        pricing_type,
        provider_id,
        if(n_first_party > 0, n_first_party, n_cross_check) as n_offers,
        if(n_first_party > 0, min_first_party, min_cross_check) as min_usd_per_gpu_hour,
        list_median(if(n_first_party > 0, first_party_prices, cross_check_prices)) as median_usd_per_gpu_hour,
        if(n_first_party > 0, first_party_carried_forward, cross_check_carried_forward) as is_carried_forward
    from per_provider_and_kind
)

select
    rate_date,
    gpu_id,
    pricing_type,
    sum(n_offers) as n_offers,
    count(*) as n_providers,
    min(min_usd_per_gpu_hour) as min_usd_per_gpu_hour,
    list_aggregate(list(median_usd_per_gpu_hour), 'quantile_cont', 0.25) as p25_usd_per_gpu_hour,
    list_median(list(median_usd_per_gpu_hour)) as median_usd_per_gpu_hour,
    list_aggregate(list(median_usd_per_gpu_hour), 'quantile_cont', 0.75) as p75_usd_per_gpu_hour,
    bool_and(is_carried_forward) as is_carried_forward
from per_provider
group by rate_date, gpu_id, pricing_type
