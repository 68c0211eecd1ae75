-- The warehouse's latest day: the last day on which any source landed. Every source's rows run
-- up to this day, carried forward where the source itself did not land.
select max(observed_date) as as_of_date
from {{ ref('int_warehouse__landings') }}
