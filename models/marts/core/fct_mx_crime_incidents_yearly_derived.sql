-- DERIVED: yearly SESNSP crime reports by Mexican state and crime as summed by a third
-- party, with the third party's rates. States only: the file's 'Nacional' rows equal the
-- sum of the states (tested in intermediate) and would double-count here.

with yearly as (

    select * from {{ ref('int_sesnsp_incidence_yearly__latest_release') }}

)

select
    cast(calendar_year as integer) as calendar_year,
    cast(geography_id as varchar) as geography_id,
    cast(bien_juridico as varchar) as bien_juridico,
    cast(crime_type as varchar) as crime_type,
    cast(crime_subtype as varchar) as crime_subtype,
    cast(modality as varchar) as modality,
    cast(crime_reports as bigint) as crime_reports,
    cast(rate_per_100k_inhabitants as double) as crime_reports_per_100k_inhabitants_derived,
    cast(rate_per_100k_women as double) as crime_reports_per_100k_women_derived,
    cast(is_partial_year as boolean) as is_partial_year,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from yearly
where geography_id <> 'MX'
