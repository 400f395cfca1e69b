-- USBP seizure statistics by border region and fiscal year, as transcribed. Rename and
-- cast only; apprehension columns are left out (out of scope, see the source YAML).

with landed_rows as (

    select * from {{ source('usbp_seizure_stats', 'usbp_seizure_stats__by_border_region') }}

)

select
    lower(trim(sector)) as border_region,
    lower(trim(sector)) = 'nationwide total' as is_total,
    cast(fiscal_year as integer) as fiscal_year,
    cast(firearms as bigint) as firearms,
    cast(ammunition_rounds as bigint) as ammunition_rounds,
    cast(currency_in_dollars as bigint) as currency_usd,
    cast(conveyances as bigint) as conveyances,
    cast(cocaine_pounds as bigint) as cocaine_lbs,
    cast(cocaine_seizures as bigint) as cocaine_seizures,
    cast(ecstasy_pounds as bigint) as ecstasy_lbs,
    cast(ecstasy_seizures as bigint) as ecstasy_seizures,
    cast(heroin_ounces as bigint) as heroin_oz,
    cast(heroin_seizures as bigint) as heroin_seizures,
    cast(marijuana_pounds as bigint) as marijuana_lbs,
    cast(marijuana_seizures as bigint) as marijuana_seizures,
    cast(methamphetamine_pounds as bigint) as methamphetamine_lbs,
    cast(methamphetamine_seizures as bigint) as methamphetamine_seizures,
    cast(other_drugs_pounds as bigint) as other_drugs_lbs,
    cast(other_drugs_seizures as bigint) as other_drugs_seizures,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
