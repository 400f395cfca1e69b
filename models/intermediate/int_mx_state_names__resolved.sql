-- Every (state code, state name) pair found in a Mexican source, resolved to one state.
--
-- Names differ between files of the same publisher: official names in SESNSP's official
-- layout ('Coahuila de Zaragoza', 'México', 'Veracruz de Ignacio de la Llave'), short
-- names in the long/derived files ('Coahuila', 'Estado de México', 'Veracruz'),
-- 'Nacional' for the country. A name resolves through seeds/mx_state_name_variants.csv
-- (compared trimmed, NFC, case-insensitively, like the landing readers do), and must
-- agree with the INEGI code the same row carries. An unknown name, or a name that belongs
-- to another code, FAILS THE BUILD here with the name in the message.

with victim_names as (

    select distinct
        'sesnsp__victims_state_month' as source_table,
        state_code,
        state_name
    from {{ ref('stg_sesnsp__victims_state_month') }}

),

incidence_names as (

    select distinct
        'sesnsp__incidence_state_month' as source_table,
        state_code,
        state_name
    from {{ ref('stg_sesnsp__incidence_state_month') }}

),

yearly_names as (

    select distinct
        'sesnsp__incidence_state_year_derived' as source_table,
        state_code,
        state_name
    from {{ ref('stg_sesnsp__incidence_state_year_derived') }}

),

observed_names as (

    select * from victim_names
    union all
    select * from incidence_names
    union all
    select * from yearly_names

),

name_variants as (

    select
        lower(regexp_replace(nfc_normalize(trim(name_variant)), '\s+', ' ', 'g')) as name_key,
        inegi_code
    from {{ ref('mx_state_name_variants') }}

),

states as (

    select * from {{ ref('mx_states') }}

),

matched_names as (

    select
        observed_names.source_table,
        observed_names.state_code,
        observed_names.state_name,
        name_variants.inegi_code as name_inegi_code,
        states.iso_code
    from observed_names
    left join name_variants
        on
            lower(regexp_replace(nfc_normalize(observed_names.state_name), '\s+', ' ', 'g'))
            = name_variants.name_key
    left join states
        on name_variants.inegi_code = states.inegi_code

)

select
    source_table,
    state_code,
    state_name,
    case
        when name_inegi_code is null
            then error(
                'unknown Mexican state name ''' || state_name || ''' (state code '
                || state_code || ') in ' || source_table
                || ': add it to seeds/mx_state_name_variants.csv if it is a real variant'
            )
        when name_inegi_code <> state_code
            then error(
                'Mexican state name ''' || state_name || ''' is state ' || name_inegi_code
                || ' but ' || source_table || ' gives it state code ' || state_code
            )
        else name_inegi_code
    end as inegi_code,
    case when name_inegi_code = '00' then 'MX' else iso_code end as geography_id
from matched_names
