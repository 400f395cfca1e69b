-- One row per calendar year and US border state: firearms the state sourced (ATF),
-- drugs seized in its CBP areas, its overdose deaths, the firearm and intentional
-- homicides of the Mexican states across the border, inbound crossings at its ports
-- (people and vehicles apart, never added together), and rates per 100,000.
-- Every figure is for the CALENDAR year: CBP's fiscal months are re-added by calendar year.

with border_states as (

    select * from {{ ref('dim_geography') }}
    where country_code = 'US' and geography_level = 'state' and is_border_state

),

pairs as (

    select * from {{ ref('bridge_border_state_pairs') }}

),

cbp_areas as (

    select * from {{ ref('dim_cbp_area') }}
    where is_southwest_border

),

seizures as (

    select * from {{ ref('fct_drug_seizures') }}

),

drugs as (

    select * from {{ ref('dim_drug') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

traces as (

    select * from {{ ref('fct_firearm_traces') }}

),

overdose_deaths as (

    select * from {{ ref('fct_overdose_deaths') }}

),

mx_violence as (

    select * from {{ ref('mx_state_violence_monthly') }}

),

population as (

    select * from {{ ref('fct_population') }}

),

crossings as (

    select * from {{ ref('fct_border_crossings') }}

),

ports as (

    select * from {{ ref('dim_port') }}
    where is_us_mexico_border

),

crossing_measures as (

    select * from {{ ref('dim_crossing_measure') }}

),

-- the months the landed CBP releases cover (a month without a seizure row inside them
-- had no seizure of that kind: CBP publishes only non-empty cells)
seizure_coverage as (

    select
        months.calendar_year,
        count(*) as seizure_months_in_year
    from months
    where months.month_start between (select min(month_start) from seizures)
        and (select max(month_start) from seizures)
    group by months.calendar_year

),

areas_per_state as (

    select
        primary_geography_id as us_geography_id,
        string_agg(area_of_responsibility, '; ' order by area_of_responsibility)
            as cbp_areas
    from cbp_areas
    group by primary_geography_id

),

seizures_by_state_year as (

    select
        cbp_areas.primary_geography_id as us_geography_id,
        year(seizures.month_start) as calendar_year,
        sum(seizures.quantity_lbs) filter (
            where drugs.drug_category = 'fentanyl_synthetic_opioids'
        ) as fentanyl_seized_lbs,
        sum(seizures.quantity_lbs) filter (
            where drugs.drug_category = 'methamphetamine_psychostimulants'
        ) as methamphetamine_seized_lbs,
        sum(seizures.quantity_lbs) filter (where drugs.drug_category = 'cocaine')
            as cocaine_seized_lbs,
        sum(seizures.quantity_lbs) filter (where drugs.drug_category = 'heroin')
            as heroin_seized_lbs,
        sum(seizures.quantity_lbs) filter (where drugs.drug_category = 'cannabis')
            as marijuana_seized_lbs,
        sum(seizures.quantity_lbs) as all_drugs_seized_lbs,
        {{ source_release_list('seizures.source_file', 'seizures.source_vintage') }}
            as seizures_source_releases
    from seizures
    inner join cbp_areas
        on seizures.area_of_responsibility = cbp_areas.area_of_responsibility
    left join drugs
        on seizures.drug_id = drugs.drug_id
    group by cbp_areas.primary_geography_id, year(seizures.month_start)

),

traces_by_state_year as (

    select
        source_geography_id as us_geography_id,
        calendar_year,
        sum(firearms) as atf_firearms_sourced,
        sum(firearms) filter (where not is_same_geography)
            as atf_firearms_sourced_recovered_elsewhere,
        {{ source_release_list('source_file', 'source_vintage') }} as traces_source_releases
    from traces
    group by source_geography_id, calendar_year

),

overdose_by_state_year as (

    select
        geography_id as us_geography_id,
        year(month_start) as calendar_year,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:all_drugs')
            as overdose_deaths,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T40.4')
            as synthetic_opioid_deaths,
        {{ source_release_list('source_file', 'source_vintage') }} as overdose_source_releases
    from overdose_deaths
    -- a December row is the calendar year (12-month-ending values: never add months)
    where month(month_start) = 12
        and drug_id in ('cdc:all_drugs', 'cdc:T40.4')
    group by geography_id, year(month_start)

),

-- people and vehicles are different units: each sum stays within one measure kind
crossings_by_state_year as (

    select
        ports.geography_id as us_geography_id,
        year(crossings.month_start) as calendar_year,
        count(distinct crossings.month_start) as crossing_months_in_year,
        sum(crossings.crossings) filter (where crossing_measures.measure_kind = 'people')
            as inbound_people,
        sum(crossings.crossings) filter (where crossings.measure = 'Pedestrians')
            as inbound_pedestrians,
        sum(crossings.crossings) filter (where crossings.measure = 'Personal Vehicle Passengers')
            as inbound_personal_vehicle_passengers,
        sum(crossings.crossings) filter (where crossing_measures.measure_kind = 'vehicles')
            as inbound_vehicles,
        sum(crossings.crossings) filter (where crossings.measure = 'Personal Vehicles')
            as inbound_personal_vehicles,
        sum(crossings.crossings) filter (where crossings.measure = 'Trucks') as inbound_trucks,
        {{ source_release_list('crossings.source_file', 'crossings.source_vintage') }}
            as crossings_source_releases
    from crossings
    inner join ports
        on crossings.port_code = ports.port_code
    left join crossing_measures
        on crossings.measure = crossing_measures.measure
    group by ports.geography_id, year(crossings.month_start)

),

mx_violence_by_state_year as (

    select
        geography_id as mx_geography_id,
        calendar_year,
        sum(firearm_homicide_victims) as firearm_homicide_victims,
        sum(intentional_homicide_victims) as intentional_homicide_victims,
        count(*) as months_published,
        string_agg(distinct victims_source_releases, '; ' order by victims_source_releases)
            as victims_source_releases
    from mx_violence
    group by geography_id, calendar_year

),

mx_violence_by_pair_year as (

    select
        pairs.us_geography_id,
        mx_violence_by_state_year.calendar_year,
        sum(mx_violence_by_state_year.firearm_homicide_victims) as mx_firearm_homicide_victims,
        sum(mx_violence_by_state_year.intentional_homicide_victims)
            as mx_intentional_homicide_victims,
        min(mx_violence_by_state_year.months_published) as mx_victim_months_in_year,
        string_agg(
            distinct mx_violence_by_state_year.victims_source_releases, '; '
            order by mx_violence_by_state_year.victims_source_releases
        ) as mx_victims_source_releases
    from pairs
    inner join mx_violence_by_state_year
        on pairs.mx_geography_id = mx_violence_by_state_year.mx_geography_id
    group by pairs.us_geography_id, mx_violence_by_state_year.calendar_year

),

mx_population_by_pair_year as (

    select
        pairs.us_geography_id,
        population.calendar_year,
        sum(population.population) as mx_population,
        count(*) as mx_states_with_population,
        {{ source_release_list('population.source_file', 'population.vintage') }}
            as mx_population_source_releases
    from pairs
    inner join population
        on pairs.mx_geography_id = population.geography_id
    group by pairs.us_geography_id, population.calendar_year

),

paired_states as (

    select
        us_geography_id,
        count(*) as mx_states_paired,
        string_agg(mx_geography_id, '; ' order by mx_geography_id) as mx_geography_ids,
        string_agg(mx_display_name, '; ' order by mx_display_name) as mx_state_names
    from pairs
    group by us_geography_id

),

years_with_figures as (

    select us_geography_id, calendar_year from seizures_by_state_year
    union
    select us_geography_id, calendar_year from traces_by_state_year
    union
    select us_geography_id, calendar_year from overdose_by_state_year
    union
    select us_geography_id, calendar_year from mx_violence_by_pair_year
    union
    select us_geography_id, calendar_year from crossings_by_state_year

),

state_years as (

    select
        border_states.geography_id as us_geography_id,
        border_states.display_name as us_state_name,
        years_with_figures.calendar_year
    from border_states
    inner join (select distinct calendar_year from years_with_figures) as years_with_figures
        on true

)

select
    cast(state_years.calendar_year as integer) as calendar_year,
    cast(state_years.us_geography_id as varchar) as us_geography_id,
    cast(state_years.us_state_name as varchar) as us_state_name,
    cast(paired_states.mx_geography_ids as varchar) as mx_geography_ids,
    cast(paired_states.mx_state_names as varchar) as mx_state_names,
    -- ATF (calendar year)
    cast(traces_by_state_year.atf_firearms_sourced as bigint) as atf_firearms_sourced,
    cast(traces_by_state_year.atf_firearms_sourced_recovered_elsewhere as bigint)
        as atf_firearms_sourced_recovered_elsewhere,
    -- CBP (calendar year, re-added from fiscal months); NULL outside the CBP releases and
    -- for a state without a CBP area of its own
    cast(areas_per_state.cbp_areas as varchar) as cbp_areas,
    cast(
        case when areas_per_state.cbp_areas is not null then seizure_coverage.seizure_months_in_year end
        as integer
    ) as seizure_months_in_year,
    {% for drug in ['fentanyl', 'methamphetamine', 'cocaine', 'heroin', 'marijuana', 'all_drugs'] %}
    cast(
        case
            when areas_per_state.cbp_areas is not null and seizure_coverage.seizure_months_in_year > 0
                then coalesce(seizures_by_state_year.{{ drug }}_seized_lbs, 0)
        end
        as double
    ) as {{ drug }}_seized_lbs,
    {% endfor %}
    -- CDC VSRR (calendar year: the December 12-month-ending value)
    cast(overdose_by_state_year.overdose_deaths as bigint) as overdose_deaths,
    cast(overdose_by_state_year.synthetic_opioid_deaths as bigint) as synthetic_opioid_deaths,
    -- SESNSP (calendar year; victims of the paired Mexican states added up)
    cast(mx_violence_by_pair_year.mx_victim_months_in_year as integer) as mx_victim_months_in_year,
    cast(mx_violence_by_pair_year.mx_firearm_homicide_victims as bigint)
        as mx_firearm_homicide_victims,
    cast(mx_violence_by_pair_year.mx_intentional_homicide_victims as bigint)
        as mx_intentional_homicide_victims,
    -- BTS inbound crossings at the state's US-Mexico border ports (calendar year)
    cast(crossings_by_state_year.crossing_months_in_year as integer) as crossing_months_in_year,
    {% for measure in [
        'inbound_people', 'inbound_pedestrians', 'inbound_personal_vehicle_passengers',
        'inbound_vehicles', 'inbound_personal_vehicles', 'inbound_trucks',
    ] %}
    cast(crossings_by_state_year.{{ measure }} as bigint) as {{ measure }},
    {% endfor %}
    -- population (1 July of the calendar year) and rates per 100,000
    cast(us_population.population as bigint) as us_population,
    cast(
        case when mx_population_by_pair_year.mx_states_with_population = paired_states.mx_states_paired
            then mx_population_by_pair_year.mx_population end
        as bigint
    ) as mx_population,
    cast({{ per_100k('traces_by_state_year.atf_firearms_sourced_recovered_elsewhere', 'us_population.population') }} as double)
        as atf_firearms_sourced_recovered_elsewhere_per_100k,
    cast({{ per_100k('overdose_by_state_year.overdose_deaths', 'us_population.population') }} as double)
        as overdose_deaths_per_100k,
    cast({{ per_100k('overdose_by_state_year.synthetic_opioid_deaths', 'us_population.population') }} as double)
        as synthetic_opioid_deaths_per_100k,
    cast(
        case when mx_violence_by_pair_year.mx_victim_months_in_year = 12
            and mx_population_by_pair_year.mx_states_with_population = paired_states.mx_states_paired
            then {{ per_100k('mx_violence_by_pair_year.mx_firearm_homicide_victims', 'mx_population_by_pair_year.mx_population') }}
        end
        as double
    ) as mx_firearm_homicide_victims_per_100k,
    cast(
        case when mx_violence_by_pair_year.mx_victim_months_in_year = 12
            and mx_population_by_pair_year.mx_states_with_population = paired_states.mx_states_paired
            then {{ per_100k('mx_violence_by_pair_year.mx_intentional_homicide_victims', 'mx_population_by_pair_year.mx_population') }}
        end
        as double
    ) as mx_intentional_homicide_victims_per_100k,
    -- where every figure comes from (dim_source_release keys)
    cast(traces_by_state_year.traces_source_releases as varchar) as traces_source_releases,
    cast(seizures_by_state_year.seizures_source_releases as varchar) as seizures_source_releases,
    cast(overdose_by_state_year.overdose_source_releases as varchar) as overdose_source_releases,
    cast(mx_violence_by_pair_year.mx_victims_source_releases as varchar)
        as mx_victims_source_releases,
    cast(crossings_by_state_year.crossings_source_releases as varchar)
        as crossings_source_releases,
    cast(
        {{ merge_source_release_lists([
            source_release_id('us_population.source_file', 'us_population.vintage'),
            'mx_population_by_pair_year.mx_population_source_releases',
        ]) }}
        as varchar
    ) as population_source_releases
from state_years
left join paired_states
    on state_years.us_geography_id = paired_states.us_geography_id
left join areas_per_state
    on state_years.us_geography_id = areas_per_state.us_geography_id
left join seizure_coverage
    on state_years.calendar_year = seizure_coverage.calendar_year
left join seizures_by_state_year
    on state_years.us_geography_id = seizures_by_state_year.us_geography_id
    and state_years.calendar_year = seizures_by_state_year.calendar_year
left join traces_by_state_year
    on state_years.us_geography_id = traces_by_state_year.us_geography_id
    and state_years.calendar_year = traces_by_state_year.calendar_year
left join overdose_by_state_year
    on state_years.us_geography_id = overdose_by_state_year.us_geography_id
    and state_years.calendar_year = overdose_by_state_year.calendar_year
left join mx_violence_by_pair_year
    on state_years.us_geography_id = mx_violence_by_pair_year.us_geography_id
    and state_years.calendar_year = mx_violence_by_pair_year.calendar_year
left join mx_population_by_pair_year
    on state_years.us_geography_id = mx_population_by_pair_year.us_geography_id
    and state_years.calendar_year = mx_population_by_pair_year.calendar_year
left join crossings_by_state_year
    on state_years.us_geography_id = crossings_by_state_year.us_geography_id
    and state_years.calendar_year = crossings_by_state_year.calendar_year
left join population as us_population
    on state_years.us_geography_id = us_population.geography_id
    and state_years.calendar_year = us_population.calendar_year
