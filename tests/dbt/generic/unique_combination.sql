{#
    The combination of column_names is unique in the model (compound grain).
    Rows where any of the columns is null are compared as values too: a null in a key
    column is reported by not_null tests, not hidden here.

    usage:
      data_tests:
        - unique_combination:
            arguments:
              column_names: [month_start, area_of_responsibility, drug_id]
#}
{% test unique_combination(model, column_names) %}

with key_counts as (

    select
        {{ column_names | join(', ') }},
        count(*) as rows_with_this_key
    from {{ model }}
    group by {{ column_names | join(', ') }}

)

select *
from key_counts
where rows_with_this_key > 1

{% endtest %}
