-- Published statements on firearms recovered in Mexico (or Mexico and Central America)
-- and traced by ATF: one row per statement, never aggregated.

with statements as (

    select * from {{ ref('stg_mx_firearm_trace_figures__statements') }}

)

select
    cast(source_row as integer) as statement_number,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    cast(recovery_country as varchar) as recovery_country,
    -- only a statement about Mexico alone maps to a geography; 'Mexico and Central
    -- America' (Mexico, Guatemala, El Salvador, Honduras combined) has no member
    cast(case when recovery_country = 'Mexico' then 'MX' end as varchar)
        as recovery_geography_id,
    cast(measure as varchar) as measure,
    cast(value as double) as value,
    cast(unit as varchar) as unit,
    cast(source_kind as varchar) as source_kind,
    cast(source_title as varchar) as source_title,
    cast(source_url as varchar) as source_url,
    cast(note as varchar) as note,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from statements
