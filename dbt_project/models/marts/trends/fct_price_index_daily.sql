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
-- Cost: a complete rebuild reads every offer-day of history (~36 million rows at ten synthetic
-- years), so each offer's days are first folded into runs at one price (grouped by key and
-- price; only the prices whose days are not one unbroken run are sorted); everything after works
-- on runs, a few hundred thousand. A run adds +1 to
-- its indices' offers on its first day and -1 the day after its last; a day's count of offers
-- (and of providers, from each provider's merged runs) is the running sum of those steps. Only a
-- run's first day can enter or change, only the day after its last can exit. A day-by-day pass
-- over every offer-day (matched against its day before, then grouped per index) cost 82 s of
-- CPU at ten years; runs by one sort per price basis 17 s, runs by grouping 7 s, with the offers'
-- indices gathered in the same grouping 5.6 s.
-- Incremental: the offers of the window's days and the day before, read from the daily facts
-- by the view's own macro (a date filter on the view would leave DuckDB estimating a fifth of
-- all history: see macros/join_window_days.sql).
-- depends_on: {{ ref('fct_gpu_rates_daily') }}, {{ ref('fct_token_prices_daily') }}, {{ ref('dim_models') }}
with offers as not materialized (
    {% if is_incremental() %}
    {{ price_index_offers(since=window_start() ~ ' - 1') }}
    {% else %}
    select * from {{ ref('int_price_index__offers') }}
    {% endif %}
),

-- Consecutive days of one offer at one price (macros/runs_of_consecutive_days.sql), each with
-- what decides the offer's indices over its days at that price.
runs as (
    select * from {{ runs_of_consecutive_days('offers', ['price_basis', 'offer_key', 'price'], 'offer_date', carried={
        'index_kind': 'any_value(index_kind)',
        'provider_id': 'any_value(provider_id)',
        'gpu_id': 'max(gpu_id)',
        'is_open_weight': 'bool_or(is_open_weight)',
        'family': 'max(family)'}) }}
),

-- The indices an offer counts in depend on its key alone: gathered from its runs, not from its
-- days again (a second pass over every offer-day of history: 1.8 s of CPU at ten years).
memberships as (
    select price_basis, offer_key, index_kind, provider_id, unnest(index_ids) as index_id
    from (
        select
            price_basis,
            offer_key,
            any_value(index_kind) as index_kind,
            any_value(provider_id) as provider_id,
            case price_basis
                when 'gpu_hour' then ['gpu:all:on_demand', 'gpu:' || max(gpu_id) || ':on_demand']
                when 'blended' then ['token:all:blended']
                -- bool_or and max, not any_value: an offer priced before its model's release has no
                -- model on those days, and its indices must not depend on which row comes first.
                else list_filter(['token:all:output',
                                  case when bool_or(is_open_weight) then 'token:open_weight:output' end,
                                  'token:' || max(family) || ':output'], lambda id: id is not null)
            end as index_ids
        from runs
        group by price_basis, offer_key
    )
),

-- A run is matched on its first day when the offer's previous run ended the day before (at
-- another price: a change); it exits the day after its last day unless the next run starts then.
linked as (
    select
        price_basis, offer_key, price, from_date, to_date,
        coalesce(lag(to_date) over by_offer = from_date - 1, false) as follows_previous,
        lag(price) over by_offer as previous_price,
        coalesce(lead(from_date) over by_offer <> to_date + 1, true) as leaves_after
    from runs
    window by_offer as (partition by price_basis, offer_key order by from_date)
),

index_runs as (
    select linked.*, memberships.index_id, memberships.index_kind, memberships.provider_id
    from linked
    inner join memberships using (price_basis, offer_key)
),

-- Each provider's days in an index: its runs there merged where they overlap or touch. Runs that
-- start on one day are one interval first, so both windows below see one row per start day and
-- order them alike (tied rows in two sorts need not come in the same order).
provider_starts as (
    select index_id, provider_id, from_date, max(to_date) as to_date
    from index_runs
    group by index_id, provider_id, from_date
),

provider_spans as (
    select index_id, provider_id, min(from_date) as from_date, max(to_date) as to_date
    from (
        select
            *,
            count(*) filter (where starts_span) over (
                partition by index_id, provider_id order by from_date rows unbounded preceding
            ) as span_number
        from (
            select
                index_id, provider_id, from_date, to_date,
                coalesce(from_date > 1 + max(to_date) over (
                    partition by index_id, provider_id order by from_date
                    rows between unbounded preceding and 1 preceding
                ), true) as starts_span
            from provider_starts
        )
    )
    group by index_id, provider_id, span_number
),

-- Per index and day: the steps in the count of offers and of providers, and the day's entries,
-- changes and exits.
steps as (
    select index_id, from_date as index_date, 1 as offers_step, 0 as providers_step,
        (not follows_previous)::integer as entered,
        (follows_previous and price <> previous_price)::integer as changed,
        -- Unchanged offers add ln(1) = 0: only changed ones are summed, each as a decimal so the
        -- sum does not depend on the order the rows arrive in.
        case when follows_previous and price <> previous_price
            then cast(ln(price / previous_price) as decimal(38, 18)) end as log_ratio,
        0 as exited
    from index_runs
    union all
    select index_id, to_date + 1, -1, 0, 0, 0, null, leaves_after::integer
    from index_runs
    union all
    select index_id, from_date, 0, 1, 0, 0, null, 0 from provider_spans
    union all
    select index_id, to_date + 1, 0, -1, 0, 0, null, 0 from provider_spans
),

step_days as (
    select
        index_id,
        index_date,
        -- Counts as bigint, the type count(*) gave them before (the incremental table keeps it).
        cast(sum(entered) as bigint) as n_entered,
        cast(sum(changed) as bigint) as n_changed,
        cast(sum(exited) as bigint) as n_exited,
        sum(log_ratio) as sum_log_ratio,
        cast(sum(sum(offers_step)) over by_day as bigint) as n_offers,
        cast(sum(sum(providers_step)) over by_day as bigint) as n_providers
    from steps
    group by index_id, index_date
    window by_day as (partition by index_id order by index_date rows unbounded preceding)
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
    select index_id, any_value(index_kind) as index_kind,
        min({% if is_incremental() %}greatest(from_date, {{ window_start() }}){% else %}from_date{% endif %}) as from_date
    from index_runs
    {% if is_incremental() %}where to_date >= {{ window_start() }}{% endif %}
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

-- Each day of the spine with the counts standing since the index's last step on or before it.
chained as (
    select
        spine.index_id,
        spine.index_kind,
        spine.index_date,
        coalesce(step_days.n_offers, 0)
            - case when step_days.index_date = spine.index_date then step_days.n_entered else 0 end as n_matched,
        case when step_days.index_date = spine.index_date then step_days.n_changed else 0 end as n_changed,
        case when step_days.index_date = spine.index_date then step_days.n_entered else 0 end as n_entered,
        case when step_days.index_date = spine.index_date then step_days.n_exited else 0 end as n_exited,
        coalesce(step_days.n_offers, 0) as n_offers,
        coalesce(step_days.n_providers, 0) as n_providers,
        -- The day's step: the mean log ratio over matched offers (0 when none changed), rounded
        -- once to a decimal so the running sum is exact.
        case when step_days.index_date = spine.index_date and step_days.n_changed > 0
            then cast(step_days.sum_log_ratio / (step_days.n_offers - step_days.n_entered) as decimal(38, 18))
            else cast(0 as decimal(38, 18))
        end as log_step
    from spine
    asof left join step_days
        on spine.index_id = step_days.index_id
        and spine.index_date >= step_days.index_date
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
