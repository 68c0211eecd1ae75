-- Providers from seeds/providers.csv, plus any provider a source names that the seed does not
-- know yet (provider_kind 'unlisted'), so that facts always join; `breakeven status` lists those.
with named as (
    select distinct provider_id from {{ ref('int_warehouse__landings') }}
)

select provider_id, provider_name, provider_kind, homepage
from {{ ref('providers') }}
union all
select named.provider_id, named.provider_id, 'unlisted', null
from named
where named.provider_id not in (select provider_id from {{ ref('providers') }})
