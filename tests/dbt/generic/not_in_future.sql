{#
    No value of a month column lies after the current month: a month in the future is a
    publishing or parsing error (publishers leave future months blank, not filled).

    usage:
      data_tests:
        - not_in_future
#}
{% test not_in_future(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} > date_trunc('month', current_date)

{% endtest %}
