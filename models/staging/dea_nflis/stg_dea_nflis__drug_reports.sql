-- NFLIS drug reports, one row per exported row: rename, derive the period.

with landed_rows as (

    select * from {{ source('dea_nflis', 'dea_nflis__drug_reports') }}

)

select
    upper(state) as state_code,
    cast(year as integer) as calendar_year,
    period as period_label,
    case
        when period = cast(year as varchar) then 'year'
        when upper(period) like 'SA1%' or upper(period) like 'SA2%' then 'half_year'
    end as period_type,
    case
        when period = cast(year as varchar) then make_date(year, 1, 1)
        when upper(period) like 'SA1%' then make_date(year, 1, 1)
        when upper(period) like 'SA2%' then make_date(year, 7, 1)
    end as period_start,
    case
        when period = cast(year as varchar) then make_date(year, 12, 1)
        when upper(period) like 'SA1%' then make_date(year, 6, 1)
        when upper(period) like 'SA2%' then make_date(year, 12, 1)
    end as period_last_month,
    drug_category_code,
    drug_category_description,
    substance_id,
    substance_description,
    base_id,
    base_description,
    lab_type,
    drug_reports,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
