{#
    Every key in a list (varchar[]) of dim_source_release keys (a column such as
    seizures_source_releases = ['cbp_drug_seizures/x.csv@2026-05-15', ...]) is a release in
    dim_source_release: every figure of an analysis mart traces to the files it came from.
    The list is unnested, never split: a file name may contain any character ('; ' too).
    NULL lists are skipped (a figure that is NULL has no release).

    Optional arguments:
      source_dir    every listed release is a file under '<source_dir>/' (e.g. seizures come
                    only from cbp_drug_seizures releases)
      max_releases  no row lists more releases than this (e.g. 1: a month comes from exactly
                    one release)

    usage:
      data_tests:
        - source_releases_exist
        - source_releases_exist:
            arguments:
              source_dir: cbp_drug_seizures
#}
{% test source_releases_exist(model, column_name, source_dir=none, max_releases=none) %}

with listed_releases as (

    select distinct unnest({{ column_name }}) as source_release_id
    from {{ model }}
    where {{ column_name }} is not null

),

unknown_or_foreign_releases as (

    select
        listed_releases.source_release_id,
        case
            when releases.source_release_id is null then 'not in dim_source_release'
            else 'not a {{ source_dir }} release'
        end as problem
    from listed_releases
    left join {{ ref('dim_source_release') }} as releases
        on listed_releases.source_release_id = releases.source_release_id
    where releases.source_release_id is null
    {%- if source_dir is not none %}
        or not starts_with(releases.file_name, '{{ source_dir }}/')
    {%- endif %}

)

select source_release_id, problem
from unknown_or_foreign_releases
{%- if max_releases is not none %}

union all

select
    cast({{ column_name }} as varchar) as source_release_id,
    'more than {{ max_releases }} release(s) in one row' as problem
from {{ model }}
where len({{ column_name }}) > {{ max_releases }}
{%- endif %}

{% endtest %}
