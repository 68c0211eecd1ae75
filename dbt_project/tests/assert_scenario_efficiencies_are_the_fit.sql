{{ config(meta={'dagster': {'ref': {'name': 'int_throughput__efficiency_fit'}}}) }}

-- The efficiencies every modelled scenario but the article's uses are the ones fitted to the
-- published measurements (int_throughput__efficiency_fit): a changed seed or measurement that
-- moves the fit makes this fail until seeds/serving_scenarios.csv follows. Rows returned fail.
select scenarios.scenario_id, fit.parameter, fit.value, scenarios.bandwidth_efficiency, scenarios.compute_efficiency
from {{ ref('serving_scenarios') }} as scenarios
cross join {{ ref('int_throughput__efficiency_fit') }} as fit
where scenarios.scenario_id <> 'seed_naive_fp16'
  and fit.parameter in ('bandwidth_efficiency', 'compute_efficiency')
  and abs(fit.value - case fit.parameter
                          when 'bandwidth_efficiency' then scenarios.bandwidth_efficiency
                          else scenarios.compute_efficiency end) > 0.005
