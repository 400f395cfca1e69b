{#
    The model has no rows at all: for models that list problems (e.g. unmapped labels),
    every row is a failure.

    usage:
      data_tests:
        - has_no_rows
#}
{% test has_no_rows(model) %}

select *
from {{ model }}

{% endtest %}
