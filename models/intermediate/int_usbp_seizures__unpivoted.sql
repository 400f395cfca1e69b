-- USBP seizures, one row per fiscal year x border region x seized item (firearms,
-- ammunition, currency and each drug), with the unit the value is published in.
-- Heroin is published in ounces: quantity keeps the ounces, quantity_lbs converts
-- (1 oz = 1/16 lb). Non-drug items have no pounds and no published event counts.

with region_years as (

    select * from {{ ref('stg_usbp_seizure_stats__by_border_region') }}

),

items as (

    select
        region_years.fiscal_year,
        region_years.border_region,
        region_years.is_total,
        seized.item,
        seized.cbp_drug_type,
        seized.quantity,
        seized.unit,
        seized.quantity_lbs,
        seized.seizure_events,
        region_years.source_file,
        region_years.source_vintage,
        region_years.source_row
    from region_years
    cross join lateral (
        values
            ('firearms', null, firearms, 'firearms', null::double, null::bigint),
            ('ammunition', null, ammunition_rounds, 'rounds', null::double, null::bigint),
            ('currency', null, currency_usd, 'USD', null::double, null::bigint),
            ('cocaine', 'Cocaine', cocaine_lbs, 'pounds', cocaine_lbs::double, cocaine_seizures),
            ('ecstasy', 'Ecstasy', ecstasy_lbs, 'pounds', ecstasy_lbs::double, ecstasy_seizures),
            ('heroin', 'Heroin', heroin_oz, 'ounces', heroin_oz / 16.0, heroin_seizures),
            (
                'marijuana', 'Marijuana', marijuana_lbs, 'pounds', marijuana_lbs::double,
                marijuana_seizures
            ),
            (
                'methamphetamine', 'Methamphetamine', methamphetamine_lbs, 'pounds',
                methamphetamine_lbs::double, methamphetamine_seizures
            ),
            (
                'other_drugs', 'Other Drugs', other_drugs_lbs, 'pounds', other_drugs_lbs::double,
                other_drugs_seizures
            )
    ) as seized (item, cbp_drug_type, quantity, unit, quantity_lbs, seizure_events)

)

select * from items
