{{ config(materialized='view') }}

-- Each provider's price beside what the same model costs to produce, per GPU and scenario.
-- price_to_breakeven < 1 means the price does not cover the rented-GPU cost under that recipe.
-- A view, like fct_breakeven_daily: stored, it would hold every price × GPU × scenario of every
-- day (~350,000 rows a day at 3,000 prices); a query that picks a day reads only that day.
select
    prices.price_date,
    prices.source_id,
    prices.provider_id,
    prices.provider_model_id,
    prices.model_id,
    prices.price_tier,
    prices.min_prompt_tokens,
    prices.region,
    breakeven.gpu_id,
    breakeven.scenario_id,
    breakeven.rate_basis,
    prices.input_usd_per_mtok,
    prices.output_usd_per_mtok,
    breakeven.breakeven_input_usd_per_mtok,
    breakeven.breakeven_output_usd_per_mtok,
    prices.output_usd_per_mtok / breakeven.breakeven_output_usd_per_mtok as price_to_breakeven,
    prices.output_usd_per_mtok < breakeven.breakeven_output_usd_per_mtok as is_below_breakeven,
    prices.input_usd_per_mtok / breakeven.breakeven_input_usd_per_mtok as input_price_to_breakeven,
    prices.is_carried_forward
from {{ ref('fct_token_prices_daily') }} as prices
inner join {{ ref('fct_breakeven_daily') }} as breakeven
    on breakeven.breakeven_date = prices.price_date
    and breakeven.model_id = prices.model_id
where prices.output_usd_per_mtok is not null
  and prices.output_usd_per_mtok > 0
