{{ union_staged('gpu_rate_sources', 'gpu_rates') }}
