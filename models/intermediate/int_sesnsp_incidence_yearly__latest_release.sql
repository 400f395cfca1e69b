-- DERIVED yearly SESNSP crime reports with third-party rates: every year from the newest
-- release holding it, states resolved to their geography ('Nacional' -> 'MX').

with yearly_rows as (

    select * from {{ ref('stg_sesnsp__incidence_state_year_derived') }}

),

state_names as (

    select * from {{ ref('int_mx_state_names__resolved') }}
    where source_table = 'sesnsp__incidence_state_year_derived'

),

releases_per_year as (

    select distinct
        calendar_year,
        source_vintage,
        source_file
    from yearly_rows

),

newest_release_per_year as (

    select
        calendar_year,
        source_vintage,
        source_file
    from releases_per_year
    qualify row_number() over (
        partition by calendar_year
        order by source_vintage desc, source_file desc
    ) = 1

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
inner join newest_release_per_year
    on
        yearly_rows.calendar_year = newest_release_per_year.calendar_year
        and yearly_rows.source_file = newest_release_per_year.source_file
        and yearly_rows.source_vintage = newest_release_per_year.source_vintage
left join state_names
    on
        yearly_rows.state_code = state_names.state_code
        and yearly_rows.state_name = state_names.state_name
