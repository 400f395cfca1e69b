-- SESNSP victims with every year taken whole from the newest cut that holds it, and the
-- state resolved to its geography.
--
-- Every SESNSP cut restates (and revises) all earlier months of the series; a year is
-- taken from one cut only so that a cut's revisions are never mixed with another's.

with all_victim_rows as (

    select * from {{ ref('stg_sesnsp__victims_state_month') }}

),

victim_rows as (

    {{ rows_of_newest_release('all_victim_rows', ['calendar_year']) }}

),

state_names as (

    select * from {{ ref('int_mx_state_names__resolved') }}
    where source_table = 'sesnsp__victims_state_month'

)

select
    victim_rows.month_start,
    state_names.geography_id,
    victim_rows.bien_juridico,
    victim_rows.crime_type,
    victim_rows.crime_subtype,
    victim_rows.modality,
    victim_rows.sex,
    victim_rows.age_group,
    victim_rows.victims,
    victim_rows.source_file,
    victim_rows.source_vintage
from victim_rows
left join state_names
    on
        victim_rows.state_code = state_names.state_code
        and victim_rows.state_name = state_names.state_name
