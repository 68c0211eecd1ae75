{{ stage_gpu_rates('aws') }}
