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
    The releases a group of fact rows comes from, as a list (varchar[]) of
    dim_source_release keys: sorted, each once, NULLs dropped; NULL when the group has no
    release. A list, never '; '-joined text: file names may contain any character.

    usage (an aggregate):
      select {{ source_release_list('f.source_file', 'f.source_vintage') }} as f_source_releases
#}
{% macro source_release_list(file_column, vintage_column) -%}
    {{ merge_source_release_lists(['list(' ~ source_release_id(file_column, vintage_column) ~ ')']) }}
{%- endmacro %}

{#
    The one release of a fact row as a one-element release list (NULL when the row has none).

    usage:
      select {{ source_release_key_list('f.source_file', 'f.source_vintage') }} as f_source_releases
#}
{% macro source_release_key_list(file_column, vintage_column) -%}
    {{ merge_source_release_lists(['[' ~ source_release_id(file_column, vintage_column) ~ ']']) }}
{%- endmacro %}

{#
    Several release lists (varchar[]) merged into one: each key once, sorted, NULLs
    dropped; NULL when the result is empty. Pass a single key as a one-element list
    (source_release_key_list), and lists already aggregated over a group as
    'flatten(list(<column>))'.

    usage:
      select {{ merge_source_release_lists(['a.x_source_releases', 'b.x_source_releases']) }}
#}
{% macro merge_source_release_lists(columns) -%}
    nullif(
        list_sort(list_distinct(list_concat(
            {%- for column in columns %}
            coalesce({{ column }}, cast([] as varchar[])){{ ',' if not loop.last }}
            {%- endfor %}
        ))),
        cast([] as varchar[])
    )
{%- endmacro %}
