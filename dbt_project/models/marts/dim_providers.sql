{{ config(materialized='view') }}

-- Providers from seeds/providers.csv, plus any provider a source names that the seed does not
-- know yet (provider_kind 'unlisted'), so that facts always join; `breakeven status` lists those.
-- A view: a few hundred rows from a seed and the landings table, so a daily build need not
-- rebuild and test it (each dbt node of a daily build costs ~0.2 s whatever it does).
with named as (
    select distinct provider_id from {{ ref('int_warehouse__landings') }}
)

select provider_id, provider_name, provider_kind, homepage
from {{ ref('providers') }}
union all
select named.provider_id, named.provider_id, 'unlisted', null
from named
where named.provider_id not in (select provider_id from {{ ref('providers') }})
