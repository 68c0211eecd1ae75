{{ stage_gpu_rates('gcp') }}
