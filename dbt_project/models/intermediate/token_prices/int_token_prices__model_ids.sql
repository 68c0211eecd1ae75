-- Each provider model id mapped to its canonical model (seeds/model_aliases.csv): patterns are
-- full-match regular expressions on the lowercased id; a provider-specific alias beats a
-- generic one, and a longer pattern beats a shorter one. Ids no pattern matches stay unmapped
-- (model_id null) and are listed by `breakeven status`.
with ids as (
    select distinct provider_id, provider_model_id
    from {{ ref('int_token_prices__unioned') }}
),

matches as (
    select
        ids.provider_id,
        ids.provider_model_id,
        aliases.model_id,
        aliases.provider_id <> '*' as is_provider_specific,
        length(aliases.pattern) as pattern_length
    from ids
    inner join {{ ref('model_aliases') }} as aliases
        on (aliases.provider_id = '*' or aliases.provider_id = ids.provider_id)
        and regexp_full_match(lower(ids.provider_model_id), aliases.pattern)
)

select
    ids.provider_id,
    ids.provider_model_id,
    best.model_id
from ids
left join (
    select provider_id, provider_model_id, model_id
    from matches
    qualify row_number() over (
        partition by provider_id, provider_model_id
        order by is_provider_specific desc, pattern_length desc, model_id
    ) = 1
) as best using (provider_id, provider_model_id)
