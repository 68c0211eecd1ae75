{{ stage_gpu_rates('crusoe') }}
