{#
    Every key in a '; '-separated list of dim_source_release keys (a column such as
    seizures_source_releases = 'cbp_drug_seizures/x.csv@2026-05-15; ...') is a release in
    dim_source_release: every figure of an analysis mart traces to the files it came from.
    NULL lists are skipped (a figure that is NULL has no release).

    usage:
      data_tests:
        - source_releases_exist
#}
{% test source_releases_exist(model, column_name) %}

with listed_releases as (

    select distinct trim(unnest(string_split({{ column_name }}, ';'))) as source_release_id
    from {{ model }}
    where {{ column_name }} is not null

)

select listed_releases.source_release_id
from listed_releases
left join {{ ref('dim_source_release') }} as releases
    on listed_releases.source_release_id = releases.source_release_id
where releases.source_release_id is null

{% endtest %}
