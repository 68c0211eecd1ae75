{#- Incremental strategy `replace_series_tail` for runs of a series (int_price_series__segments):
    the model emits, for each series the window touches, its runs from the last one that began
    before the window on; the stored rows of that series from the first emitted run on are
    replaced, and its earlier runs are not rewritten. (delete+insert by series would rewrite
    every run of every series each day: ten years of them.) unique_key is the series key. -#}
{% macro get_incremental_replace_series_tail_sql(arg_dict) %}
    {%- set target = arg_dict["target_relation"] -%}
    {%- set source = arg_dict["temp_relation"] -%}
    {%- set keys = arg_dict["unique_key"] -%}
    {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
    delete from {{ target }} as target
    using (
        select {{ keys | join(", ") }}, min(from_date) as first_from_date
        from {{ source }}
        group by all
    ) as tail
    where {% for key in keys %}target.{{ key }} = tail.{{ key }} and {% endfor %}target.from_date >= tail.first_from_date;
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ source }}
{% endmacro %}
