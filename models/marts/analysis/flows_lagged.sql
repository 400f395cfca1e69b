-- One row per US-Mexico border-state pair and calendar year: the US state's drug
-- seizures and ATF-traced firearms next to the Mexican state's firearm homicides, each
-- with its value 1 and 2 years earlier. Complete calendar years only (a partial year's
-- figure is NULL, so that a lag never compares a part-year with a whole one).

with pairs as (

    select * from {{ ref('bridge_border_state_pairs') }}

),

us_state_years as (

    select * from {{ ref('border_flows_yearly') }}

),

mx_violence as (

    select * from {{ ref('mx_state_violence_monthly') }}

),

mx_state_years as (

    select
        geography_id as mx_geography_id,
        calendar_year,
        count(*) as months_published,
        sum(firearm_homicide_victims) as firearm_homicide_victims,
        sum(intentional_homicide_victims) as intentional_homicide_victims,
        string_agg(distinct victims_source_releases, '; ' order by victims_source_releases)
            as victims_source_releases
    from mx_violence
    group by geography_id, calendar_year

),

pair_years as (

    select
        pairs.us_geography_id,
        pairs.mx_geography_id,
        us_state_years.calendar_year,
        case when us_state_years.seizure_months_in_year = 12
            then us_state_years.fentanyl_seized_lbs end as fentanyl_seized_lbs,
        case when us_state_years.seizure_months_in_year = 12
            then us_state_years.methamphetamine_seized_lbs end as methamphetamine_seized_lbs,
        case when us_state_years.seizure_months_in_year = 12
            then us_state_years.seizures_source_releases end as seizures_source_releases,
        us_state_years.atf_firearms_sourced_recovered_elsewhere,
        us_state_years.traces_source_releases,
        case when mx_state_years.months_published = 12
            then mx_state_years.firearm_homicide_victims end as mx_firearm_homicide_victims,
        case when mx_state_years.months_published = 12
            then mx_state_years.intentional_homicide_victims end
            as mx_intentional_homicide_victims,
        case when mx_state_years.months_published = 12
            then mx_state_years.victims_source_releases end as mx_victims_source_releases
    from pairs
    inner join us_state_years
        on pairs.us_geography_id = us_state_years.us_geography_id
    left join mx_state_years
        on pairs.mx_geography_id = mx_state_years.mx_geography_id
        and us_state_years.calendar_year = mx_state_years.calendar_year

)

select
    cast(pair_years.us_geography_id as varchar) as us_geography_id,
    cast(pair_years.mx_geography_id as varchar) as mx_geography_id,
    cast(pair_years.calendar_year as integer) as calendar_year,
    {% for measure, type in [
        ('fentanyl_seized_lbs', 'double'),
        ('methamphetamine_seized_lbs', 'double'),
        ('atf_firearms_sourced_recovered_elsewhere', 'bigint'),
        ('mx_firearm_homicide_victims', 'bigint'),
        ('mx_intentional_homicide_victims', 'bigint'),
    ] %}
    cast(pair_years.{{ measure }} as {{ type }}) as {{ measure }},
    cast(one_year_earlier.{{ measure }} as {{ type }}) as {{ measure }}_lag1,
    cast(two_years_earlier.{{ measure }} as {{ type }}) as {{ measure }}_lag2,
    {% endfor %}
    cast(
        {{ merge_source_release_lists([
            'pair_years.seizures_source_releases',
            'one_year_earlier.seizures_source_releases',
            'two_years_earlier.seizures_source_releases',
        ]) }}
        as varchar
    ) as seizures_source_releases,
    cast(
        {{ merge_source_release_lists([
            'pair_years.traces_source_releases',
            'one_year_earlier.traces_source_releases',
            'two_years_earlier.traces_source_releases',
        ]) }}
        as varchar
    ) as traces_source_releases,
    cast(
        {{ merge_source_release_lists([
            'pair_years.mx_victims_source_releases',
            'one_year_earlier.mx_victims_source_releases',
            'two_years_earlier.mx_victims_source_releases',
        ]) }}
        as varchar
    ) as mx_victims_source_releases
from pair_years
left join pair_years as one_year_earlier
    on pair_years.us_geography_id = one_year_earlier.us_geography_id
    and pair_years.mx_geography_id = one_year_earlier.mx_geography_id
    and pair_years.calendar_year - 1 = one_year_earlier.calendar_year
left join pair_years as two_years_earlier
    on pair_years.us_geography_id = two_years_earlier.us_geography_id
    and pair_years.mx_geography_id = two_years_earlier.mx_geography_id
    and pair_years.calendar_year - 2 = two_years_earlier.calendar_year
