-- Each fiscal year counted once, taken WHOLE from the newest release that holds it.
--
-- CBP files are rolling four-fiscal-year windows (fy19-fy22, fy20-fy23, fy23-fy26 ...)
-- that overlap. A newer release restates (and may revise) the fiscal years it holds, and
-- only publishes non-empty cells: a cell missing from the newer release means "no
-- seizures", so picking the newest row per cell would resurrect rows the newer release
-- dropped. Hence the choice is per fiscal year, not per row.

with seizure_rows as (

    select * from {{ ref('stg_cbp_drug_seizures__nationwide') }}

),

releases_per_fiscal_year as (

    select distinct
        fiscal_year,
        source_vintage,
        source_file
    from seizure_rows

),

newest_release_per_fiscal_year as (

    select
        fiscal_year,
        source_vintage,
        source_file
    from releases_per_fiscal_year
    -- newest vintage wins; the file name only breaks ties between same-day files
    qualify row_number() over (
        partition by fiscal_year
        order by source_vintage desc, source_file desc
    ) = 1

)

select
    seizure_rows.fiscal_year,
    seizure_rows.fiscal_year_label,
    seizure_rows.is_fiscal_year_to_date,
    seizure_rows.fiscal_month_abbr,
    seizure_rows.fiscal_month,
    seizure_rows.calendar_year,
    seizure_rows.calendar_month,
    seizure_rows.month_start,
    seizure_rows.component,
    seizure_rows.region,
    seizure_rows.land_filter,
    seizure_rows.area_of_responsibility,
    seizure_rows.drug_type_raw,
    seizure_rows.drug_type,
    seizure_rows.seizure_events,
    seizure_rows.quantity_lbs,
    seizure_rows.source_file,
    seizure_rows.source_vintage,
    seizure_rows.source_row
from seizure_rows
inner join newest_release_per_fiscal_year
    on
        seizure_rows.fiscal_year = newest_release_per_fiscal_year.fiscal_year
        and seizure_rows.source_file = newest_release_per_fiscal_year.source_file
        and seizure_rows.source_vintage = newest_release_per_fiscal_year.source_vintage
