{{ carry_forward(ref('int_gpu_rates__unioned'), 'rate_date', 'gpu_rates') }}
