-- DERIVED yearly SESNSP crime reports with third-party rates: every year from the newest
-- release holding it, states resolved to their geography ('Nacional' -> 'MX').

with all_yearly_rows as (

    select * from {{ ref('stg_sesnsp__incidence_state_year_derived') }}

),

yearly_rows as (

    {{ rows_of_newest_release('all_yearly_rows', ['calendar_year']) }}

),

state_names as (

    select * from {{ ref('int_mx_state_names__resolved') }}
    where source_table = 'sesnsp__incidence_state_year_derived'

)

select
    yearly_rows.calendar_year,
    state_names.geography_id,
    yearly_rows.state_code,
    yearly_rows.state_name,
    yearly_rows.bien_juridico,
    yearly_rows.crime_type,
    yearly_rows.crime_subtype,
    yearly_rows.modality,
    yearly_rows.crime_reports,
    yearly_rows.rate_per_100k_inhabitants,
    yearly_rows.rate_per_100k_women,
    -- a release cannot hold the whole of the year it was published in (2025 = Jan-Jun)
    yearly_rows.calendar_year >= year(yearly_rows.source_vintage) as is_partial_year,
    yearly_rows.source_file,
    yearly_rows.source_vintage,
    yearly_rows.source_row
from yearly_rows
left join state_names
    on
        yearly_rows.state_code = state_names.state_code
        and yearly_rows.state_name = state_names.state_name
