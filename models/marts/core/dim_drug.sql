-- One row per drug as a source system names it: CBP drug types and CDC VSRR count
-- indicators, each mapped to a conformed drug category.

with cbp_drug_types as (

    select * from {{ ref('cbp_drug_types') }}

),

cdc_indicators as (

    select * from {{ ref('cdc_vsrr_indicators') }}

),

cbp_drugs as (

    select
        drug_id,
        'cbp' as source_system,
        drug_type as source_label,
        drug_category,
        cast(null as varchar) as icd10_codes,
        note
    from cbp_drug_types

),

cdc_drugs as (

    select
        drug_id,
        'cdc_vsrr' as source_system,
        indicator as source_label,
        drug_category,
        icd10_codes,
        note
    from cdc_indicators
    -- 'Percent with drugs specified' is a data-quality percent, not a drug or a count
    where is_count

)

select
    cast(drug_id as varchar) as drug_id,
    cast(source_system as varchar) as source_system,
    cast(source_label as varchar) as source_label,
    cast(drug_category as varchar) as drug_category,
    cast(icd10_codes as varchar) as icd10_codes,
    cast(note as varchar) as note
from cbp_drugs
union all
select
    cast(drug_id as varchar) as drug_id,
    cast(source_system as varchar) as source_system,
    cast(source_label as varchar) as source_label,
    cast(drug_category as varchar) as drug_category,
    cast(icd10_codes as varchar) as icd10_codes,
    cast(note as varchar) as note
from cdc_drugs
