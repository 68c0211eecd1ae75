{{ config(materialized='view') }}

-- Token prices beside GPU rental rates, both rebased to 100 on the first day both exist.
-- Both are chained price indices of fct_price_index_daily (matched offers, Jevons): the token
-- index (var paradox_token_index, default token:all:output) and the GPU index (var
-- paradox_gpu_index, default gpu:all:on_demand). A median over a basket moved when providers
-- appeared in the data; a chained index moves only when an offer present on two days changes
-- its price, so eleven clouds arriving on one day move nothing.
-- A view over two indices' days (7,300 rows at ten years, read in milliseconds): a daily build
-- need not rebuild and test it, and the base day is always the first common one.
{%- set token_index = var('paradox_token_index', 'token:all:output') %}
{%- set gpu_index = var('paradox_gpu_index', 'gpu:all:on_demand') %}

with indices as (
    select * from {{ ref('fct_price_index_daily') }}
    where index_id in ('{{ token_index }}', '{{ gpu_index }}')
),

common as (
    select
        token.index_date,
        token.value as token_index_value,
        gpu.value as gpu_index_value,
        token.n_matched as token_n_matched,
        gpu.n_matched as gpu_n_matched,
        token.n_changed as token_n_changed,
        gpu.n_changed as gpu_n_changed
    from indices as token
    inner join indices as gpu using (index_date)
    where token.index_id = '{{ token_index }}'
      and gpu.index_id = '{{ gpu_index }}'
),

base as (
    select token_index_value as token_base, gpu_index_value as gpu_base
    from common
    order by index_date
    limit 1
)

select
    common.index_date as paradox_date,
    100 * common.token_index_value / base.token_base as token_price_index,
    100 * common.gpu_index_value / base.gpu_base as gpu_rate_index,
    '{{ token_index }}' as token_index_id,
    '{{ gpu_index }}' as gpu_index_id,
    common.token_index_value,
    common.gpu_index_value,
    common.token_n_matched,
    common.gpu_n_matched,
    common.token_n_changed,
    common.gpu_n_changed
from common
cross join base
