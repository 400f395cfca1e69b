-- Each fiscal year counted once per CBP series, taken WHOLE from the newest release of
-- that series that holds it.
--
-- CBP publishes two series of drug seizure files: "nationwide" (OFO field offices + USBP
-- sectors) and "amo" (Air and Marine Operations branches). Each is a run of rolling
-- four-fiscal-year windows (fy19-fy22, fy20-fy23, fy23-fy26 ...) that overlap. A newer
-- release restates (and may revise) the fiscal years it holds, and only publishes
-- non-empty cells: a cell missing from the newer release means "no seizures", so picking
-- the newest row per cell would resurrect rows the newer release dropped. Hence the
-- choice is per series and fiscal year, not per row. The two series never overlap (their
-- components differ), so a fiscal year's total is nationwide + AMO, each counted once.
--
-- An area (AOR or AMO branch) missing from seeds/cbp_areas.csv fails the build here,
-- naming it.

with nationwide_rows as (

    select
        'nationwide' as seizure_series,
        *
    from {{ ref('stg_cbp_drug_seizures__nationwide') }}

),

amo_rows as (

    select
        'amo' as seizure_series,
        *
    from {{ ref('stg_cbp_drug_seizures__amo') }}

),

seizure_rows as (

    select * from nationwide_rows
    union all by name
    select * from amo_rows

),

cbp_areas as (

    select * from {{ ref('cbp_areas') }}

),

chosen_rows as (

    {{ rows_of_newest_release('seizure_rows', ['seizure_series', 'fiscal_year']) }}

)

select
    chosen_rows.seizure_series,
    chosen_rows.fiscal_year,
    chosen_rows.fiscal_year_label,
    chosen_rows.is_fiscal_year_to_date,
    chosen_rows.fiscal_month_abbr,
    chosen_rows.fiscal_month,
    chosen_rows.calendar_year,
    chosen_rows.calendar_month,
    chosen_rows.month_start,
    chosen_rows.component,
    chosen_rows.region,
    chosen_rows.land_filter,
    case
        when cbp_areas.area_of_responsibility is null
            then error(
                'unmapped CBP area ''' || chosen_rows.area_of_responsibility || ''' ('
                || chosen_rows.component || ', ' || chosen_rows.region || ') in '
                || chosen_rows.source_file || ', row ' || chosen_rows.source_row
                || ': add it to seeds/cbp_areas.csv with its component, region, states '
                || 'and border segment'
            )
        else chosen_rows.area_of_responsibility
    end as area_of_responsibility,
    chosen_rows.drug_type_raw,
    chosen_rows.drug_type,
    chosen_rows.seizure_events,
    chosen_rows.quantity_lbs,
    chosen_rows.source_file,
    chosen_rows.source_vintage,
    chosen_rows.source_row
from chosen_rows
left join cbp_areas
    on chosen_rows.area_of_responsibility = cbp_areas.area_of_responsibility
