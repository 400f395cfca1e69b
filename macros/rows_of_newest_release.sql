{#
    The rows of `relation` whose release is the newest for their period: every period
    (e.g. a fiscal year, a month, a port) is taken WHOLE from one release — the newest
    vintage, the file name breaking ties between same-day files — never row by row, so a
    newer release's revisions are never mixed with an older one's, and a cell the newer
    release dropped is not resurrected.

    usage (inside a CTE):
      {{ rows_of_newest_release('seizure_rows', ['seizure_series', 'fiscal_year']) }}
#}
{% macro rows_of_newest_release(relation, period_columns) -%}
    select *
    from {{ relation }}
    qualify dense_rank() over (
        partition by {{ period_columns | join(', ') }}
        order by source_vintage desc, source_file desc
    ) = 1
{%- endmacro %}
