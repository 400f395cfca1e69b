-- INEGI registered homicides (death certificates) by Mexican state and month of
-- occurrence, with the dataset authors' interpolated population and annualised rate.

with homicides as (

    select * from {{ ref('int_inegi_homicides__latest_release') }}

)

select
    cast(month_start as date) as month_start,
    cast(geography_id as varchar) as geography_id,
    cast(homicides as bigint) as homicides,
    cast(population_estimate as double) as population_interpolated_by_authors,
    cast(homicide_rate as double) as homicide_rate_per_100k_annualised_by_authors,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from homicides
