{#
    The typed rows of one CBP drug seizure landing table (nationwide or AMO): both files
    share one layout but for the area column ("Area of Responsibility" / "Branch") and
    the land filter label ('Land Only' / 'Land'). Used by the two staging models, so both
    clean the same way: one row per published cell, fiscal month -> calendar month.

    usage: {{ cbp_drug_seizure_rows(source('cbp_drug_seizures', 'cbp_drug_seizures__amo'), 'branch') }}
#}
{% macro cbp_drug_seizure_rows(relation, area_column) %}

with landed_rows as (

    select * from {{ relation }}

),

typed_rows as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_year_label,
        upper(fiscal_year_label) like '%FYTD%' as is_fiscal_year_to_date,
        upper(fiscal_month_abbr) as fiscal_month_abbr,
        cast(list_position(
            ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
            upper(fiscal_month_abbr)
        ) as integer) as calendar_month,
        component,
        region,
        land_filter as land_filter_raw,
        -- AMO files say 'Land' where the nationwide files say 'Land Only': same filter
        case when land_filter = 'Land' then 'Land Only' else land_filter end
            as land_filter,
        upper({{ area_column }}) as area_of_responsibility,
        drug_type as drug_type_raw,
        case
            when upper(drug_type) = 'LSD' then 'LSD'
            -- 'Other Drugs**': the asterisks are a footnote marker, not part of the name
            else trim(rtrim(drug_type, '*'))
        end as drug_type,
        event_count as seizure_events,
        quantity_lbs,
        _source_file as source_file,
        _vintage as source_vintage,
        _source_row as source_row
    from landed_rows

)

select
    fiscal_year,
    fiscal_year_label,
    is_fiscal_year_to_date,
    fiscal_month_abbr,
    -- federal fiscal month: October = 1 ... September = 12
    cast((calendar_month + 2) % 12 + 1 as integer) as fiscal_month,
    -- October-December belong to the fiscal year that ends the following September
    cast(case when calendar_month >= 10 then fiscal_year - 1 else fiscal_year end as integer)
        as calendar_year,
    calendar_month,
    make_date(
        case when calendar_month >= 10 then fiscal_year - 1 else fiscal_year end,
        calendar_month,
        1
    ) as month_start,
    component,
    region,
    land_filter_raw,
    land_filter,
    area_of_responsibility,
    drug_type_raw,
    drug_type,
    seizure_events,
    quantity_lbs,
    source_file,
    source_vintage,
    source_row
from typed_rows

{% endmacro %}
