{{ stage_gpu_rates('coreweave') }}
