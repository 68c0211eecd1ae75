{{ config(materialized='incremental', incremental_strategy='delete+insert',
          unique_key=['provider_id', 'provider_model_id'], on_schema_change='fail') }}
-- depends_on: {{ ref('model_aliases') }}

-- Each provider model id mapped to its canonical model (seeds/model_aliases.csv): patterns are
-- full-match regular expressions on the lowercased id; a provider-specific alias beats a
-- generic one, and a longer pattern beats a shorter one. Ids no pattern matches stay unmapped
-- (model_id null) and are listed by `breakeven status`.
-- The aliases are read when the model compiles and written into one CASE, best rule first:
-- each pattern is then a constant that DuckDB compiles once. Joining the seed instead makes
-- the pattern a column, compiled again for every (id, pattern) pair: 2 minutes for 3,000 ids.
-- Incremental: every id already mapped is mapped again (so an edited alias seed applies to all
-- of them), plus the ids landed in the window; the landed history is not re-read.
{%- set rules = [] %}
{%- if execute %}
    {%- set rules = run_query(
        "select provider_id, pattern, model_id from " ~ ref('model_aliases') ~
        " order by provider_id <> '*' desc, length(pattern) desc, model_id").rows %}
{%- endif %}
with ids as (
    select distinct provider_id, provider_model_id
    from {{ ref('int_token_prices__unioned') }}
    {% if is_incremental() %}
    where observed_date >= {{ window_start() }}
    union
    select provider_id, provider_model_id from {{ this }}
    {% endif %}
)

select
    provider_id,
    provider_model_id,
    {%- if rules | length == 0 %}
    cast(null as varchar) as model_id
    {%- else %}
    case
        {%- for rule in rules %}
        when {% if rule[0] != '*' %}provider_id = '{{ rule[0] }}' and {% endif -%}
            regexp_full_match(lower(provider_model_id), '{{ rule[1] | replace("'", "''") }}')
            then '{{ rule[2] }}'
        {%- endfor %}
    end as model_id
    {%- endif %}
from ids
