{#
    A rate per 100,000 people: count * 100000 / population, as a double; NULL when the
    population is NULL or zero (never a division error, never a silent zero).

    usage (join a yearly count to fct_population on geography_id and calendar_year):
      select {{ per_100k('f.deaths', 'p.population') }} as deaths_per_100k
      from ... as f
      join {{ ref('fct_population') }} as p
        on p.geography_id = f.geography_id and p.calendar_year = f.calendar_year
#}
{% macro per_100k(count, population) -%}
    (cast({{ count }} as double) * 100000 / nullif(cast({{ population }} as double), 0))
{%- endmacro %}
