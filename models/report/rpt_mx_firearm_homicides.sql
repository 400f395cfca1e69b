-- The report's chart "Mexican firearm homicides and the firearm share": one row per
-- complete calendar year of SESNSP victims (all 12 months published).

select
    year,
    mx_firearm_homicide_victims_cy,
    mx_firearm_share_of_intentional_homicides_cy,
    mx_victims_source_releases
from {{ ref('national_flows_yearly') }}
where mx_victim_months_cy = 12
