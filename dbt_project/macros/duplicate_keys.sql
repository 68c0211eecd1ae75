{#- The keys of `relation` held by more than one row: one row per such key, its columns and
    n_rows. Grouping ten years of daily rows by a key of several text columns builds a hash
    table of every distinct key (the largest allocation of a full rebuild at ten years), and
    grouping by the key's 64-bit hash still builds one entry per row (8.7 s of CPU for the
    18 million rows of fct_gpu_rates_daily). Sorting the hashes and comparing each with the one
    before finds the repeated ones for less than half of that (3.7 s), in memory that spills.
    Only the rows whose hash repeats are grouped by the key itself, so two keys that merely share
    a hash never fail a test. -#}
{% macro duplicate_keys(relation, columns) %}
{%- set key = columns | join(', ') -%}
select {{ key }}, count(*) as n_rows
from {{ relation }}
where hash({{ key }}) in (
    select key_hash
    from (
        select key_hash, lag(key_hash) over (order by key_hash) as previous_hash
        from (select hash({{ key }}) as key_hash from {{ relation }})
    )
    where key_hash = previous_hash
)
group by {{ key }}
having count(*) > 1
{% endmacro %}
