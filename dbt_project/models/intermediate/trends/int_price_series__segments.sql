{{ config(materialized='incremental', incremental_strategy='replace_series_tail',
          unique_key=['series_kind', 'series_id', 'metric'], on_schema_change='fail') }}

-- Every series of int_price_series__daily as runs of consecutive days at one value: one row
-- per run (from_date .. to_date). Prices change rarely, so ten years of a daily series are a
-- dozen runs, and a trend fitted to the runs (fct_halving_rates) costs the same in year ten as
-- in week one. A run ends where the value changes or a day is missing; is_change says the
-- run's value differs from the series' previous run (across a gap too). Values <= 0 (free
-- tiers, placeholders) cannot be logged and are left out, as in the fits.
-- The days are first grouped into runs on their own (one sort, however many days); those runs
-- are then joined where they touch. Incremental: the window's runs are laid after each touched
-- series' last run that began before the window (cut at the window; it keeps its stored
-- is_change), and the series' rows from that run on are replaced by the result
-- (macros/replace_series_tail.sql); earlier runs and untouched series are not rewritten, so a
-- day costs the same in year ten as in week one.
with days as (
    select series_kind, series_id, metric, series_date, value
    from {{ ref('int_price_series__daily') }}
    where value > 0
      and series_kind <> 'token_price'
    {% if is_incremental() %}and series_date >= {{ window_start() }}{% endif %}
),

-- Runs among the days alone: within one value, consecutive days share day − row number.
day_runs as (
    select series_kind, series_id, metric, value, min(series_date) as from_date, max(series_date) as to_date
    from (
        select
            *,
            series_date - cast(row_number() over (
                partition by series_kind, series_id, metric, value order by series_date
            ) as integer) as island
        from days
    )
    group by series_kind, series_id, metric, value, island
),

-- The token offers (most of the rows) fold their days into runs of all three prices at once
-- (macros/runs_of_consecutive_days.sql), and only then become a run per metric; a metric's runs
-- that touch at one value are joined below like any other pieces. The days are grouped by the
-- columns an offer's series_id is made of, and the id is spelt once per run. The macro reads the
-- offers twice; DuckDB would keep them between the two reads, all ~11 million offer-days of a
-- complete build at ten years (3.0 s), where reading the daily fact again costs less (2.1 s). A
-- daily run's few days cost the same either way.
token_offers as not materialized (
    select source_id, provider_id, provider_model_id, price_tier, region, series_date,
        input_usd_per_mtok, output_usd_per_mtok, blended_usd_per_mtok
    from {{ ref('int_price_series__token_offers') }} as offers
    {% if is_incremental() -%}
    {{ join_window_days(ref('int_price_series__token_offers'), 'offers', 'series_date', window_start()) }}
    {%- endif %}
),

offer_runs as (
    select {{ token_series_id() }} as series_id, input_usd_per_mtok, output_usd_per_mtok, blended_usd_per_mtok,
        from_date, to_date
    from {{ runs_of_consecutive_days('token_offers',
        ['source_id', 'provider_id', 'provider_model_id', 'price_tier', 'region',
         'input_usd_per_mtok', 'output_usd_per_mtok', 'blended_usd_per_mtok'], 'series_date') }}
),

token_runs as (
    select 'token_price' as series_kind, series_id, metric, value, from_date, to_date
    from offer_runs
    unpivot (value for metric in (
        input_usd_per_mtok as 'input',
        output_usd_per_mtok as 'output',
        blended_usd_per_mtok as 'blended'
    ))
    where value > 0
),

runs as (
    select * from day_runs
    union all by name
    select * from token_runs
),

pieces as (
    select series_kind, series_id, metric, from_date, to_date, value, null::boolean as stored_is_change
    from runs
    {% if is_incremental() %}
    union all
    select earlier.series_kind, earlier.series_id, earlier.metric, earlier.from_date,
        least(earlier.to_date, {{ window_start() }} - 1) as to_date, earlier.value, earlier.is_change
    from {{ this }} as earlier
    -- Each touched series' last run begun before the window, found by a grouped max and joined
    -- back by the unique key: a window function over every stored run sorted them all (0.2 of
    -- the 0.5 s of CPU this model took in a daily run at ten years).
    inner join (
        select series_kind, series_id, metric, max(from_date) as from_date
        from {{ this }}
        where from_date < {{ window_start() }}
        group by series_kind, series_id, metric
    ) as last_before using (series_kind, series_id, metric, from_date)
    semi join (select distinct series_kind, series_id, metric from runs) as touched
        using (series_kind, series_id, metric)
    {% endif %}
),

marked as (
    select
        *,
        lag(value) over series_pieces as previous_value,
        -- A piece continues the run before it when it follows it without a gap at the same value.
        coalesce(lag(to_date) over series_pieces = from_date - 1 and lag(value) over series_pieces = value, false)
            as continues_run
    from pieces
    window series_pieces as (partition by series_kind, series_id, metric order by from_date)
),

numbered as (
    select
        *,
        count(*) filter (where not continues_run) over (
            partition by series_kind, series_id, metric order by from_date rows unbounded preceding
        ) as run_number
    from marked
)

select
    series_kind,
    series_id,
    metric,
    min(from_date) as from_date,
    max(to_date) as to_date,
    any_value(value) as value,
    arg_min(coalesce(stored_is_change, previous_value <> value, false), from_date) as is_change
from numbered
group by series_kind, series_id, metric, run_number
