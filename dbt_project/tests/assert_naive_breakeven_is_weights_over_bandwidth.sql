-- In seed_naive_fp16 every row must equal the article's arithmetic: a token takes active
-- params × 2 bytes / bandwidth GPU-seconds (the GPU count cancels), so its price is that × rate
-- / 3600 × 1e6; and it must be memory-bound. Rows that break it are returned; none should.
select *
from {{ ref('int_breakeven__per_token') }}
where scenario_id = 'seed_naive_fp16'
  and (
      bound <> 'memory'
      or abs(gpu_seconds_per_token - active_params_b * 1e9 * 2 / (memory_bandwidth_tbps * 1e12))
         > 1e-9 * gpu_seconds_per_token
  )
