-- CONAPO population of Mexico and its states by year and sex, one row per row of one
-- release. Rename, cast and recode sex only; the crosswalk to geography_id and the
-- pivot by sex happen in intermediate.

with landed_rows as (

    select * from {{ source('conapo', 'conapo__state_population') }}

)

select
    cast(n_year as integer) as calendar_year,
    lpad(trim(cve_ent), 2, '0') as inegi_code,
    trim(nombre_estado) as entity_name,
    case trim(genero)
        when 'Total' then 'total'
        when 'Hombres' then 'male'
        when 'Mujeres' then 'female'
    end as sex,
    trim(genero) as sex_label,
    cast(pob_start_year as bigint) as population_january_1,
    cast(pob_mid_year as bigint) as population_july_1,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
