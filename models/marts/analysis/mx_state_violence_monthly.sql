-- Firearm homicides, all intentional homicides and feminicides per Mexican state and
-- month (SESNSP victims), with CONAPO population, rates per 100,000 and the US states
-- across the border.

with victims as (

    select * from {{ ref('fct_mx_crime_victims') }}

),

population as (

    select * from {{ ref('fct_population') }}

),

mx_states as (

    select * from {{ ref('dim_geography') }}
    where country_code = 'MX' and geography_level = 'state'

),

pairs as (

    select * from {{ ref('bridge_border_state_pairs') }}

),

paired_us_states as (

    select
        mx_geography_id,
        string_agg(us_geography_id, '; ' order by us_geography_id) as paired_us_geography_ids
    from pairs
    group by mx_geography_id

),

victims_by_state_month as (

    select
        geography_id,
        month_start,
        sum(victims) filter (
            where crime_subtype = 'Homicidio doloso' and modality = 'Con arma de fuego'
        ) as firearm_homicide_victims,
        sum(victims) filter (where crime_subtype = 'Homicidio doloso')
            as intentional_homicide_victims,
        sum(victims) filter (where crime_type = 'Feminicidio') as feminicide_victims,
        {{ source_release_list('source_file', 'source_vintage') }} as victims_source_releases
    from victims
    group by geography_id, month_start

)

select
    cast(victims_by_state_month.month_start as date) as month_start,
    cast(year(victims_by_state_month.month_start) as integer) as calendar_year,
    cast(victims_by_state_month.geography_id as varchar) as geography_id,
    cast(mx_states.display_name as varchar) as state_name,
    cast(mx_states.is_border_state as boolean) as is_border_state,
    cast(paired_us_states.paired_us_geography_ids as varchar) as paired_us_geography_ids,
    cast(mx_states.paired_states_across_border as varchar) as paired_us_state_names,
    cast(coalesce(victims_by_state_month.firearm_homicide_victims, 0) as bigint)
        as firearm_homicide_victims,
    cast(coalesce(victims_by_state_month.intentional_homicide_victims, 0) as bigint)
        as intentional_homicide_victims,
    cast(coalesce(victims_by_state_month.feminicide_victims, 0) as bigint)
        as feminicide_victims,
    cast(population.population as bigint) as population,
    cast(population.is_projection as boolean) as is_population_projection,
    cast(
        {{ per_100k('coalesce(victims_by_state_month.firearm_homicide_victims, 0)', 'population.population') }}
        as double
    ) as firearm_homicide_victims_per_100k,
    cast(
        {{ per_100k('coalesce(victims_by_state_month.intentional_homicide_victims, 0)', 'population.population') }}
        as double
    ) as intentional_homicide_victims_per_100k,
    cast(
        {{ per_100k('coalesce(victims_by_state_month.feminicide_victims, 0)', 'population.population') }}
        as double
    ) as feminicide_victims_per_100k,
    cast(victims_by_state_month.victims_source_releases as varchar) as victims_source_releases,
    cast(
        {{ source_release_id('population.source_file', 'population.vintage') }} as varchar
    ) as population_source_release
from victims_by_state_month
left join mx_states
    on victims_by_state_month.geography_id = mx_states.geography_id
left join paired_us_states
    on victims_by_state_month.geography_id = paired_us_states.mx_geography_id
left join population
    on victims_by_state_month.geography_id = population.geography_id
    and year(victims_by_state_month.month_start) = population.calendar_year
