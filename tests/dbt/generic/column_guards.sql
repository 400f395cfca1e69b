{#
    Every column rule of one model in one test, in one scan of the table. It returns one
    row per broken rule: the column (or rule name), the rule, and how many rows break it
    (a table rule: 1), so a failure names each column with its count of bad rows.

    Arguments (all optional):
      not_null        [column, ...]             no NULL
      non_negative    [column, ...]             no value below 0 (NULL passes)
      accepted_values {column: [value, ...]}    no value outside the list (NULL passes)
      between         {column: [min, max]}      no value below min or above max (null
                                                bound: open; NULL passes)
      matches         {column: regex}           every value matches (search; NULL passes)
      not_matches     {column: regex}           no value matches (search; NULL passes)
      row_rules       {name: condition}         no row where the condition is false
                                                (a NULL condition passes)
      table_rules     {name: condition}         an aggregate condition over the whole
                                                table holds (e.g. count(*) >= 10): the
                                                coverage of the published data (row
                                                counts, years and states present). A
                                                build on hand-made rows (the fixture of
                                                tests/e2e/test_dbt_project.py) turns them
                                                off: --vars '{ironriver_table_rules: false}'

    Portable SQL: one aggregate query, `union all` of one row per rule; regular
    expressions go through the adapter-dispatched `regexp_matches` macro.

    usage (one per model, named after it; a second one may hold the rules of severity warn):
      data_tests:
        - column_guards:
            name: column_guards_fct_drug_seizures
            arguments:
              not_null: [month_start, geography_id]
              non_negative: [quantity_lbs]
#}
{% test column_guards(
    model,
    not_null=[],
    non_negative=[],
    accepted_values={},
    between={},
    matches={},
    not_matches={},
    row_rules={},
    table_rules={}
) %}

{#- the failure rows are kept (schema dbt_test__audit, a view: nothing is copied) so a
    failed run names each broken column with its count (orchestration/transform/assets.py) -#}
{{ config(store_failures=true, store_failures_as='view') }}

{%- if not var('ironriver_table_rules', true) -%}{%- set table_rules = {} -%}{%- endif -%}
{%- set rules = [] -%}
{%- for column in not_null -%}
    {%- do rules.append((column, 'not_null', column ~ ' is null')) -%}
{%- endfor -%}
{%- for column in non_negative -%}
    {%- do rules.append((column, 'non_negative', column ~ ' < 0')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- if value is boolean -%}{%- do literals.append('true' if value else 'false') -%}
        {%- elif value is number -%}{%- do literals.append(value | string) -%}
        {%- else -%}{%- do literals.append("'" ~ (value | replace("'", "''")) ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do rules.append((column, 'accepted_values', column ~ ' not in (' ~ literals | join(', ') ~ ')')) -%}
{%- endfor -%}
{%- for column, bounds in between.items() -%}
    {%- set parts = [] -%}
    {%- if bounds[0] is not none -%}{%- do parts.append(column ~ ' < ' ~ bounds[0]) -%}{%- endif -%}
    {%- if bounds[1] is not none -%}{%- do parts.append(column ~ ' > ' ~ bounds[1]) -%}{%- endif -%}
    {%- do rules.append((column, 'between ' ~ bounds[0] ~ ' and ' ~ bounds[1], parts | join(' or '))) -%}
{%- endfor -%}
{%- for column, pattern in matches.items() -%}
    {%- do rules.append((column, 'matches ' ~ pattern, 'not ' ~ regexp_matches(column, pattern))) -%}
{%- endfor -%}
{%- for column, pattern in not_matches.items() -%}
    {%- do rules.append((column, 'not_matches ' ~ pattern, regexp_matches(column, pattern))) -%}
{%- endfor -%}
{%- for name, condition in row_rules.items() -%}
    {%- do rules.append((name, 'row_rule', 'not (' ~ condition ~ ')')) -%}
{%- endfor -%}

with counted as (

    select
        {%- for column, rule, broken in rules %}
        sum(case when {{ broken }} then 1 else 0 end) as broken_{{ loop.index }},
        {%- endfor %}
        {%- for name, condition in table_rules.items() %}
        case when {{ condition }} then 0 else 1 end as table_broken_{{ loop.index }},
        {%- endfor %}
        count(*) as rows_checked
    from {{ model }}

),

rules as (

    {%- for column, rule, broken in rules %}
    select
        '{{ column }}' as column_name,
        '{{ rule | replace("'", "''") }}' as rule,
        broken_{{ loop.index }} as failing_rows
    from counted
    union all
    {%- endfor %}
    {%- for name, condition in table_rules.items() %}
    select
        '{{ name }}' as column_name,
        'table_rule' as rule,
        table_broken_{{ loop.index }} as failing_rows
    from counted
    union all
    {%- endfor %}
    select
        'rows' as column_name,
        'none' as rule,
        0 as failing_rows
    from counted

)

select column_name, rule, failing_rows
from rules
where failing_rows > 0

{% endtest %}
