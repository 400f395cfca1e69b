-- OFO drug seizures at the southwest border land ports per million people crossing
-- inbound there, by OFO field office (the CBP area holding the ports) and fiscal year.
--
-- Seizures are published by fiscal year and CBP area, crossings by calendar month and
-- port: ports map to their field office through their CBP port district
-- (seeds/cbp_port_districts.csv; an unmapped southwest port fails the build naming it),
-- and months to fiscal years through dim_month. A rate is given only where both sides
-- cover the whole fiscal year.

with ports as (

    select * from {{ ref('dim_port') }}
    where is_us_mexico_border

),

districts as (

    select * from {{ ref('cbp_port_districts') }}

),

port_field_offices as (

    select
        ports.port_code,
        ports.state_code,
        case
            when districts.field_office is null
                then error(
                    'southwest border port ' || ports.port_code || ' (' || ports.port_name
                    || ') is in CBP port district ' || left(ports.port_code, 2)
                    || ', which seeds/cbp_port_districts.csv does not map to a field office'
                )
            else districts.field_office
        end as area_of_responsibility
    from ports
    left join districts
        on left(ports.port_code, 2) = districts.district_code

),

crossings as (

    select * from {{ ref('fct_border_crossings') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

measures as (

    select * from {{ ref('dim_crossing_measure') }}

),

crossings_by_fiscal_year as (

    select
        port_field_offices.area_of_responsibility,
        months.fiscal_year,
        string_agg(distinct port_field_offices.state_code, '; ' order by port_field_offices.state_code)
            as port_states,
        count(distinct crossings.port_code) as ports,
        count(distinct crossings.month_start) as crossing_months,
        sum(crossings.crossings) filter (where measures.measure_kind = 'people')
            as inbound_people,
        sum(crossings.crossings) filter (where crossings.measure = 'Personal Vehicles')
            as inbound_personal_vehicles,
        sum(crossings.crossings) filter (where crossings.measure = 'Trucks') as inbound_trucks
    from crossings
    inner join port_field_offices
        on crossings.port_code = port_field_offices.port_code
    inner join months
        on crossings.month_start = months.month_start
    inner join measures
        on crossings.measure = measures.measure
    group by port_field_offices.area_of_responsibility, months.fiscal_year

),

seizures as (

    select * from {{ ref('fct_drug_seizures') }}

),

drugs as (

    select * from {{ ref('dim_drug') }}

),

seizures_by_fiscal_year as (

    select
        seizures.area_of_responsibility,
        seizures.fiscal_year,
        drugs.drug_category,
        sum(seizures.seizure_events) as seizure_events,
        sum(seizures.quantity_lbs) as quantity_lbs,
        bool_or(seizures.is_fiscal_year_to_date) as is_fiscal_year_to_date
    from seizures
    inner join drugs
        on seizures.drug_id = drugs.drug_id
    -- seizures by the officers at the ports (OFO), at the land border
    where
        seizures.component = 'Office of Field Operations'
        and seizures.land_filter = 'Land Only'
        and seizures.area_of_responsibility in (
            select port_field_offices.area_of_responsibility from port_field_offices
        )
    group by seizures.area_of_responsibility, seizures.fiscal_year, drugs.drug_category

),

joined as (

    select
        seizures_by_fiscal_year.fiscal_year,
        seizures_by_fiscal_year.area_of_responsibility,
        crossings_by_fiscal_year.port_states,
        crossings_by_fiscal_year.ports,
        seizures_by_fiscal_year.drug_category,
        seizures_by_fiscal_year.seizure_events,
        seizures_by_fiscal_year.quantity_lbs,
        seizures_by_fiscal_year.is_fiscal_year_to_date,
        coalesce(crossings_by_fiscal_year.crossing_months, 0) as crossing_months,
        crossings_by_fiscal_year.inbound_people,
        crossings_by_fiscal_year.inbound_personal_vehicles,
        crossings_by_fiscal_year.inbound_trucks,
        coalesce(crossings_by_fiscal_year.crossing_months, 0) = 12
        and not seizures_by_fiscal_year.is_fiscal_year_to_date as is_complete_fiscal_year
    from seizures_by_fiscal_year
    left join crossings_by_fiscal_year
        on
            seizures_by_fiscal_year.area_of_responsibility
            = crossings_by_fiscal_year.area_of_responsibility
            and seizures_by_fiscal_year.fiscal_year = crossings_by_fiscal_year.fiscal_year

)

select
    cast(fiscal_year as integer) as fiscal_year,
    cast(area_of_responsibility as varchar) as area_of_responsibility,
    cast(port_states as varchar) as port_states,
    cast(ports as integer) as ports,
    cast(drug_category as varchar) as drug_category,
    cast(seizure_events as bigint) as seizure_events,
    cast(quantity_lbs as double) as quantity_lbs,
    cast(inbound_people as bigint) as inbound_people,
    cast(inbound_personal_vehicles as bigint) as inbound_personal_vehicles,
    cast(inbound_trucks as bigint) as inbound_trucks,
    cast(crossing_months as integer) as crossing_months,
    cast(is_fiscal_year_to_date as boolean) as is_fiscal_year_to_date,
    cast(is_complete_fiscal_year as boolean) as is_complete_fiscal_year,
    cast(
        case
            when is_complete_fiscal_year and inbound_people > 0
                then seizure_events * 1000000.0 / inbound_people
        end as double
    ) as seizure_events_per_million_people,
    cast(
        case
            when is_complete_fiscal_year and inbound_people > 0
                then quantity_lbs * 1000000.0 / inbound_people
        end as double
    ) as lbs_per_million_people
from joined
