{#- dbt calls this for every generic data test to read the tested relation. Besides a test's own
    `where` config, an incremental run (window_start.sql) tests only the days it rebuilt in the
    relations listed in the var test_window_columns (relation → its day column): the earlier
    days were tested when they were built, and testing ten years of them every morning would
    make the daily run grow with history. A build without start_date tests every day. -#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- do filters.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set day_column = var('test_window_columns', {}).get(relation.identifier) -%}
    {%- if day_column and var('start_date', env_var('BREAKEVEN_START_DATE', '')) -%}
        {%- do filters.append(day_column ~ ' >= ' ~ window_start()) -%}
    {%- endif -%}
    {%- if filters -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ filters | join(' and ') }}) as dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
