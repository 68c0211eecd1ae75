{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{% if is_incremental() %}delete from {{ this }} where observed_date >= {{ window_start() }}{% endif %}") }}

-- Which sources landed rows on which day, and the providers each named that day. What the daily
-- build asks of all history (the days each source landed, for carrying forward; the providers
-- sources name; the warehouse's latest day) is read here, from a few hundred thousand rows,
-- instead of from every landed price: at ten years, finding the GPU sources' landing days in
-- their 18 million rows took 0.4 s of every daily run.
-- Incremental: the days from window_start() on are deleted first (the hook) and read again, so a
-- day whose rows were all held back on a rerun is gone too.
{% for kind in ['token_prices', 'gpu_rates'] %}
select distinct '{{ kind }}' as source_kind, source_id, observed_date, provider_id
from {{ ref('int_' ~ kind ~ '__unioned') }}
{% if is_incremental() %}where observed_date >= {{ window_start() }}{% endif %}
{% if not loop.last %}union all{% endif %}
{% endfor %}
