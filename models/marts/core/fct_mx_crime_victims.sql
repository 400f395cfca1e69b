-- SESNSP victims of crimes of the fuero común by Mexican state, month, crime, sex and age
-- group; each year from the newest SESNSP cut holding it.

with victims as (

    select * from {{ ref('int_sesnsp_victims__latest_cut') }}

)

select
    cast(month_start as date) as month_start,
    cast(geography_id as varchar) as geography_id,
    cast(bien_juridico as varchar) as bien_juridico,
    cast(crime_type as varchar) as crime_type,
    cast(crime_subtype as varchar) as crime_subtype,
    cast(modality as varchar) as modality,
    cast(sex as varchar) as sex,
    cast(age_group as varchar) as age_group,
    cast(victims as bigint) as victims,
    cast(modality = 'Con arma de fuego' as boolean) as is_firearm,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from victims
