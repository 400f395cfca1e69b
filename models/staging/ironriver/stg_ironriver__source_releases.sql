-- The raw-file manifest: one row per stored raw file of every source.

with landed_rows as (

    select * from {{ source('ironriver', 'ironriver__source_releases') }}

)

select
    trim(source) as source,
    trim(file_name) as file_name,
    trim(table_name) as table_name,
    cast(vintage as date) as vintage,
    url,
    official_url,
    lower(trim(sha256)) as sha256,
    cast(bytes as bigint) as bytes,
    cast(fetched_at as timestamp with time zone) as fetched_at,
    cast(rows_landed as bigint) as rows_landed,
    layout
from landed_rows
