{{ stage_gpu_rates('aws_ondemand') }}
