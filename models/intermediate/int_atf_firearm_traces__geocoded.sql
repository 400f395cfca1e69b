-- ATF source x recovery cells with both state labels mapped to dim_geography members.
-- A label is matched first against the atf_trace_state_labels seed (ATF's own spellings,
-- the combined Guam + Northern Mariana Islands label, Canada), then against the
-- upper-cased Census name in us_states. An unmapped label stops the build here with an
-- error naming it (and int_atf_trace_labels__unmapped lists it).

with trace_cells as (

    select * from {{ ref('stg_atf_firearms_trace__source_recovery') }}

),

us_states as (

    select * from {{ ref('us_states') }}

),

atf_labels as (

    select * from {{ ref('atf_trace_state_labels') }}

),

label_geographies as (

    select
        state_label,
        geography_id,
        'atf_trace_state_labels' as matched_by
    from atf_labels
    union all
    select
        upper(us_states.official_name) as state_label,
        'US-' || us_states.postal_code as geography_id,
        'us_states' as matched_by
    from us_states
    -- the seed wins where both would match
    where upper(us_states.official_name) not in (select state_label from atf_labels)

),

cells_with_geographies as (

    select
        trace_cells.*,
        source_geographies.geography_id as source_geography_id,
        recovery_geographies.geography_id as recovery_geography_id
    from trace_cells
    left join label_geographies as source_geographies
        on trace_cells.source_state = source_geographies.state_label
    left join label_geographies as recovery_geographies
        on trace_cells.recovery_state = recovery_geographies.state_label

)

select
    calendar_year,
    source_state_label,
    source_state,
    case
        when source_geography_id is null
            then error(
                'ATF trace source-state label ''' || source_state || ''' (' || source_file
                || ', cell ' || source_cell || ') maps to no geography: add it to '
                || 'seeds/atf_trace_state_labels.csv'
            )
        else source_geography_id
    end as source_geography_id,
    recovery_state_label,
    recovery_state,
    case
        when recovery_geography_id is null
            then error(
                'ATF trace recovery-state label ''' || recovery_state || ''' (' || source_file
                || ', cell ' || source_cell || ') maps to no geography: add it to '
                || 'seeds/atf_trace_state_labels.csv'
            )
        else recovery_geography_id
    end as recovery_geography_id,
    firearms,
    source_sheet,
    source_cell,
    source_file,
    source_vintage,
    source_row
from cells_with_geographies
