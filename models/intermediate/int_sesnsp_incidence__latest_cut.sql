-- SESNSP crime reports with every year taken whole from the newest cut that holds it,
-- states resolved to their geography, and the crime catalogue the year is coded in.
--
-- Cuts overlap (every cut restates the whole series and revises recent months). The
-- choice is per calendar year, not per row: SESNSP changed its crime catalogue for 2026
-- (the "_n" series), so rows of two cuts must never be mixed within one year.

with all_month_rows as (

    select * from {{ ref('int_sesnsp_incidence__unpivoted') }}

),

month_rows as (

    {{ rows_of_newest_release('all_month_rows', ['calendar_year']) }}

),

state_names as (

    select * from {{ ref('int_mx_state_names__resolved') }}
    where source_table = 'sesnsp__incidence_state_month'

)

select
    month_rows.month_start,
    month_rows.calendar_year,
    month_rows.calendar_month,
    state_names.geography_id,
    month_rows.state_code,
    month_rows.state_name,
    month_rows.bien_juridico,
    month_rows.crime_type,
    month_rows.crime_subtype,
    month_rows.modality,
    -- SESNSP publishes 2026 onwards with a revised catalogue of crimes (see the YAML)
    case
        when month_rows.calendar_year >= 2026 then 'SESNSP 2026 (_n)'
        else 'SESNSP 2015-2025'
    end as crime_catalogue,
    month_rows.crime_reports,
    month_rows.source_file,
    month_rows.source_vintage,
    month_rows.source_row
from month_rows
left join state_names
    on
        month_rows.state_code = state_names.state_code
        and month_rows.state_name = state_names.state_name
