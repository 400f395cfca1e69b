-- USBP seizure statistics by border region and fiscal year, as transcribed. Rename and
-- cast only; apprehension columns are left out (out of scope, see the source YAML).

with landed_rows as (

    select * from {{ source('usbp_seizure_stats', 'usbp_seizure_stats__by_border_region') }}

)

select
    lower(sector) as border_region,
    lower(sector) = 'nationwide total' as is_total,
    cast(fiscal_year as integer) as fiscal_year,
    firearms,
    ammunition_rounds,
    currency_in_dollars as currency_usd,
    conveyances,
    cocaine_pounds as cocaine_lbs,
    cocaine_seizures,
    ecstasy_pounds as ecstasy_lbs,
    ecstasy_seizures,
    heroin_ounces as heroin_oz,
    heroin_seizures,
    marijuana_pounds as marijuana_lbs,
    marijuana_seizures,
    methamphetamine_pounds as methamphetamine_lbs,
    methamphetamine_seizures,
    other_drugs_pounds as other_drugs_lbs,
    other_drugs_seizures,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
