{{ stage_gpu_rates('vastai') }}
