{#
    `expression` matches the regular expression `pattern` somewhere (search, not full
    match; anchor with ^ and $), as a boolean SQL expression; NULL gives NULL.
    Engine-specific: DuckDB `regexp_matches`, Spark `rlike`, else ANSI-ish `regexp_like`.
#}
{% macro regexp_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'ironriver')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches(expression, pattern) -%}
    regexp_like({{ expression }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro duckdb__regexp_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro spark__regexp_matches(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern | replace("'", "''") }}')
{%- endmacro %}
