-- GPU names that no alias in seeds/gpu_aliases.csv resolves: kept out of the marts and listed
-- by `breakeven status`, so that nobody guesses which variant a provider meant.
select
    source_id,
    provider_id,
    gpu_name,
    count(*) as n_rows,
    min(observed_date) as first_seen,
    max(observed_date) as last_seen,
    min(instance_type) as example_instance_type
from {{ ref('int_gpu_rates__unioned') }}
where gpu_id is null
group by source_id, provider_id, gpu_name
