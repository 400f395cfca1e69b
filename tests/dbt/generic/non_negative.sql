{#
    The column holds no negative values (nulls pass; test them with not_null).

    usage:
      columns:
        - name: quantity_lbs
          data_tests:
            - non_negative
#}
{% test non_negative(model, column_name) %}

select {{ column_name }} as negative_value
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
