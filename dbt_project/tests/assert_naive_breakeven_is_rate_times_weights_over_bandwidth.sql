{{ config(meta={'dagster': {'asset_key': ['marts', 'fct_breakeven_daily']}}) }}
-- In seed_naive_fp16 every row must equal the article's arithmetic:
-- rate × active params × 2 bytes / bandwidth / 3600 × 1e6 (the GPU count cancels).
-- Rows that break it are returned; the test passes when none do.
select b.*
from {{ ref('fct_breakeven_daily') }} as b
inner join {{ ref('dim_models') }} as m using (model_id)
inner join {{ ref('dim_gpus') }} as g using (gpu_id)
where b.scenario_id = 'seed_naive_fp16'
  and (b.bound <> 'memory' or abs(
      b.breakeven_output_usd_per_mtok
      - b.usd_per_gpu_hour * m.active_params_b * 1e9 * 2 / (g.memory_bandwidth_tbps * 1e12) / 3600 * 1e6
  ) > 1e-9 * b.breakeven_output_usd_per_mtok)
