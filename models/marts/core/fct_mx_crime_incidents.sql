-- SESNSP crime reports (carpetas de investigación) by Mexican state, month and crime;
-- each year from the newest SESNSP cut holding it, unpublished months absent (not zero).

with incidents as (

    select * from {{ ref('int_sesnsp_incidence__latest_cut') }}

)

select
    cast(month_start as date) as month_start,
    cast(geography_id as varchar) as geography_id,
    cast(bien_juridico as varchar) as bien_juridico,
    cast(crime_type as varchar) as crime_type,
    cast(crime_subtype as varchar) as crime_subtype,
    cast(modality as varchar) as modality,
    cast(crime_catalogue as varchar) as crime_catalogue,
    cast(crime_reports as bigint) as crime_reports,
    cast(modality = 'Con arma de fuego' as boolean) as is_firearm,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from incidents
