//! Human-readable formatting of model values for the pages: dates, numbers, qualifiers,
//! groups, countries. Pure functions, English wording (the page language of a briefing).

use crate::model::{DatePrecision, DateValue, Group, Qualifier, Quantity};
use chrono::{Datelike, NaiveDate};

/// `1234567` → `1,234,567`: large tolls stay readable in tables.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

// Dates are written by hand rather than by chrono's `format`, which parses its pattern on
// every call: the pages of a 10,000-article briefing print about a hundred thousand dates.
// The output is chrono's (a test compares them).

fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

fn month_abbr(d: NaiveDate) -> &'static str {
    &month_name(d)[..3]
}

/// chrono's `%Y`: four digits, zero-padded; a sign outside 0–9999.
fn year(d: NaiveDate) -> String {
    match d.year() {
        y @ 0..=9999 => format!("{y:04}"),
        _ => d.format("%Y").to_string(),
    }
}

/// `2022-07-14`: chrono's `%Y-%m-%d`, for `<time datetime>` and the data exports.
pub fn iso(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year(d), d.month(), d.day())
}

/// `14 July 2022`.
pub fn date_long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d), year(d))
}

/// `14 Jul 2022`, for tables.
pub fn date_short(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_abbr(d), year(d))
}

/// `July 2022`.
pub fn month_long(year: i32, month: u32) -> String {
    NaiveDate::from_ymd_opt(year, month, 1)
        .map(|d| format!("{} {}", month_name(d), self::year(d)))
        .unwrap_or_else(|| format!("{year}-{month:02}"))
}

/// A date as precise as it is known: `Thursday 14 July 2022`, `week of 9–15 Sep 2024`,
/// `July 2024`, `2024`. Never claims more precision than the value has.
pub fn date_value_long(d: &DateValue) -> String {
    match d.precision {
        DatePrecision::Day => format!(
            "{} {}",
            WEEKDAYS[d.date.weekday().num_days_from_monday() as usize],
            date_long(d.date)
        ),
        DatePrecision::Week => format!("week of {}", range_short(d.date, d.last())),
        DatePrecision::Month => format!("{} {}", month_name(d.date), year(d.date)),
        DatePrecision::Year => year(d.date),
    }
}

/// Compact form for lists: `14 Jul 2022`, `9–15 Sep 2024`, `Jul 2024`, `2024`.
pub fn date_value_short(d: &DateValue) -> String {
    match d.precision {
        DatePrecision::Day => date_short(d.date),
        DatePrecision::Week => range_short(d.date, d.last()),
        DatePrecision::Month => format!("{} {}", month_abbr(d.date), year(d.date)),
        DatePrecision::Year => year(d.date),
    }
}

/// `9–15 Sep 2024`, `28 Aug – 3 Sep 2024`, `30 Dec 2024 – 5 Jan 2025`.
fn range_short(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        date_short(a)
    } else if a.year() != b.year() {
        format!("{} – {}", date_short(a), date_short(b))
    } else if a.month() != b.month() {
        format!("{} {} – {}", a.day(), month_abbr(a), date_short(b))
    } else {
        format!("{}–{}", a.day(), date_short(b))
    }
}

/// A stated figure with its qualifier, as an analyst would write it: `77`, `at least 70`,
/// `about 100`, `up to 50`, `40–50`.
pub fn quantity(q: &Quantity) -> String {
    let low = int(u64::from(q.low));
    match q.qualifier {
        Qualifier::Exact if q.low == q.high => low,
        Qualifier::AtLeast => format!("at least {low}"),
        Qualifier::About => format!("about {low}"),
        Qualifier::AtMost => format!("up to {}", int(u64::from(q.high.max(q.low)))),
        Qualifier::Exact | Qualifier::Range => {
            if q.low == q.high {
                low
            } else {
                format!("{low}–{}", int(u64::from(q.high)))
            }
        }
    }
}

/// Plural noun for a group of casualties ("3 civilians").
pub fn group_label(g: Group) -> &'static str {
    match g {
        Group::Civilians => "civilians",
        Group::SecurityForces => "security forces",
        Group::ForeignForces => "foreign forces",
        Group::Assailants => "assailants",
        Group::Unspecified => "unspecified",
    }
}

/// Column heading for a group.
pub fn group_heading(g: Group) -> &'static str {
    match g {
        Group::Civilians => "Civilians",
        Group::SecurityForces => "Security forces",
        Group::ForeignForces => "Foreign forces",
        Group::Assailants => "Assailants",
        Group::Unspecified => "Unspecified",
    }
}

/// ACLED-style geo precision, spelled out.
pub fn geo_precision(p: u8) -> &'static str {
    match p {
        1 => "named location",
        2 => "near a named location",
        3 => "region only",
        _ => "unspecified",
    }
}

/// English short name of an ISO 3166-1 alpha-2 code for the countries a Sahel briefing
/// meets; other codes are shown as given.
pub fn country_name(code: &str) -> String {
    let name = match code.to_ascii_uppercase().as_str() {
        "ML" => "Mali",
        "BF" => "Burkina Faso",
        "NE" => "Niger",
        "TD" => "Chad",
        "MR" => "Mauritania",
        "SN" => "Senegal",
        "GN" => "Guinea",
        "CI" => "Côte d’Ivoire",
        "BJ" => "Benin",
        "TG" => "Togo",
        "GH" => "Ghana",
        "NG" => "Nigeria",
        "CM" => "Cameroon",
        "DZ" => "Algeria",
        "LY" => "Libya",
        "SD" => "Sudan",
        "CF" => "Central African Republic",
        "GM" => "Gambia",
        "GW" => "Guinea-Bissau",
        "SL" => "Sierra Leone",
        "LR" => "Liberia",
        "MA" => "Morocco",
        "TN" => "Tunisia",
        "FR" => "France",
        _ => return code.to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_quantities() {
        assert_eq!(int(0), "0");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(quantity(&Quantity::exact(77)), "77");
        let q = Quantity {
            low: 70,
            high: 70,
            qualifier: Qualifier::AtLeast,
        };
        assert_eq!(quantity(&q), "at least 70");
        let q = Quantity {
            low: 40,
            high: 50,
            qualifier: Qualifier::Range,
        };
        assert_eq!(quantity(&q), "40–50");
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let days = [
            (2022, 7, 14),
            (2024, 2, 29),
            (1999, 12, 31),
            (2025, 1, 1),
            (7, 3, 9),
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for offset in 0..40 {
                let x = date + chrono::Days::new(offset * 9);
                assert_eq!(iso(x), x.format("%Y-%m-%d").to_string());
                assert_eq!(date_long(x), x.format("%-d %B %Y").to_string());
                assert_eq!(date_short(x), x.format("%-d %b %Y").to_string());
                assert_eq!(
                    month_long(x.year(), x.month()),
                    x.format("%B %Y").to_string()
                );
                assert_eq!(
                    date_value_long(&DateValue::day(x)),
                    x.format("%A %-d %B %Y").to_string()
                );
            }
        }
    }

    #[test]
    fn dates_keep_their_precision() {
        let d = NaiveDate::from_ymd_opt(2022, 7, 14).unwrap();
        assert_eq!(date_value_long(&DateValue::day(d)), "Thursday 14 July 2022");
        let m = DateValue {
            date: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2024, 7, 31),
            precision: DatePrecision::Month,
        };
        assert_eq!(date_value_long(&m), "July 2024");
        assert_eq!(date_value_short(&m), "Jul 2024");
    }
}
