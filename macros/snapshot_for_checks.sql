{#
    Post-hook of every mart: a Parquet copy of the table just built, written inside the
    model's own transaction to check_snapshots/<schema>__<table>.parquet beside the DuckDB
    file, when that folder holds a `.wanted` marker.

    The orchestrator's dbt step makes the folder and the marker. It validates each mart's
    Great Expectations suite on this copy while dbt goes on building and testing the rest
    (dbt holds the DuckDB file's lock until it ends); see orchestration/checks/early.py.
    dbt run by hand finds no marker and writes nothing. The folder comes from the profile's
    path, not from a variable of its own, so the parse state stays the same for every command.
#}
{% macro snapshot_for_checks() -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set snapshot_dir = (target.path.rsplit('/', 1)[0] ~ '/check_snapshots') | replace("'", "''") -%}
        {%- set marker = run_query("select count(*) from glob('" ~ snapshot_dir ~ "/.wanted')") -%}
        {%- if marker.columns[0].values()[0] > 0 -%}
            copy (select * from {{ this }})
            to '{{ snapshot_dir }}/{{ this.schema }}__{{ this.identifier }}.parquet' (format parquet)
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
