{#- The rows of fct_token_prices_daily that price a canonical_model series: a mapped model's
    standard tier, no prompt-length tier, a blended price above zero. Spelt once because
    int_price_series__daily's daily values and int_price_series__first_observed's first days
    must count the same rows (history is spliced in before that first day). -#}
{% macro canonical_model_price() -%}
model_id is not null
      and price_tier = 'standard'
      and min_prompt_tokens = 0
      and blended_usd_per_mtok > 0
{%- endmacro %}
