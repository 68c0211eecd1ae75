{{ stage_gpu_rates('nebius') }}
