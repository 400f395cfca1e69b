-- CBP drug seizures by fiscal month, area of responsibility, component, land filter and
-- drug; each fiscal year from the newest CBP release holding it.

with seizures as (

    select * from {{ ref('int_cbp_drug_seizures__deduplicated') }}

),

drug_types as (

    select * from {{ ref('cbp_drug_types') }}

)

select
    cast(seizures.month_start as date) as month_start,
    cast(seizures.fiscal_year as integer) as fiscal_year,
    cast(seizures.is_fiscal_year_to_date as boolean) as is_fiscal_year_to_date,
    cast(seizures.area_of_responsibility as varchar) as area_of_responsibility,
    cast(seizures.component as varchar) as component,
    cast(seizures.region as varchar) as region,
    cast(seizures.land_filter as varchar) as land_filter,
    cast(drug_types.drug_id as varchar) as drug_id,
    cast(seizures.seizure_events as bigint) as seizure_events,
    cast(seizures.quantity_lbs as double) as quantity_lbs,
    cast(seizures.quantity_lbs * 0.45359237 as double) as quantity_kg,
    cast(seizures.source_file as varchar) as source_file,
    cast(seizures.source_vintage as date) as source_vintage
from seizures
left join drug_types
    on seizures.drug_type = drug_types.drug_type
