{#- The rows of int_price_index__offers (see that model): every offer's price on every day it is
    present, once per price basis. With `since` (SQL for a date), only the days from `since` on,
    each daily fact cut to them by join_window_days (DuckDB's estimate of a date range filter
    slowed fct_price_index_daily's daily statement 2-3x; this is its daily read). -#}
{% macro price_index_offers(since=none) -%}
    with gpu_offers as not materialized (
        select
            rate_date as offer_date,
            'gpu' as index_kind,
            'gpu_hour' as price_basis,
            hash(gpu_id, source_id, provider_id, instance_type, region, gpu_count) as offer_key,
            provider_id,
            gpu_id,
            null::varchar as family,
            null::boolean as is_open_weight,
            usd_per_gpu_hour as price
        from {{ ref('fct_gpu_rates_daily') }} as rates
        {% if since is not none %}{{ join_window_days(ref('fct_gpu_rates_daily'), 'rates', 'rate_date', since) }}{% endif %}
        where pricing_type = 'on_demand'
          and usd_per_gpu_hour > 0
    ),

    token_offers as not materialized (
        select
            prices.price_date as offer_date,
            'token' as index_kind,
            hash(prices.source_id, prices.provider_id, prices.provider_model_id, prices.price_tier,
                 prices.min_prompt_tokens, prices.region) as offer_key,
            prices.provider_id,
            null::varchar as gpu_id,
            models.family,
            coalesce(models.open_weights, false) as is_open_weight,
            prices.output_usd_per_mtok,
            prices.blended_usd_per_mtok
        from {{ ref('fct_token_prices_daily') }} as prices
        {% if since is not none %}{{ join_window_days(ref('fct_token_prices_daily'), 'prices', 'price_date', since) }}{% endif %}
        left join {{ ref('dim_models') }} as models using (model_id)
    )

    select offer_date, index_kind, price_basis, offer_key, provider_id, gpu_id, family, is_open_weight, price
    from gpu_offers
    union all
    select offer_date, index_kind, 'output', offer_key, provider_id, gpu_id, family, is_open_weight, output_usd_per_mtok
    from token_offers
    where output_usd_per_mtok > 0
    union all
    select offer_date, index_kind, 'blended', offer_key, provider_id, gpu_id, family, is_open_weight, blended_usd_per_mtok
    from token_offers
    where blended_usd_per_mtok > 0
{%- endmacro %}
