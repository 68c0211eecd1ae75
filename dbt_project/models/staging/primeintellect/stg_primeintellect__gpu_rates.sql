{{ stage_gpu_rates('primeintellect') }}
