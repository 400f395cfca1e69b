-- One row per BTS port, its attributes from the newest export that holds it.
--
-- Within that export a port must have ONE name, state, border and location: a port with
-- two names (or states, borders, coordinates) fails the build here, naming the port and
-- its values. The state is published as a full name and resolves to its postal code
-- through us_states; an unknown state name fails the build, naming it.

with crossing_rows as (

    select * from {{ ref('stg_bts_border_crossing__port_month_measure') }}

),

us_states as (

    select * from {{ ref('us_states') }}

),

port_rows as (

    {{ rows_of_newest_release('crossing_rows', ['port_code']) }}

),

port_attributes as (

    select
        port_code,
        source_file,
        source_vintage,
        count(distinct port_name) as port_names,
        string_agg(distinct port_name, ' | ' order by port_name) as port_name_list,
        count(distinct state_name) as state_names,
        string_agg(distinct state_name, ' | ' order by state_name) as state_name_list,
        count(distinct border) as borders,
        string_agg(distinct border, ' | ' order by border) as border_list,
        count(distinct (latitude, longitude)) as locations,
        string_agg(
            distinct cast(latitude as varchar) || ', ' || cast(longitude as varchar), ' | '
        ) as location_list,
        any_value(port_name) as port_name,
        any_value(state_name) as state_name,
        any_value(border) as border,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude
    from port_rows
    group by port_code, source_file, source_vintage

),

conflicts as (

    select
        port_attributes.*,
        concat_ws(
            '; ',
            case when port_names > 1 then port_names || ' names (' || port_name_list || ')' end,
            case when state_names > 1 then state_names || ' states (' || state_name_list || ')' end,
            case when borders > 1 then borders || ' borders (' || border_list || ')' end,
            case when locations > 1 then locations || ' locations (' || location_list || ')' end
        ) as conflict
    from port_attributes

)

select
    case
        when conflicts.conflict <> ''
            then error(
                'BTS port ' || conflicts.port_code || ' has ' || conflicts.conflict || ' in '
                || conflicts.source_file || ': a port must have one name, state, border and '
                || 'location in an export'
            )
        else conflicts.port_code
    end as port_code,
    conflicts.port_name,
    conflicts.state_name,
    case
        when us_states.postal_code is null
            then error(
                'BTS port ' || conflicts.port_code || ' (' || conflicts.port_name
                || '): unknown state name ''' || conflicts.state_name || ''' in '
                || conflicts.source_file || ' (not an official_name in seeds/us_states.csv)'
            )
        else us_states.postal_code
    end as state_code,
    conflicts.border,
    conflicts.latitude,
    conflicts.longitude,
    conflicts.source_file,
    conflicts.source_vintage
from conflicts
left join us_states
    on conflicts.state_name = us_states.official_name
