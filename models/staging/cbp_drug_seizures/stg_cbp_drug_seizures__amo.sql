-- CBP Air and Marine Operations drug seizures, one row per published cell of one release
-- file; the AMO branch is the area of responsibility. Rename and map only (macro
-- cbp_drug_seizure_rows): no deduplication across releases (see intermediate).

{{ cbp_drug_seizure_rows(
    source('cbp_drug_seizures', 'cbp_drug_seizures__amo'),
    'branch'
) }}
