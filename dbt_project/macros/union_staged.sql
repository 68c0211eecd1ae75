{#- Union the staging models of every source listed in the var `var_name`. -#}
{% macro union_staged(var_name, entity) %}
{%- for source_id in var(var_name) %}
select * from {{ ref('stg_' ~ source_id ~ '__' ~ entity) }}
{%- if not loop.last %}
union all by name
{%- endif %}
{%- endfor %}
{% endmacro %}
