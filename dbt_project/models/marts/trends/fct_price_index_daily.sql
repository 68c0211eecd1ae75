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
with offers as (
    select * from {{ ref('int_price_index__offers') }}
    {% if is_incremental() %}where offer_date >= {{ window_start() }} - 1{% endif %}
),

-- Each offer on each day beside the same offer the day before: matched when both exist.
pairs as (
    select
        coalesce(today.index_id, yesterday.index_id) as index_id,
        coalesce(today.index_kind, yesterday.index_kind) as index_kind,
        coalesce(today.offer_date, yesterday.offer_date + 1) as index_date,
        today.provider_id,
        today.price,
        yesterday.price as previous_price
    from offers as today
    full outer join offers as yesterday
        on today.index_id = yesterday.index_id
        and today.offer_key = yesterday.offer_key
        and today.offer_date = yesterday.offer_date + 1
),

days as (
    select
        index_id,
        any_value(index_kind) as index_kind,
        index_date,
        count(*) filter (where price is not null and previous_price is not null) as n_matched,
        count(*) filter (where price <> previous_price) as n_changed,
        count(*) filter (where previous_price is null) as n_entered,
        count(*) filter (where price is null) as n_exited,
        count(price) as n_offers,
        count(distinct provider_id) as n_providers,
        -- Unchanged offers add ln(1) = 0: only changed ones are summed, each as a decimal so the
        -- sum does not depend on the order the rows arrive in.
        coalesce(sum(cast(ln(price / previous_price) as decimal(38, 18))) filter (where price <> previous_price), 0)
            as sum_log_ratio
    from pairs
    group by index_id, index_date
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
