-- CONAPO population of Mexico and its states by year and sex, one row per row of one
-- release. Rename and recode sex only; the crosswalk to geography_id and the
-- pivot by sex happen in intermediate.

with landed_rows as (

    select * from {{ source('conapo', 'conapo__state_population') }}

)

select
    cast(n_year as integer) as calendar_year,
    lpad(cve_ent, 2, '0') as inegi_code,
    nombre_estado as entity_name,
    case genero
        when 'Total' then 'total'
        when 'Hombres' then 'male'
        when 'Mujeres' then 'female'
    end as sex,
    genero as sex_label,
    pob_start_year as population_january_1,
    pob_mid_year as population_july_1,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
