-- The report's panel "Per border state": each US border state's calendar years with the
-- three figures it draws, each kept only for a complete year of its source (NULL
-- otherwise), with the releases of the figures kept.

with flows as (

    select
        us_geography_id,
        calendar_year,
        case when seizure_months_in_year = 12 then fentanyl_seized_lbs end
            as fentanyl_seized_lbs,
        synthetic_opioid_deaths,
        case when mx_victim_months_in_year = 12 then mx_firearm_homicide_victims end
            as mx_firearm_homicide_victims,
        seizures_source_releases,
        overdose_source_releases,
        mx_victims_source_releases
    from {{ ref('border_flows_yearly') }}

)

select
    us_geography_id,
    calendar_year,
    fentanyl_seized_lbs,
    synthetic_opioid_deaths,
    mx_firearm_homicide_victims,
    case when fentanyl_seized_lbs is not null then seizures_source_releases end
        as seizures_source_releases,
    case when synthetic_opioid_deaths is not null then overdose_source_releases end
        as overdose_source_releases,
    case when mx_firearm_homicide_victims is not null then mx_victims_source_releases end
        as mx_victims_source_releases
from flows
