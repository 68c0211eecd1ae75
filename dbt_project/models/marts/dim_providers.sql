select
    provider_id,
    provider_name,
    provider_kind,
    homepage
from {{ ref('providers') }}
