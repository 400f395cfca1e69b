-- Inbound crossings per BTS port, month and measure, zeros included.
--
-- BTS does not publish zero values (since about 2016): a port × month × measure absent
-- from the export is zero crossings. The fact holds every port × measure for every month
-- the exports cover, with is_published = false where the zero was filled in.

with published_cells as (

    select * from {{ ref('int_bts_border_crossings__deduplicated') }}

),

ports as (

    select port_code from {{ ref('int_bts_ports__resolved') }}

),

measures as (

    select measure from {{ ref('bts_crossing_measures') }}

),

months_covered as (

    -- every month is taken whole from one export (see the intermediate)
    select distinct
        month_start,
        source_file,
        source_vintage
    from published_cells

),

all_cells as (

    select
        months_covered.month_start,
        ports.port_code,
        measures.measure,
        months_covered.source_file,
        months_covered.source_vintage
    from months_covered
    cross join ports
    cross join measures

)

select
    cast(all_cells.month_start as date) as month_start,
    cast(all_cells.port_code as varchar) as port_code,
    cast(all_cells.measure as varchar) as measure,
    cast(coalesce(published_cells.crossings, 0) as bigint) as crossings,
    cast(published_cells.port_code is not null as boolean) as is_published,
    cast(all_cells.source_file as varchar) as source_file,
    cast(all_cells.source_vintage as date) as source_vintage
from all_cells
left join published_cells
    on
        all_cells.month_start = published_cells.month_start
        and all_cells.port_code = published_cells.port_code
        and all_cells.measure = published_cells.measure
