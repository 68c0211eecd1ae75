-- In seed_naive_fp16 every row must equal the article's arithmetic:
-- rate × active params × 2 bytes / bandwidth / 3600 × 1e6 (the GPU count cancels), and be
-- memory-bound. Rows that break it are returned; the test passes when none do.
select *
from {{ ref('fct_breakeven_daily') }}
where scenario_id = 'seed_naive_fp16'
  and (
      bound <> 'memory'
      or abs(
          breakeven_output_usd_per_mtok
          - usd_per_gpu_hour * active_params_b * 1e9 * 2 / (memory_bandwidth_tbps * 1e12) / 3600 * 1e6
      ) > 1e-9 * breakeven_output_usd_per_mtok
  )
