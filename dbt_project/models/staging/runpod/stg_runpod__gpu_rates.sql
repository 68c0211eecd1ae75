{{ stage_gpu_rates('runpod') }}
