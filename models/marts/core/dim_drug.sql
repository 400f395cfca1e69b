-- One row per drug as a source system names it: CBP drug types, CDC VSRR count
-- indicators, NFLIS drug categories and CDC DOSE drug groups, each mapped to a conformed
-- drug category.

with cbp_drug_types as (

    select * from {{ ref('cbp_drug_types') }}

),

cdc_indicators as (

    select * from {{ ref('cdc_vsrr_indicators') }}

),

nflis_categories as (

    select * from {{ ref('nflis_drug_categories') }}

),

dose_drugs as (

    select * from {{ ref('cdc_dose_drugs') }}

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

),

nflis_drugs as (

    select
        drug_id,
        'dea_nflis' as source_system,
        drug_category_description as source_label,
        drug_category,
        cast(null as varchar) as icd10_codes,
        note
    from nflis_categories

),

dose_drug_groups as (

    select
        drug_id,
        'cdc_dose' as source_system,
        label as source_label,
        drug_category,
        cast(null as varchar) as icd10_codes,
        note
    from dose_drugs

),

all_drugs as (

    select * from cbp_drugs
    union all
    select * from cdc_drugs
    union all
    select * from nflis_drugs
    union all
    select * from dose_drug_groups

)

select
    cast(drug_id as varchar) as drug_id,
    cast(source_system as varchar) as source_system,
    cast(source_label as varchar) as source_label,
    cast(drug_category as varchar) as drug_category,
    cast(icd10_codes as varchar) as icd10_codes,
    cast(note as varchar) as note
from all_drugs
