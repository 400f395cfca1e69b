-- What the INEGI-derived file's homicide_rate means: homicides per 100,000 inhabitants,
-- annualised from the month (x 365.25 / days in the month, February always counted as 28
-- days, also in leap years). If the authors change the definition, the column
-- descriptions are wrong: fail.

select
    geography_id,
    month_start,
    homicides,
    population_interpolated_by_authors,
    homicide_rate_per_100k_annualised_by_authors
from {{ ref('fct_mx_homicides_registered') }}
where abs(
    homicide_rate_per_100k_annualised_by_authors
    - homicides / population_interpolated_by_authors * 100000
    * 365.25 / (case when month(month_start) = 2 then 28 else day(last_day(month_start)) end)
) > 1e-6 * greatest(1, homicide_rate_per_100k_annualised_by_authors)
