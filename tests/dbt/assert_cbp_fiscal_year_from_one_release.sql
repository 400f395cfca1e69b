-- Every fiscal year in the deduplicated CBP seizures comes from exactly one release file:
-- a fiscal year must never be stitched together from two releases.

with releases_per_fiscal_year as (

    select
        fiscal_year,
        count(distinct source_file || '@' || cast(source_vintage as varchar)) as releases_used
    from {{ ref('int_cbp_drug_seizures__deduplicated') }}
    group by fiscal_year

)

select *
from releases_per_fiscal_year
where releases_used <> 1
