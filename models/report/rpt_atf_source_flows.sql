-- The report's Sankey "Where the border states' crime guns were bought": ATF-traced
-- firearms recovered in each US border state in the newest calendar year, by state of
-- first retail sale (out-of-state sources only). The largest sources (over the four
-- states together) are kept one by one; the others are one node, 'other'.

{% set top_sources = 10 %}

with newest_year as (

    select max(calendar_year) as calendar_year
    from {{ ref('fct_firearm_traces') }}

),

border_states as (

    select distinct us_geography_id as geography_id
    from {{ ref('bridge_border_state_pairs') }}

),

cells as (

    select
        traces.calendar_year,
        traces.source_geography_id,
        traces.recovery_geography_id,
        traces.firearms,
        traces.source_file,
        traces.source_vintage
    from {{ ref('fct_firearm_traces') }} as traces
    inner join newest_year
        on traces.calendar_year = newest_year.calendar_year
    inner join border_states
        on traces.recovery_geography_id = border_states.geography_id
    where
        not traces.is_same_geography
        and traces.firearms > 0

),

ranked_sources as (

    select
        source_geography_id,
        row_number() over (
            order by sum(firearms) desc, source_geography_id
        ) as source_rank
    from cells
    group by source_geography_id

),

nodes as (

    select
        cells.*,
        case
            when ranked_sources.source_rank <= {{ top_sources }}
                then ranked_sources.source_rank
        end as source_rank
    from cells
    inner join ranked_sources
        on cells.source_geography_id = ranked_sources.source_geography_id

)

select
    calendar_year,
    case when source_rank is not null then source_geography_id else 'other' end
        as source_node,
    min(source_rank) as source_rank,
    recovery_geography_id,
    cast(sum(firearms) as bigint) as firearms,
    {{ source_release_list('source_file', 'source_vintage') }} as source_releases
from nodes
group by
    calendar_year,
    case when source_rank is not null then source_geography_id else 'other' end,
    recovery_geography_id
