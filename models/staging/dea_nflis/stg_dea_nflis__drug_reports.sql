-- NFLIS drug reports, one row per exported row: rename, trim, type the period.

with landed_rows as (

    select * from {{ source('dea_nflis', 'dea_nflis__drug_reports') }}

)

select
    upper(trim(state)) as state_code,
    cast(year as integer) as calendar_year,
    trim(period) as period_label,
    case
        when trim(period) = cast(year as varchar) then 'year'
        when upper(trim(period)) like 'SA1%' or upper(trim(period)) like 'SA2%' then 'half_year'
    end as period_type,
    case
        when trim(period) = cast(year as varchar) then make_date(cast(year as integer), 1, 1)
        when upper(trim(period)) like 'SA1%' then make_date(cast(year as integer), 1, 1)
        when upper(trim(period)) like 'SA2%' then make_date(cast(year as integer), 7, 1)
    end as period_start,
    case
        when trim(period) = cast(year as varchar) then make_date(cast(year as integer), 12, 1)
        when upper(trim(period)) like 'SA1%' then make_date(cast(year as integer), 6, 1)
        when upper(trim(period)) like 'SA2%' then make_date(cast(year as integer), 12, 1)
    end as period_last_month,
    trim(drug_category_code) as drug_category_code,
    trim(drug_category_description) as drug_category_description,
    trim(substance_id) as substance_id,
    trim(substance_description) as substance_description,
    trim(base_id) as base_id,
    trim(base_description) as base_description,
    trim(lab_type) as lab_type,
    cast(drug_reports as bigint) as drug_reports,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
