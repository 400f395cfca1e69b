{#
    The dim_source_release key of a fact row: '<source_file>@<source_vintage YYYY-MM-DD>'
    (the same text as dim_source_release.source_release_id).

    usage:
      select {{ source_release_id('f.source_file', 'f.source_vintage') }} as release_id
#}
{% macro source_release_id(file_column, vintage_column) -%}
    ({{ file_column }} || '@' || strftime({{ vintage_column }}, '%Y-%m-%d'))
{%- endmacro %}

{#
    The releases a group of fact rows comes from, as one '; '-separated list of
    dim_source_release keys (sorted, each once); NULL when the group has no row.
#}
{% macro source_release_list(file_column, vintage_column) -%}
    string_agg(
        distinct {{ source_release_id(file_column, vintage_column) }}, '; '
        order by {{ source_release_id(file_column, vintage_column) }}
    )
{%- endmacro %}

{#
    Several '; '-separated release lists (or single keys) merged into one: each key once,
    sorted; NULL when all are NULL.
#}
{% macro merge_source_release_lists(columns) -%}
    nullif(
        array_to_string(
            list_sort(list_distinct(string_split(concat_ws('; ', {{ columns | join(', ') }}), '; '))),
            '; '
        ),
        ''
    )
{%- endmacro %}
