-- BTS crossings with every port × month × measure counted once.
--
-- * Exports overlap (every export restates the whole history): each month is taken WHOLE
--   from the newest export holding it. BTS does not publish zeros (since about 2016), so
--   a cell absent from the newer export must stay absent: the choice is per month.
-- * A cell published twice with the same value (exact repeat) is counted once.
-- * A cell published with DIFFERENT values fails the build, naming it, unless
--   seeds/bts_conflicting_rows_errata.csv pins which value to keep.
-- * A measure missing from seeds/bts_crossing_measures.csv fails the build, naming it.

with crossing_rows as (

    select * from {{ ref('stg_bts_border_crossing__port_month_measure') }}

),

measures as (

    select * from {{ ref('bts_crossing_measures') }}

),

errata as (

    select * from {{ ref('bts_conflicting_rows_errata') }}

),

chosen_rows as (

    {{ rows_of_newest_release('crossing_rows', ['month_start']) }}

),

cells as (

    select
        port_code,
        month_start,
        measure,
        source_file,
        source_vintage,
        count(*) as published_rows,
        count(distinct crossings) as distinct_values,
        string_agg(distinct cast(crossings as varchar), '; ' order by cast(crossings as varchar))
            as published_values,
        max(crossings) as crossings,
        min(source_row) as first_source_row
    from chosen_rows
    group by port_code, month_start, measure, source_file, source_vintage

),

checked_cells as (

    select
        cells.port_code,
        cells.month_start,
        case
            when measures.measure is null
                then error(
                    'unknown BTS measure ''' || cells.measure || ''' in ' || cells.source_file
                    || ' (row ' || cells.first_source_row || ', port ' || cells.port_code
                    || ', ' || strftime(cells.month_start, '%b %Y') || '): add it to '
                    || 'seeds/bts_crossing_measures.csv with its measure_kind '
                    || '(people, vehicles or containers)'
                )
            else cells.measure
        end as measure,
        measures.measure_kind,
        case
            when cells.distinct_values = 1 then cells.crossings
            when errata.kept_value is not null
                and errata.published_values = cells.published_values
                then errata.kept_value
            else error(
                'BTS ' || cells.source_file || ': port ' || cells.port_code || ', '
                || strftime(cells.month_start, '%b %Y') || ', ' || cells.measure
                || ' is published ' || cells.published_rows || ' times with different values ('
                || cells.published_values || '); pin the value to keep in '
                || 'seeds/bts_conflicting_rows_errata.csv'
            )
        end as crossings,
        cells.published_rows,
        cells.published_values,
        cells.distinct_values > 1 as is_conflict_resolved_by_erratum,
        cells.source_file,
        cells.source_vintage,
        cells.first_source_row as source_row
    from cells
    left join measures
        on cells.measure = measures.measure
    left join errata
        on
            cells.port_code = errata.port_code
            and cells.month_start = errata.month_start
            and cells.measure = errata.measure

)

select * from checked_cells
