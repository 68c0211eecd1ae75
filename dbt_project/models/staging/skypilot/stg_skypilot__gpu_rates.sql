{{ stage_gpu_rates('skypilot') }}
