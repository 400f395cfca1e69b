-- Every ATF state label (either axis) that maps to no geography: must stay empty.
-- A label listed here fails the build twice: the test on this model, and the error()
-- in int_atf_firearm_traces__geocoded, whose message names the label.

with trace_cells as (

    select * from {{ ref('stg_atf_firearms_trace__source_recovery') }}

),

us_states as (

    select * from {{ ref('us_states') }}

),

atf_labels as (

    select * from {{ ref('atf_trace_state_labels') }}

),

labels_used as (

    select 'source' as axis, source_state as state_label, calendar_year, source_file
    from trace_cells
    union all
    select 'recovery' as axis, recovery_state as state_label, calendar_year, source_file
    from trace_cells

)

select
    labels_used.axis,
    labels_used.state_label,
    min(labels_used.calendar_year) as first_calendar_year,
    max(labels_used.calendar_year) as last_calendar_year,
    string_agg(distinct labels_used.source_file, '; ' order by labels_used.source_file)
        as source_files
from labels_used
left join atf_labels
    on labels_used.state_label = atf_labels.state_label
left join us_states
    on labels_used.state_label = upper(us_states.official_name)
where atf_labels.geography_id is null and us_states.postal_code is null
group by labels_used.axis, labels_used.state_label
