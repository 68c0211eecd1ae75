{#- The keys of `relation` held by more than one row: one row per such key, its columns and
    n_rows. Grouping ten years of daily rows by a key of several text columns builds a hash
    table of every distinct key (the largest allocation of a full rebuild at ten years); grouping
    by the key's 64-bit hash holds a number per key, and only the rows whose hash repeats are
    grouped again by the key itself, so two keys that merely share a hash never fail a test. -#}
{% macro duplicate_keys(relation, columns) %}
{%- set key = columns | join(', ') -%}
select {{ key }}, count(*) as n_rows
from {{ relation }}
where hash({{ key }}) in (
    select hash({{ key }}) as key_hash
    from {{ relation }}
    group by key_hash
    having count(*) > 1
)
group by {{ key }}
having count(*) > 1
{% endmacro %}
