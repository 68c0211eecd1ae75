{{ stage_gpu_rates('hyperbolic') }}
