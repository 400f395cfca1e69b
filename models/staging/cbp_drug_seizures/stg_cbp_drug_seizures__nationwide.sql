-- CBP nationwide drug seizures, one row per published cell of one release file.
-- Rename and map only (macro cbp_drug_seizure_rows): no deduplication across
-- releases (see intermediate).

{{ cbp_drug_seizure_rows(
    source('cbp_drug_seizures', 'cbp_drug_seizures__nationwide'),
    'area_of_responsibility'
) }}
