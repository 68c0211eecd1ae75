select
    gpu_id,
    vendor,
    memory_gb,
    memory_bandwidth_tbps,
    bf16_dense_tflops,
    fp16_dense_tflops,
    fp8_dense_tflops,
    fp4_dense_tflops,
    source_url,
    note
from {{ ref('gpu_specs') }}
