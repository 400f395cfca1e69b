{#
    Every non-null combination of column_names in the model exists as a combination of
    to_column_names in `to` (a compound foreign key). Rows with a null in any of the
    columns are skipped, as in dbt's built-in relationships test.

    usage:
      data_tests:
        - relationships_combination:
            arguments:
              column_names: [source_file, source_vintage]
              to: ref('dim_source_release')
              to_column_names: [file_name, vintage]
#}
{% test relationships_combination(model, column_names, to, to_column_names) %}

with child_keys as (

    select distinct
        {% for column in column_names -%}
        {{ column }} as key_{{ loop.index }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}
    where
        {% for column in column_names -%}
        {{ column }} is not null{{ " and" if not loop.last }}
        {% endfor %}

),

parent_keys as (

    select distinct
        {% for column in to_column_names -%}
        {{ column }} as key_{{ loop.index }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ to }}

)

select child_keys.*
from child_keys
left join parent_keys
    on
    {% for column in column_names -%}
    child_keys.key_{{ loop.index }} = parent_keys.key_{{ loop.index }}{{ " and" if not loop.last }}
    {% endfor %}
where parent_keys.key_1 is null

{% endtest %}
