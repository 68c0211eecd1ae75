{{ stage_gpu_rates('azure') }}
