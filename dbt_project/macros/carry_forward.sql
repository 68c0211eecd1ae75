{#- Each source's rows as of every day from its first landing to the warehouse's latest day
    (int_warehouse__as_of: the last day any source landed).

    A day on which a source landed shows exactly what it served that day: an offer it no longer
    lists is gone from then on. A day on which it did not land (a failed fetch, a gap between
    historical snapshots) repeats its last landing, flagged is_carried_forward. ASOF JOIN finds
    that last landing without comparing every day with every other. The landing days come from
    int_warehouse__landings (source_kind: token_prices or gpu_rates), not from every row of
    `relation`. -#}
{% macro carry_forward(relation, date_column, source_kind) %}
with landed_days as (
    select distinct source_id, observed_date
    from {{ ref('int_warehouse__landings') }}
    where source_kind = '{{ source_kind }}'
),

first_days as (
    select source_id, min(observed_date) as first_day
    from landed_days
    group by source_id
),

as_of as (
    select as_of_date from {{ ref('int_warehouse__as_of') }}
),

spine as (
    select first_days.source_id, cast(days.day as date) as {{ date_column }}
    from first_days
    cross join as_of
    cross join lateral generate_series(first_days.first_day, as_of.as_of_date, interval 1 day) as days(day)
),

basis as (
    select spine.source_id, spine.{{ date_column }}, landed_days.observed_date as basis_date
    from spine
    asof join landed_days
        on spine.source_id = landed_days.source_id
        and spine.{{ date_column }} >= landed_days.observed_date
)

select
    basis.{{ date_column }},
    basis.{{ date_column }} <> basis.basis_date as is_carried_forward,
    landed.*
from basis
inner join {{ relation }} as landed
    on landed.source_id = basis.source_id
    and landed.observed_date = basis.basis_date
{% endmacro %}
