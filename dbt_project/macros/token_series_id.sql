{#- A token offer's series id, source|provider|provider_model_id|price_tier plus |region when not
    global, made from the columns of that name wherever an offer's rows are: its days
    (int_price_series__token_offers) or its runs (int_price_series__segments, which groups the
    days by these columns and spells the id once per run: building it for each of 11 million
    offer-days and grouping by the text cost three times as much CPU at ten years). -#}
{% macro token_series_id() -%}
concat_ws('|', source_id, provider_id, provider_model_id, price_tier)
        || case when region <> 'global' then '|' || region else '' end
{%- endmacro %}
