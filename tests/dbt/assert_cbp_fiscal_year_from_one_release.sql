-- Every fiscal year of each CBP series (nationwide OFO + USBP, Air and Marine Operations)
-- in the deduplicated seizures comes from exactly one release file of that series: a
-- fiscal year must never be stitched together from two releases.

with releases_per_fiscal_year as (

    select
        seizure_series,
        fiscal_year,
        count(distinct source_file || '@' || cast(source_vintage as varchar)) as releases_used
    from {{ ref('int_cbp_drug_seizures__deduplicated') }}
    group by seizure_series, fiscal_year

)

select *
from releases_per_fiscal_year
where releases_used <> 1
