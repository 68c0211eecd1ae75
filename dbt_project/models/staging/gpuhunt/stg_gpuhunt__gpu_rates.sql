{{ stage_gpu_rates('gpuhunt') }}
