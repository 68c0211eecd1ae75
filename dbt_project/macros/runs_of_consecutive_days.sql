{#- The rows of `relation` folded into runs of consecutive days at one value of `columns`: one row
    per run, `columns`, from_date and to_date (a subquery; `relation` may be a CTE).
    Values change rarely, so nearly every value's days are one unbroken run, which their count
    against their span shows (a hash grouping, no sort); only the values whose days are not (a
    price that returns, an offer that leaves and comes back) have their days sorted, and within
    one value consecutive days share day − row number. Sorting every day of every value instead
    cost 10 s of CPU for each of int_price_series__segments and fct_price_index_daily at ten years.
    Nulls in `columns` count as one value.
    `carried`: {name: aggregate} computed over all the days of each value (e.g. {'family':
    'max(family)'}) and given on each of its runs, so that what a caller would otherwise group
    the days for a second time comes with the runs. -#}
{% macro runs_of_consecutive_days(relation, columns, day, carried={}) %}
{%- set listed = columns | join(', ') -%}
(
    with spans as (
        select {{ listed }}, min({{ day }}) as from_date, max({{ day }}) as to_date,
            count(*) = max({{ day }}) - min({{ day }}) + 1 as is_unbroken
            {%- for name, aggregate in carried.items() %}, {{ aggregate }} as {{ name }}{% endfor %}
        from {{ relation }}
        group by {{ listed }}
    )

    select {{ listed }}, from_date, to_date{% for name in carried %}, {{ name }}{% endfor %}
    from spans
    where is_unbroken
    union all
    select {{ listed }}, min({{ day }}) as from_date, max({{ day }}) as to_date
        {%- for name in carried %}, any_value({{ name }}) as {{ name }}{% endfor %}
    from (
        select
            {% for column in columns %}days.{{ column }}, {% endfor %}days.{{ day }},
            {% for name in carried %}broken.{{ name }}, {% endfor %}
            days.{{ day }} - cast(row_number() over (
                partition by {% for column in columns %}days.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
                order by days.{{ day }}
            ) as integer) as island
        from {{ relation }} as days
        {{ 'inner join' if carried else 'semi join' }} (select * from spans where not is_unbroken) as broken
            on {% for column in columns %}broken.{{ column }} is not distinct from days.{{ column }}{{ '\n            and ' if not loop.last }}{% endfor %}
    )
    group by {{ listed }}, island
)
{% endmacro %}
