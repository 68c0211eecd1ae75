-- One score per canonical model and benchmark: the best of its rows (Epoch's hub keeps the best
-- score across scorers; several rows of one model are its dated snapshots or reasoning budgets,
-- all sold under the one model_id), dated by its first row. Seeds only: built once per project.
select
    model_id,
    benchmark,
    max(score) as score,
    min(observed_on) as first_observed_on,
    count(*) as n_source_rows
from {{ ref('model_capabilities') }}
where model_id is not null
group by all
