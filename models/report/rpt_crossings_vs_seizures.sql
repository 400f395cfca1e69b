-- The report's chart "Crossings vs seizures": one point per US border state and calendar
-- year complete in both sources (BTS crossings and CBP seizures); people only, never
-- added to vehicles.

select
    us_geography_id,
    calendar_year,
    inbound_people,
    cast(inbound_people as double) / cast(1000000 as double) as inbound_people_millions,
    fentanyl_seized_lbs,
    crossings_source_releases,
    seizures_source_releases
from {{ ref('border_flows_yearly') }}
where
    seizure_months_in_year = 12
    and crossing_months_in_year = 12
