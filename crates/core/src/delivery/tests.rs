use proptest::prelude::*;

use super::*;
use crate::sales::day_start;

/// The Unix time of `date` at `hour`:`minute` in Tokyo.
fn at(date: &str, hour: i64, minute: i64) -> i64 {
    day_start(day_from_date(date).unwrap()) + hour * 3600 + minute * 60
}

fn day(date: &str) -> i64 {
    day_from_date(date).unwrap()
}

fn rules(transit: u32, cutoff: u32, weekdays: &[u8], dates: &[&str]) -> DeliverySettings {
    DeliverySettings {
        transit_days: transit,
        cutoff_hour: cutoff,
        closed_weekdays: weekdays.to_vec(),
        closed_dates: dates.iter().map(|d| d.to_string()).collect(),
        ..default_settings()
    }
}

fn choice(date: &str, slot: Option<Slot>) -> DeliveryChoice {
    DeliveryChoice {
        date: date.into(),
        slot,
    }
}

#[test]
fn the_earliest_day_moves_at_the_cut_off_in_tokyo() {
    // Wednesday 2026-12-09, cut-off noon, one day in transit.
    let s = rules(1, 12, &[], &[]);
    let c = Calendar::new(&s);
    assert_eq!(date_of(c.earliest(at("2026-12-09", 11, 59))), "2026-12-10");
    assert_eq!(date_of(c.earliest(at("2026-12-09", 12, 0))), "2026-12-11");
    // 23:30 UTC on the 8th is already 08:30 on the 9th in Tokyo.
    assert_eq!(
        date_of(c.first_ship_day(at("2026-12-09", 8, 30))),
        "2026-12-09"
    );
}

#[test]
fn closed_days_push_the_ship_day_and_a_late_date_ships_on_the_last_open_day() {
    // Closed on Sundays and from 2026-12-29 to 2027-01-03 (年末年始).
    let holidays = [
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
    ];
    let s = rules(1, 12, &[0], &holidays);
    let c = Calendar::new(&s);
    // Ordered on the afternoon of Monday the 28th: first ship day is Monday 2027-01-04.
    let now = at("2026-12-28", 15, 0);
    assert_eq!(date_of(c.first_ship_day(now)), "2027-01-04");
    assert_eq!(date_of(c.earliest(now)), "2027-01-05");
    // Before the cut-off on the 28th it still ships that day.
    assert_eq!(date_of(c.earliest(at("2026-12-28", 9, 0))), "2026-12-29");
    // A date after a closed Sunday ships on the Saturday before.
    let now = at("2026-12-01", 9, 0);
    assert_eq!(
        c.ship_day_for(day("2026-12-14"), now).map(date_of),
        Some("2026-12-12".to_string())
    );
    // Once the shop closes the days before it, a chosen date becomes impossible (shown to
    // staff, not changed).
    let s = rules(1, 12, &[], &["2026-12-10", "2026-12-11"]);
    let c = Calendar::new(&s);
    assert_eq!(
        c.ship_day_for(day("2026-12-12"), at("2026-12-10", 8, 0)),
        None
    );
}

#[test]
fn choices_are_checked_against_the_server_clock() {
    let s = rules(2, 15, &[], &[]);
    let now = at("2026-12-09", 10, 0);
    // The day after next, 14–16: taken.
    let ok = check(
        &choice("2026-12-11", Some(Slot::From14)),
        &s,
        now,
        "delivery",
    )
    .unwrap();
    assert_eq!(ok, Some(choice("2026-12-11", Some(Slot::From14))));
    // Tomorrow is too early; after the horizon too late; a slot Yamato lacks is refused.
    let early = check(&choice("2026-12-10", None), &s, now, "delivery").unwrap_err();
    assert_eq!(early.fields[0].field, "delivery.date");
    assert!(early.fields[0].message.contains("2026-12-11"));
    assert!(check(&choice("2027-01-09", None), &s, now, "delivery").is_err());
    assert!(check(&choice("2027-01-08", None), &s, now, "delivery").is_ok());
    let slot = check(&choice("", Some(Slot::From12)), &s, now, "delivery").unwrap_err();
    assert_eq!(slot.fields[0].field, "delivery.slot");
    // Nonsense dates, and a leap day that does not exist.
    for bad in ["2026-13-01", "tomorrow", "2027-02-29"] {
        assert!(check(&choice(bad, None), &s, now, "x").is_err(), "{bad}");
    }
    // No preference is no choice; a slot alone is fine.
    assert_eq!(check(&choice(" ", None), &s, now, "x").unwrap(), None);
    assert!(check(&choice("", Some(Slot::Morning)), &s, now, "x").is_ok());
    // A shop that takes no dates refuses one.
    let off = DeliverySettings {
        enabled: false,
        ..s
    };
    assert!(check(&choice("2026-12-20", None), &off, now, "x").is_err());
}

#[test]
fn a_unit_takes_the_senders_fixed_day_with_the_recipients_slot() {
    let s = rules(1, 12, &[0], &[]);
    let now = at("2026-12-09", 11, 30);
    // Not fixed: the recipient's choice, checked like any other.
    assert_eq!(
        for_unit(Some(&choice("2026-12-12", Some(Slot::From14))), "", &s, now),
        Ok(Some(choice("2026-12-12", Some(Slot::From14))))
    );
    assert_eq!(for_unit(None, "", &s, now), Ok(None));
    assert!(for_unit(Some(&choice("2026-12-09", None)), "", &s, now).is_err());
    // Fixed: only the slot is the recipient's; another day is refused.
    assert_eq!(
        for_unit(Some(&choice("", Some(Slot::From19))), "2026-12-24", &s, now),
        Ok(Some(choice("2026-12-24", Some(Slot::From19))))
    );
    assert_eq!(
        for_unit(Some(&choice("2026-12-24", None)), "2026-12-24", &s, now),
        Ok(Some(choice("2026-12-24", None)))
    );
    let other = for_unit(Some(&choice("2026-12-25", None)), "2026-12-24", &s, now).unwrap_err();
    assert_eq!(other.fields[0].field, "delivery.date");
    let slot = for_unit(Some(&choice("", Some(Slot::From12))), "2026-12-24", &s, now).unwrap_err();
    assert_eq!(slot.fields[0].field, "delivery.slot");
    // A fixed day that can no longer be met is kept (staff see it), never moved.
    let late = at("2026-12-24", 15, 0);
    assert_eq!(
        for_unit(None, "2026-12-24", &s, late),
        Ok(Some(choice("2026-12-24", None)))
    );
    let c = Calendar::new(&s);
    assert_eq!(
        c.planned_ship_day(Some(&choice("2026-12-24", None)), late),
        None
    );
    assert_eq!(
        c.planned_ship_day(Some(&choice("2026-12-28", None)), late)
            .map(date_of),
        Some("2026-12-26".to_string())
    );
    assert_eq!(
        c.planned_ship_day(None, late).map(date_of),
        Some("2026-12-25".to_string())
    );
}

#[test]
fn settings_are_checked_and_tidied() {
    let mut s = rules(1, 12, &[6, 0], &["2026-12-31", "2026-12-30", "2026-12-31"]);
    s.slots = vec![Slot::From19, Slot::Morning];
    let tidy = validate_settings(&s).unwrap();
    assert_eq!(tidy.closed_weekdays, vec![0, 6]);
    assert_eq!(tidy.closed_dates, vec!["2026-12-30", "2026-12-31"]);
    assert_eq!(tidy.slots, vec![Slot::Morning, Slot::From19]);
    for (bad, field) in [
        (rules(15, 12, &[], &[]), "transit_days"),
        (rules(1, 24, &[], &[]), "cutoff_hour"),
        (rules(1, 12, &[0, 1, 2, 3, 4, 5, 6], &[]), "closed_weekdays"),
        (rules(1, 12, &[7], &[]), "closed_weekdays"),
        (rules(1, 12, &[1, 1], &[]), "closed_weekdays"),
        (rules(1, 12, &[], &["2026-02-30"]), "closed_dates[0]"),
        (
            DeliverySettings {
                horizon_days: 0,
                ..default_settings()
            },
            "horizon_days",
        ),
        (
            DeliverySettings {
                slots: vec![Slot::From12],
                ..default_settings()
            },
            "slots[0]",
        ),
    ] {
        let e = validate_settings(&bad).unwrap_err();
        assert_eq!(e.fields[0].field, field);
    }
}

#[test]
fn a_choice_reads_the_same_day_in_each_language() {
    let c = choice("2026-12-09", Some(Slot::From14));
    assert_eq!(text(Some(&c), Lang::Ja), "2026年12月9日(水) 14時〜16時");
    assert_eq!(text(Some(&c), Lang::ZhHans), "2026年12月9日 周三 14点–16点");
    assert_eq!(text(Some(&c), Lang::En), "Wed 9 Dec 2026 14:00–16:00");
    assert_eq!(text(None, Lang::Ja), "指定なし");
    // Leap day.
    assert_eq!(
        text(Some(&choice("2028-02-29", None)), Lang::Ja),
        "2028年2月29日(火)"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Across every hour of days spanning month and year ends and leap days, with random
    /// closing days: the first ship day is open, not before today, not before tomorrow after
    /// the cut-off, and no open day is skipped; the earliest date is exactly transit days after
    /// it; every date from the earliest to the latest is accepted and the day before refused.
    #[test]
    fn the_calendar_holds_whatever_the_day_hour_and_closures(
        // 2023-12-25 .. 2029-01-05: four year ends and the leap days of 2024 and 2028.
        day in 19_716i64..21_920,
        minute in 0i64..(24 * 60),
        transit in 0u32..=5,
        cutoff in 0u32..=23,
        weekdays in proptest::collection::vec(0u8..7, 0..4),
        closed_offsets in proptest::collection::vec(0i64..20, 0..10),
        horizon in 5u32..=60,
    ) {
        let closed: Vec<String> = closed_offsets.iter().map(|o| date_of(day + o)).collect();
        let mut weekdays = weekdays;
        weekdays.retain(|d| *d != 3); // always ship on Wednesdays
        weekdays.sort_unstable();
        weekdays.dedup();
        let s = DeliverySettings {
            transit_days: transit,
            cutoff_hour: cutoff,
            closed_weekdays: weekdays,
            closed_dates: closed,
            horizon_days: horizon,
            ..default_settings()
        };
        let s = validate_settings(&s).unwrap();
        let c = Calendar::new(&s);
        let now = day_start(day) + minute * 60;
        let start = day + i64::from(minute / 60 >= i64::from(cutoff));
        let ship = c.first_ship_day(now);
        prop_assert!(c.ships_on(ship));
        prop_assert!(ship >= start);
        prop_assert!((start..ship).all(|d| !c.ships_on(d)));
        prop_assert_eq!(c.earliest(now), ship + i64::from(transit));
        // One minute later never makes the earliest day earlier.
        prop_assert!(c.earliest(now + 60) >= c.earliest(now));
        let earliest = c.earliest(now);
        for d in earliest..=c.latest(now) {
            prop_assert!(check(&choice(&date_of(d), None), &s, now, "d").is_ok());
            let ships = c.ship_day_for(d, now).unwrap();
            prop_assert!(c.ships_on(ships) && ships >= ship && ships + i64::from(transit) <= d);
        }
        prop_assert!(check(&choice(&date_of(earliest - 1), None), &s, now, "d").is_err());
        prop_assert!(check(&choice(&date_of(c.latest(now) + 1), None), &s, now, "d").is_err());
    }

    /// A date written and read back is the same day, whatever the day (month and year ends,
    /// leap days included).
    #[test]
    fn dates_round_trip(day in -1_000i64..100_000) {
        prop_assert_eq!(day_from_date(&date_of(day)), Some(day));
    }
}
