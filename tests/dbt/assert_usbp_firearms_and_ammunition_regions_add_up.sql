-- USBP firearms and ammunition: the three border regions add up exactly to the
-- 'nationwide total' row every fiscal year (verified against the official PDFs, see
-- PROVENANCE.md section 10). A row here means a transcription or unpivot fault.

with seizures as (

    select * from {{ ref('fct_usbp_seizures_yearly') }}
    where item in ('firearms', 'ammunition')

),

region_sums as (

    select
        fiscal_year,
        item,
        sum(quantity) filter (where not is_total) as regions_sum,
        sum(quantity) filter (where is_total) as nationwide_total,
        count(*) filter (where not is_total) as regions
    from seizures
    group by fiscal_year, item

)

select *
from region_sums
where regions_sum <> nationwide_total or nationwide_total is null or regions <> 3
