{#- A model's key and per-row rules in one test: each dbt test is a node, and in Dagster an asset
    check with three events, costing ~0.1 s whatever it checks (docs/benchmarks.md). A daily data
    model has a dozen such rules, so they are written once per model:
      unique:          [column, ...]             no two rows share these values (the grain)
      not_null:        [column, ...]
      ranges:          {column: [min, max]}      inclusive, either bound null; null values pass
      accepted_values: {column: [value, ...]}    null values pass
      expressions:     ["sql that holds for every row", ...]
      references:      {column: ref('model')}    every value is in that model's same-named
                                                column (a foreign key); null values pass
    A failing test lists each broken rule with the offending value and how many rows break it. -#}
{% test row_checks(model, unique=[], not_null=[], ranges={}, accepted_values={}, expressions=[], references={}) %}
{%- set rules = [] -%}
{%- for column in not_null -%}
    {%- do rules.append("case when " ~ column ~ " is null then '" ~ column ~ " is null' end") -%}
{%- endfor -%}
{%- for column, bounds in ranges.items() -%}
    {%- set outside = [] -%}
    {%- if bounds[0] is not none %}{% do outside.append(column ~ " < " ~ bounds[0]) %}{% endif -%}
    {%- if bounds[1] is not none %}{% do outside.append(column ~ " > " ~ bounds[1]) %}{% endif -%}
    {%- do rules.append("case when " ~ (outside | join(" or ")) ~ " then '" ~ column ~ " = ' || " ~ column
                        ~ " || ' is outside [" ~ bounds[0] ~ ", " ~ bounds[1] ~ "]' end") -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values %}{% do listed.append("'" ~ value ~ "'") %}{% endfor -%}
    {%- do rules.append("case when " ~ column ~ " not in (" ~ (listed | join(", ")) ~ ") then '" ~ column
                        ~ " = ' || " ~ column ~ " || ' is not one of " ~ (values | join(", ")) ~ "' end") -%}
{%- endfor -%}
{%- for column, parent in references.items() -%}
    {%- set parent_name = (parent.identifier if parent.identifier is defined else parent) | replace("'", "''") -%}
    {%- do rules.append("case when " ~ column ~ " not in (select " ~ column ~ " from " ~ parent ~ " where " ~ column
                        ~ " is not null) then '" ~ column ~ " = ' || " ~ column ~ " || ' is not in " ~ parent_name
                        ~ "' end") -%}
{%- endfor -%}
{%- for expression in expressions -%}
    {%- do rules.append("case when not (" ~ expression ~ ") then 'not " ~ expression | replace("'", "''") ~ "' end") -%}
{%- endfor -%}
select broken_rule, count(*) as n_rows
from (
    {%- if rules %}
    -- Only the rows that break a rule are unnested: a list per row of ten years of rows costs
    -- more than evaluating every rule twice on the few that break one.
    select unnest([{{ rules | join(",\n    ") }}]) as broken_rule from {{ model }}
    where coalesce({{ rules | join(",\n    ") }}) is not null
    {%- endif %}
    {%- if rules and unique %} union all {% endif %}
    {%- if unique %}
    select 'more than one row for ({{ unique | join(", ") }}) = ('
           || concat_ws(', ', {{ unique | join(", ") }}) || ')' as broken_rule
    from ({{ duplicate_keys(model, unique) }})
    {%- endif %}
)
where broken_rule is not null
group by broken_rule
{% endtest %}
