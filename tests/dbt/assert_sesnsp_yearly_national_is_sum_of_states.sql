-- The derived yearly SESNSP file's 'Nacional' rows must equal the sum of its states for
-- every year and crime: that is why the mart may drop them without losing anything.
-- (That all 32 states are there is checked by the mart's GX suite.)

with yearly as (

    select * from {{ ref('int_sesnsp_incidence_yearly__latest_release') }}

),

totals as (

    select
        calendar_year,
        bien_juridico,
        crime_type,
        crime_subtype,
        modality,
        sum(crime_reports) filter (where geography_id <> 'MX') as sum_of_states,
        sum(crime_reports) filter (where geography_id = 'MX') as national
    from yearly
    group by calendar_year, bien_juridico, crime_type, crime_subtype, modality

)

select *
from totals
where national is distinct from sum_of_states
