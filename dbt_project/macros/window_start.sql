{#- The first day an incremental daily fact rebuilds on an incremental run (models guard it with
    is_incremental(): a first build or --full-refresh builds every day): var start_date, or else
    the environment variable BREAKEVEN_START_DATE, which the Dagster run sets from the day it
    landed or the earliest day a backfill touched. (An environment variable, because a changed
    --vars makes dbt re-parse the whole project, ~15 s; a changed variable re-parses only what
    reads it.) Every later day is rebuilt
    too, because a landing carries forward into the days after it: a partition that arrives out
    of order still corrects the days that had carried its predecessor forward. Without the var,
    every day is rebuilt. -#}
{% macro window_start() -%}
    {%- set start = var('start_date', env_var('BREAKEVEN_START_DATE', '1900-01-01')) | string -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', start) -%}
        {{ exceptions.raise_compiler_error("var start_date must be YYYY-MM-DD, got " ~ start) }}
    {%- endif -%}
    cast('{{ start }}' as date)
{%- endmacro %}
