{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='index_date', on_schema_change='fail') }}

-- Chained Jevons price indices over matched offers (issue #17 part 1): a day's value is the day
-- before's times the geometric mean, over the offers present on both days, of today's price over
-- yesterday's. An offer that enters or leaves moves nothing (it is counted), so a cloud that
-- appears in the data changes n_entered, not the value; only a price change moves it.
-- Exactness: the value is 100 · exp(log_level), and log_level is the running sum of each day's
-- mean log ratio held as a decimal (18 places), which adds exactly in any order. A day with no
-- changed offer adds exactly zero, so its value is bit for bit the day before's; and an
-- incremental run, which starts from the stored log_level of the day before the window, gives
-- the same digits as a complete rebuild.
-- Incremental: the window's days are rebuilt from the offers of those days and of the day before
-- (a late day re-chains every day after it), each index continuing from its stored row of the
-- day before the window. Every index has a row on every day from its first to the latest day
-- (on a day none of its offers is listed, n_offers = 0 and the value holds), so that row always
-- exists and a daily build reads two days of offers and one stored day, however long the history.
-- Memory: each offer is compared with its own day before once (a window over the offers, which
-- DuckDB sorts and can spill), not joined to itself, and not once per index it counts in: the
-- indices are grouping sets of one aggregate. The window sorts only the key, the day and the
-- price; what decides an offer's indices (its GPU, family, provider) depends on its key alone
-- and is joined back from one row per offer. A self-join per index held ~80 million rows in a
-- hash table on a complete rebuild of ten synthetic years.
with offers as not materialized (
    select * from {{ ref('int_price_index__offers') }}
    {% if is_incremental() %}where offer_date >= {{ window_start() }} - 1{% endif %}
),

attributes as (
    select
        price_basis,
        offer_key,
        any_value(index_kind) as index_kind,
        any_value(provider_id) as provider_id,
        any_value(gpu_id) as gpu_id,
        any_value(family) as family,
        any_value(is_open_weight) as is_open_weight
    from offers
    group by price_basis, offer_key
),

-- Each offer beside its own previous and next day present: matched when the previous one is
-- yesterday; it leaves the day after its last consecutive day.
neighbours as (
    select
        price_basis,
        offer_key,
        offer_date,
        price,
        coalesce(lag(offer_date) over by_offer = offer_date - 1, false) as is_matched,
        lag(price) over by_offer as previous_price,
        coalesce(lead(offer_date) over by_offer <> offer_date + 1, true) as leaves_next_day
    from offers
    window by_offer as (partition by price_basis, offer_key order by offer_date)
),

-- One row per offer and day it is present, and one on the day after it leaves (is_present false).
offer_steps as (
    select
        offer_date as index_date, price_basis, offer_key,
        true as is_present,
        is_matched,
        is_matched and price <> previous_price as is_changed,
        -- Unchanged offers add ln(1) = 0: only changed ones are summed, each as a decimal so the
        -- sum does not depend on the order the rows arrive in.
        case when is_matched and price <> previous_price
            then cast(ln(price / previous_price) as decimal(38, 18)) end as log_ratio
    from neighbours
    union all
    select offer_date + 1, price_basis, offer_key, false, false, false, null
    from neighbours
    where leaves_next_day
),

offer_days as (
    select
        offer_steps.*,
        attributes.index_kind,
        -- The provider counts on the days its offer is present, not on the day after it left.
        case when offer_steps.is_present then attributes.provider_id end as provider_id,
        attributes.gpu_id,
        attributes.family,
        attributes.is_open_weight
    from offer_steps
    inner join attributes using (price_basis, offer_key)
),

-- Every index of a day in one aggregate: all offers of a price basis, per GPU, per family, and
-- the open-weight ones.
grouped as (
    select
        index_date,
        price_basis,
        gpu_id,
        family,
        is_open_weight,
        grouping(gpu_id) as all_gpus,
        grouping(family) as all_families,
        grouping(is_open_weight) as all_weights,
        any_value(index_kind) as index_kind,
        count(*) filter (where is_matched) as n_matched,
        count(*) filter (where is_changed) as n_changed,
        count(*) filter (where is_present and not is_matched) as n_entered,
        count(*) filter (where not is_present) as n_exited,
        count(*) filter (where is_present) as n_offers,
        count(distinct provider_id) as n_providers,
        coalesce(sum(log_ratio), 0) as sum_log_ratio
    from offer_days
    group by grouping sets (
        (index_date, price_basis),
        (index_date, price_basis, gpu_id),
        (index_date, price_basis, family),
        (index_date, price_basis, is_open_weight)
    )
),

days as (
    select *
    from (
        select
            case
                when price_basis = 'gpu_hour' and all_families = 1 and all_weights = 1
                    then 'gpu:' || case when all_gpus = 1 then 'all' else gpu_id end || ':on_demand'
                when price_basis = 'output' and all_gpus = 1 and all_families = 1 and all_weights = 1
                    then 'token:all:output'
                when price_basis = 'blended' and all_gpus = 1 and all_families = 1 and all_weights = 1
                    then 'token:all:blended'
                when price_basis = 'output' and all_weights = 0 and is_open_weight
                    then 'token:open_weight:output'
                when price_basis = 'output' and all_families = 0 and family is not null
                    then 'token:' || family || ':output'
            end as index_id,
            index_kind, index_date, n_matched, n_changed, n_entered, n_exited, n_offers, n_providers, sum_log_ratio
        from grouped
    )
    where index_id is not null
),

{% if is_incremental() %}
stored as (
    select index_id, index_kind, log_level
    from {{ this }}
    where index_date = {{ window_start() }} - 1
),
{% endif %}

-- Every index from its first day (or the window's) to the latest day with an offer of any index.
spans as (
    select index_id, any_value(index_kind) as index_kind, min(index_date) as from_date
    from days
    where n_offers > 0 {% if is_incremental() %}and index_date >= {{ window_start() }}{% endif %}
    group by index_id
    {% if is_incremental() %}
    union all
    select index_id, index_kind, {{ window_start() }} from stored
    {% endif %}
),

spine as (
    select spans.index_id, any_value(spans.index_kind) as index_kind, cast(days.day as date) as index_date
    from spans
    cross join (select max(offer_date) as last_date from offers) as latest
    cross join lateral generate_series(spans.from_date, latest.last_date, interval 1 day) as days(day)
    group by spans.index_id, days.day
),

chained as (
    select
        spine.index_id,
        spine.index_kind,
        spine.index_date,
        coalesce(days.n_matched, 0) as n_matched,
        coalesce(days.n_changed, 0) as n_changed,
        coalesce(days.n_entered, 0) as n_entered,
        coalesce(days.n_exited, 0) as n_exited,
        coalesce(days.n_offers, 0) as n_offers,
        coalesce(days.n_providers, 0) as n_providers,
        -- The day's step: the mean log ratio over matched offers (0 when none changed), rounded
        -- once to a decimal so the running sum is exact.
        cast(case when days.n_changed > 0 then days.sum_log_ratio / days.n_matched else 0 end as decimal(38, 18))
            as log_step
    from spine
    left join days using (index_id, index_date)
),

levels as (
    select
        chained.*,
        {% if is_incremental() %}coalesce(stored.log_level, 0){% else %}0{% endif %}
            + sum(log_step) over (partition by chained.index_id order by index_date rows unbounded preceding)
            as log_level
    from chained
    {% if is_incremental() %}left join stored using (index_id){% endif %}
)

select
    index_date,
    index_id,
    index_kind,
    -- Rounded for reading (10 places of an index near 100); log_level keeps the chain exact.
    round(100 * exp(cast(log_level as double)), 10) as value,
    n_matched,
    n_changed,
    n_entered,
    n_exited,
    n_offers,
    n_providers,
    cast(log_level as decimal(38, 18)) as log_level
from levels
