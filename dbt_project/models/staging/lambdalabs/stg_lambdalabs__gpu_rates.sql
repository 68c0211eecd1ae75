{{ stage_gpu_rates('lambdalabs') }}
