-- The report's chart "US fentanyl seizures vs synthetic-opioid deaths": one row per year
-- with a CBP fentanyl figure (fiscal year) or a CDC synthetic-opioid death count
-- (calendar year), as national_flows_yearly holds them.

select
    year,
    fentanyl_seized_lbs_fy,
    is_seizure_fiscal_year_to_date,
    overdose_deaths_synthetic_opioids_cy,
    seizures_source_releases,
    overdose_source_releases
from {{ ref('national_flows_yearly') }}
where
    fentanyl_seized_lbs_fy is not null
    or overdose_deaths_synthetic_opioids_cy is not null
