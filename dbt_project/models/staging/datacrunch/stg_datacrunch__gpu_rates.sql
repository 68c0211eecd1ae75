{{ stage_gpu_rates('datacrunch') }}
