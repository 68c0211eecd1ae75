{#- An inner join that keeps the rows of `relation` (read as `alias`) whose `column` is a day from
    `since` to the relation's latest day: the rows `where column >= since` keeps, which DuckDB
    estimates otherwise. It takes a range filter to keep a fifth of the table (two million rows
    of fct_token_prices_daily at ten years, for the ~6,000 of a two-day window) and sizes the
    sorts, windows and hash tables above it for that: fct_price_index_daily's daily statement
    took 0.16 s on the same rows that take 0.07 s through this join, which DuckDB estimates from
    the column's count of distinct days. Zone maps still skip the older row groups (the join
    passes the days' range down to the scan). -#}
{% macro join_window_days(relation, alias, column, since) -%}
inner join (
    select cast(unnest(generate_series({{ since }}, (select max({{ column }}) from {{ relation }}), interval 1 day)) as date)
        as window_day
) as {{ alias }}_window_days on {{ alias }}.{{ column }} = {{ alias }}_window_days.window_day
{%- endmacro %}
