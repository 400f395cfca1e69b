-- One row per BTS land port (both borders), attributes from the newest export.

with ports as (

    select * from {{ ref('int_bts_ports__resolved') }}

),

published_months as (

    select
        port_code,
        min(month_start) as first_month_published,
        max(month_start) as last_month_published
    from {{ ref('int_bts_border_crossings__deduplicated') }}
    group by port_code

)

select
    cast(ports.port_code as varchar) as port_code,
    cast(ports.port_name as varchar) as port_name,
    cast(ports.state_code as varchar) as state_code,
    cast('US-' || ports.state_code as varchar) as geography_id,
    cast(ports.border as varchar) as border,
    cast(ports.border = 'US-Mexico Border' as boolean) as is_us_mexico_border,
    cast(ports.latitude as double) as latitude,
    cast(ports.longitude as double) as longitude,
    cast(published_months.first_month_published as date) as first_month_published,
    cast(published_months.last_month_published as date) as last_month_published
from ports
left join published_months
    on ports.port_code = published_months.port_code
