-- One row per ingested raw file (release) of every source.

with releases as (

    select * from {{ ref('stg_ironriver__source_releases') }}

)

select
    cast(file_name || '@' || strftime(vintage, '%Y-%m-%d') as varchar) as source_release_id,
    cast(source as varchar) as source,
    cast(table_name as varchar) as table_name,
    cast(file_name as varchar) as file_name,
    cast(vintage as date) as vintage,
    cast(layout as varchar) as layout,
    cast(url as varchar) as url,
    cast(official_url as varchar) as official_url,
    cast(sha256 as varchar) as sha256,
    cast(bytes as bigint) as bytes,
    cast(rows_landed as bigint) as rows_landed,
    cast(fetched_at as timestamp with time zone) as fetched_at
from releases
