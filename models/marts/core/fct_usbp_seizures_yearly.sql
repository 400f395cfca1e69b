-- U.S. Border Patrol seizures by fiscal year, border region and item, as published.

with seizures as (

    select * from {{ ref('int_usbp_seizures__unpivoted') }}

),

drug_types as (

    select * from {{ ref('cbp_drug_types') }}

)

select
    cast(seizures.fiscal_year as integer) as fiscal_year,
    cast(make_date(seizures.fiscal_year - 1, 10, 1) as date) as fiscal_year_start_month,
    cast(seizures.border_region as varchar) as border_region,
    cast(seizures.is_total as boolean) as is_total,
    cast(seizures.item as varchar) as item,
    cast(drug_types.drug_id as varchar) as drug_id,
    cast(seizures.quantity as bigint) as quantity,
    cast(seizures.unit as varchar) as unit,
    cast(seizures.quantity_lbs as double) as quantity_lbs,
    cast(seizures.seizure_events as bigint) as seizure_events,
    cast(seizures.source_file as varchar) as source_file,
    cast(seizures.source_vintage as date) as source_vintage
from seizures
left join drug_types
    on seizures.cbp_drug_type = drug_types.drug_type
