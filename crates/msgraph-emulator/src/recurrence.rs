//! Microsoft Graph's `patternedRecurrence` resource (a `recurrencePattern`
//! plus a `recurrenceRange`) and its expansion into occurrence dates.
//!
//! The JSON shape follows Graph exactly: camelCase field names, every field
//! emitted (Graph never omits one), `"endDate": "0001-01-01"` when the range
//! has no end, and `numberOfOccurrences` 0 unless the range is `numbered`. On
//! input, only `pattern.type`, `pattern.interval`, `range.type` and
//! `range.startDate` are required, and enumeration values are accepted in any
//! case because Graph's own documentation mixes `Weekly` and `weekly`.
//!
//! Expansion works on calendar dates only: the time of day and the
//! `recurrenceTimeZone` belong to the event and are applied by the caller.
//! Each pattern is walked period by period (day, week, month or year), never
//! day by day across periods, so a yearly series stays cheap however far out
//! it is queried.

use std::fmt;
use std::ops::ControlFlow;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most dates [`PatternedRecurrence::occurrence_dates`] returns in one call,
/// so that an open-ended series cannot exhaust memory.
pub const MAX_OCCURRENCES: usize = 10_000;

/// The date Graph writes for "no date" (`endDate` of a `noEnd` or `numbered`
/// range): .NET's `DateTime.MinValue`.
pub const GRAPH_NULL_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Defines a Graph string enumeration: emitted in Graph's camelCase spelling,
/// accepted on input in any letter case.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($text),+];

            /// Graph's spelling of the value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| UnknownValue {
                        kind: stringify!($name),
                        value: s.to_owned(),
                    })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse()
                    .map_err(|_| serde::de::Error::unknown_variant(&text, Self::NAMES))
            }
        }
    };
}

/// A string that names none of an enumeration's values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {kind} value")]
pub struct UnknownValue {
    kind: &'static str,
    value: String,
}

graph_enum! {
    /// `recurrencePattern.type`.
    PatternType {
        /// Every `interval` days.
        Daily => "daily",
        /// On `daysOfWeek` every `interval` weeks.
        Weekly => "weekly",
        /// On day `dayOfMonth` every `interval` months.
        AbsoluteMonthly => "absoluteMonthly",
        /// On the `index` `daysOfWeek` every `interval` months.
        RelativeMonthly => "relativeMonthly",
        /// On `month`/`dayOfMonth` every `interval` years.
        AbsoluteYearly => "absoluteYearly",
        /// On the `index` `daysOfWeek` of `month` every `interval` years.
        RelativeYearly => "relativeYearly",
    }
}

graph_enum! {
    /// `recurrenceRange.type`.
    RangeType {
        /// Until `endDate`, inclusive.
        EndDate => "endDate",
        /// Forever.
        NoEnd => "noEnd",
        /// For `numberOfOccurrences` occurrences.
        Numbered => "numbered",
    }
}

graph_enum! {
    /// Graph's `dayOfWeek`. Defaults to Sunday, Graph's default
    /// `firstDayOfWeek`.
    #[derive(Default)]
    DayOfWeek {
        #[default]
        Sunday => "sunday",
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
    }
}

graph_enum! {
    /// `recurrencePattern.index`: which of the matching days in a month.
    #[derive(Default)]
    WeekIndex {
        #[default]
        First => "first",
        Second => "second",
        Third => "third",
        Fourth => "fourth",
        Last => "last",
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Sun => DayOfWeek::Sunday,
            Weekday::Mon => DayOfWeek::Monday,
            Weekday::Tue => DayOfWeek::Tuesday,
            Weekday::Wed => DayOfWeek::Wednesday,
            Weekday::Thu => DayOfWeek::Thursday,
            Weekday::Fri => DayOfWeek::Friday,
            Weekday::Sat => DayOfWeek::Saturday,
        }
    }
}

impl From<DayOfWeek> for Weekday {
    fn from(day: DayOfWeek) -> Self {
        match day {
            DayOfWeek::Sunday => Weekday::Sun,
            DayOfWeek::Monday => Weekday::Mon,
            DayOfWeek::Tuesday => Weekday::Tue,
            DayOfWeek::Wednesday => Weekday::Wed,
            DayOfWeek::Thursday => Weekday::Thu,
            DayOfWeek::Friday => Weekday::Fri,
            DayOfWeek::Saturday => Weekday::Sat,
        }
    }
}

impl DayOfWeek {
    /// 0 for Sunday through 6 for Saturday.
    fn number(self) -> u32 {
        Weekday::from(self).num_days_from_sunday()
    }
}

/// Graph's `patternedRecurrence`: how often a series repeats, and for how long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternedRecurrence {
    pub pattern: RecurrencePattern,
    pub range: RecurrenceRange,
}

/// Graph's `recurrencePattern`. Which fields matter depends on `kind`; the
/// others keep their defaults and are still emitted, as Graph does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurrencePattern {
    #[serde(rename = "type")]
    pub kind: PatternType,
    /// Units (days, weeks, months or years, by `kind`) between occurrences.
    pub interval: u32,
    /// 1–12; yearly patterns only, 0 otherwise.
    #[serde(default)]
    pub month: u32,
    /// 1–31; absolute patterns only, 0 otherwise.
    #[serde(default)]
    pub day_of_month: u32,
    #[serde(default)]
    pub days_of_week: Vec<DayOfWeek>,
    /// Where a week starts, which decides which weeks an `interval` > 1
    /// weekly pattern skips.
    #[serde(default)]
    pub first_day_of_week: DayOfWeek,
    #[serde(default)]
    pub index: WeekIndex,
}

/// Graph's `recurrenceRange`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurrenceRange {
    #[serde(rename = "type")]
    pub kind: RangeType,
    pub start_date: NaiveDate,
    /// Inclusive; [`GRAPH_NULL_DATE`] unless `kind` is `endDate`.
    #[serde(default = "graph_null_date")]
    pub end_date: NaiveDate,
    /// A Windows time-zone name such as `W. Europe Standard Time`.
    #[serde(default)]
    pub recurrence_time_zone: Option<String>,
    /// 0 unless `kind` is `numbered`.
    #[serde(default)]
    pub number_of_occurrences: u32,
}

fn graph_null_date() -> NaiveDate {
    GRAPH_NULL_DATE
}

/// Why a recurrence is not well-formed. The messages mirror the developer
/// text Graph returns with its `400 Bad Request` errors.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecurrenceError {
    #[error("The recurrence pattern's Interval must be at least 1.")]
    InvalidInterval,
    #[error("DaysOfWeek must contain at least one day for a {0} recurrence pattern.")]
    MissingDaysOfWeek(PatternType),
    #[error("DayOfMonth {0} is not valid; it must be between 1 and 31.")]
    InvalidDayOfMonth(u32),
    #[error("Month {0} is not valid; it must be between 1 and 12.")]
    InvalidMonth(u32),
    #[error("DayOfMonth {day} does not exist in month {month}.")]
    DayNotInMonth { month: u32, day: u32 },
    #[error("The recurrence range's EndDate {end} is earlier than its StartDate {start}.")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("NumberOfOccurrences must be at least 1 for a numbered recurrence range.")]
    InvalidNumberOfOccurrences,
}

impl PatternedRecurrence {
    /// Checks the recurrence is well-formed: interval ≥ 1; weekly and
    /// relative patterns name at least one day; absolute patterns name a day
    /// of month 1..=31 (for yearly ones, a day that exists in `month`);
    /// yearly patterns name a month 1..=12; an `endDate` range does not end
    /// before it starts; a `numbered` range counts at least one occurrence.
    pub fn validate(&self) -> Result<(), RecurrenceError> {
        let pattern = &self.pattern;
        if pattern.interval == 0 {
            return Err(RecurrenceError::InvalidInterval);
        }
        match pattern.kind {
            PatternType::Daily => {}
            PatternType::Weekly | PatternType::RelativeMonthly => {
                require_days(pattern)?;
            }
            PatternType::AbsoluteMonthly => {
                require_day_of_month(pattern.day_of_month)?;
            }
            PatternType::AbsoluteYearly => {
                require_month(pattern.month)?;
                require_day_of_month(pattern.day_of_month)?;
                // Otherwise the series (say 30 February) would never occur.
                if pattern.day_of_month > max_days_in_month(pattern.month) {
                    return Err(RecurrenceError::DayNotInMonth {
                        month: pattern.month,
                        day: pattern.day_of_month,
                    });
                }
            }
            PatternType::RelativeYearly => {
                require_month(pattern.month)?;
                require_days(pattern)?;
            }
        }
        let range = &self.range;
        match range.kind {
            RangeType::EndDate if range.end_date < range.start_date => {
                Err(RecurrenceError::EndBeforeStart {
                    start: range.start_date,
                    end: range.end_date,
                })
            }
            RangeType::Numbered if range.number_of_occurrences == 0 => {
                Err(RecurrenceError::InvalidNumberOfOccurrences)
            }
            _ => Ok(()),
        }
    }

    /// Resets the range fields that do not apply to the range's type to the
    /// values Graph emits for them (`endDate` 0001-01-01 unless `endDate`,
    /// `numberOfOccurrences` 0 unless `numbered`), as Graph does on save.
    pub fn normalize(&mut self) {
        let range = &mut self.range;
        if range.kind != RangeType::EndDate {
            range.end_date = GRAPH_NULL_DATE;
        }
        if range.kind != RangeType::Numbered {
            range.number_of_occurrences = 0;
        }
    }

    /// All occurrence dates of the series, in order, from `range.startDate`
    /// up to and including `until`, and not past the range's end date or
    /// count. At most [`MAX_OCCURRENCES`] dates are returned.
    pub fn occurrence_dates(&self, until: NaiveDate) -> Result<Vec<NaiveDate>, RecurrenceError> {
        self.validate()?;
        let range = &self.range;
        let limit = match range.kind {
            RangeType::EndDate => until.min(range.end_date),
            RangeType::NoEnd | RangeType::Numbered => until,
        };
        let max = match range.kind {
            RangeType::Numbered => MAX_OCCURRENCES.min(range.number_of_occurrences as usize),
            RangeType::EndDate | RangeType::NoEnd => MAX_OCCURRENCES,
        };
        let mut sink = Sink {
            start: range.start_date,
            limit,
            max,
            dates: Vec::new(),
        };
        if limit >= range.start_date {
            let pattern = &self.pattern;
            match pattern.kind {
                PatternType::Daily => expand_daily(pattern, &mut sink),
                PatternType::Weekly => expand_weekly(pattern, &mut sink),
                PatternType::AbsoluteMonthly | PatternType::RelativeMonthly => {
                    expand_monthly(pattern, &mut sink)
                }
                PatternType::AbsoluteYearly | PatternType::RelativeYearly => {
                    expand_yearly(pattern, &mut sink)
                }
            }
        }
        Ok(sink.dates)
    }
}

fn require_days(pattern: &RecurrencePattern) -> Result<(), RecurrenceError> {
    if pattern.days_of_week.is_empty() {
        Err(RecurrenceError::MissingDaysOfWeek(pattern.kind))
    } else {
        Ok(())
    }
}

fn require_day_of_month(day: u32) -> Result<(), RecurrenceError> {
    if (1..=31).contains(&day) {
        Ok(())
    } else {
        Err(RecurrenceError::InvalidDayOfMonth(day))
    }
}

fn require_month(month: u32) -> Result<(), RecurrenceError> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(RecurrenceError::InvalidMonth(month))
    }
}

/// Longest the month can be in any year (February: 29).
fn max_days_in_month(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if !leap => 28,
        _ => max_days_in_month(month),
    }
}

/// Collects candidate dates, produced in increasing order by the expanders,
/// and tells them when to stop.
struct Sink {
    start: NaiveDate,
    limit: NaiveDate,
    max: usize,
    dates: Vec<NaiveDate>,
}

impl Sink {
    fn offer(&mut self, date: NaiveDate) -> ControlFlow<()> {
        if date < self.start {
            // The pattern's period can begin before the series does.
            return ControlFlow::Continue(());
        }
        if date > self.limit {
            return ControlFlow::Break(());
        }
        self.dates.push(date);
        if self.dates.len() >= self.max {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

fn expand_daily(pattern: &RecurrencePattern, sink: &mut Sink) {
    let step = Days::new(u64::from(pattern.interval));
    let mut date = sink.start;
    while sink.offer(date).is_continue() {
        match date.checked_add_days(step) {
            Some(next) => date = next,
            None => return,
        }
    }
}

fn expand_weekly(pattern: &RecurrencePattern, sink: &mut Sink) {
    let first_day = pattern.first_day_of_week.number();
    // Offsets of the chosen days from the start of the week, ascending so
    // each week's dates come out in order.
    let mut offsets: Vec<u64> = pattern
        .days_of_week
        .iter()
        .map(|day| u64::from((day.number() + 7 - first_day) % 7))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();

    // Weeks are counted from the one containing the start date, so which
    // weeks an interval skips depends on `firstDayOfWeek`.
    let start_offset = (sink.start.weekday().num_days_from_sunday() + 7 - first_day) % 7;
    let Some(mut week) = sink
        .start
        .checked_sub_days(Days::new(u64::from(start_offset)))
    else {
        return;
    };
    let step = Days::new(7 * u64::from(pattern.interval));
    while week <= sink.limit {
        for &offset in &offsets {
            let Some(date) = week.checked_add_days(Days::new(offset)) else {
                return;
            };
            if sink.offer(date).is_break() {
                return;
            }
        }
        match week.checked_add_days(step) {
            Some(next) => week = next,
            None => return,
        }
    }
}

fn expand_monthly(pattern: &RecurrencePattern, sink: &mut Sink) {
    // Months counted from year 0, so that stepping by `interval` months is
    // plain addition.
    let mut month_number = i64::from(sink.start.year()) * 12 + i64::from(sink.start.month0());
    let step = i64::from(pattern.interval);
    loop {
        let Ok(year) = i32::try_from(month_number.div_euclid(12)) else {
            return;
        };
        // rem_euclid(12) is always 0..12.
        let month = month_number.rem_euclid(12) as u32 + 1;
        if !offer_in_month(pattern, year, month, sink) {
            return;
        }
        month_number += step;
    }
}

fn expand_yearly(pattern: &RecurrencePattern, sink: &mut Sink) {
    let mut year = sink.start.year();
    loop {
        if !offer_in_month(pattern, year, pattern.month, sink) {
            return;
        }
        match year.checked_add_unsigned(pattern.interval) {
            Some(next) => year = next,
            None => return,
        }
    }
}

/// Offers the pattern's date in `year`/`month`, if that month has one.
/// Returns false once expansion should stop.
fn offer_in_month(pattern: &RecurrencePattern, year: i32, month: u32, sink: &mut Sink) -> bool {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        // Beyond chrono's calendar.
        return false;
    };
    if first > sink.limit {
        return false;
    }
    let date = match pattern.kind {
        // Outlook moves a monthly day a month lacks (31 April) to the month's
        // last day, as its recurrence dialog warns [assume: Graph does the same].
        PatternType::AbsoluteMonthly => (1..=pattern.day_of_month)
            .rev()
            .find_map(|day| NaiveDate::from_ymd_opt(year, month, day)),
        // A yearly 29 February only occurs in leap years [assume].
        PatternType::AbsoluteYearly => NaiveDate::from_ymd_opt(year, month, pattern.day_of_month),
        _ => relative_day(pattern, first),
    };
    match date {
        Some(date) => sink.offer(date).is_continue(),
        None => true,
    }
}

/// The `index`-th day of the month starting at `first` whose weekday is one of
/// `daysOfWeek` ("last" being the last such day).
fn relative_day(pattern: &RecurrencePattern, first: NaiveDate) -> Option<NaiveDate> {
    let mut wanted = [false; 7];
    for day in &pattern.days_of_week {
        wanted[day.number() as usize] = true;
    }
    let first_weekday = first.weekday().num_days_from_sunday();
    // At most 31 steps, once per month of the series.
    let matching: Vec<u32> = (0..days_in_month(first.year(), first.month()))
        .filter(|offset| wanted[((first_weekday + offset) % 7) as usize])
        .collect();
    let offset = match pattern.index {
        WeekIndex::First => matching.first(),
        WeekIndex::Second => matching.get(1),
        WeekIndex::Third => matching.get(2),
        WeekIndex::Fourth => matching.get(3),
        WeekIndex::Last => matching.last(),
    }?;
    first.checked_add_days(Days::new(u64::from(*offset)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn pattern(kind: PatternType, interval: u32) -> RecurrencePattern {
        RecurrencePattern {
            kind,
            interval,
            month: 0,
            day_of_month: 0,
            days_of_week: Vec::new(),
            first_day_of_week: DayOfWeek::Sunday,
            index: WeekIndex::First,
        }
    }

    fn no_end(pattern: RecurrencePattern, start: NaiveDate) -> PatternedRecurrence {
        PatternedRecurrence {
            pattern,
            range: RecurrenceRange {
                kind: RangeType::NoEnd,
                start_date: start,
                end_date: GRAPH_NULL_DATE,
                recurrence_time_zone: None,
                number_of_occurrences: 0,
            },
        }
    }

    #[test]
    fn calendar_facts_used_below() {
        assert_eq!(d(2025, 3, 3).weekday(), Weekday::Mon);
        assert_eq!(d(2025, 3, 9).weekday(), Weekday::Sun);
        assert_eq!(d(2025, 1, 1).weekday(), Weekday::Wed);
    }

    #[test]
    fn graph_example_round_trips_with_every_field() {
        let graph = json!({
            "pattern": { "type": "weekly", "interval": 1, "month": 0, "dayOfMonth": 0,
                         "daysOfWeek": ["monday", "wednesday"], "firstDayOfWeek": "sunday",
                         "index": "first" },
            "range": { "type": "endDate", "startDate": "2025-03-03", "endDate": "2025-06-30",
                       "recurrenceTimeZone": "W. Europe Standard Time",
                       "numberOfOccurrences": 0 }
        });
        let parsed: PatternedRecurrence = serde_json::from_value(graph.clone()).unwrap();
        assert_eq!(parsed.pattern.kind, PatternType::Weekly);
        assert_eq!(
            parsed.pattern.days_of_week,
            [DayOfWeek::Monday, DayOfWeek::Wednesday]
        );
        assert_eq!(parsed.range.end_date, d(2025, 6, 30));
        assert_eq!(
            parsed.range.recurrence_time_zone.as_deref(),
            Some("W. Europe Standard Time")
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), graph);
    }

    #[test]
    fn sparse_input_gets_defaults_and_emits_every_field() {
        let sparse = json!({
            "pattern": { "type": "absoluteMonthly", "interval": 1, "dayOfMonth": 15 },
            "range": { "type": "noEnd", "startDate": "2025-03-03" }
        });
        let parsed: PatternedRecurrence = serde_json::from_value(sparse).unwrap();
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            json!({
                "pattern": { "type": "absoluteMonthly", "interval": 1, "month": 0,
                             "dayOfMonth": 15, "daysOfWeek": [], "firstDayOfWeek": "sunday",
                             "index": "first" },
                "range": { "type": "noEnd", "startDate": "2025-03-03", "endDate": "0001-01-01",
                           "recurrenceTimeZone": null, "numberOfOccurrences": 0 }
            })
        );
    }

    #[test]
    fn missing_required_fields_are_rejected() {
        let no_interval = json!({
            "pattern": { "type": "daily" },
            "range": { "type": "noEnd", "startDate": "2025-03-03" }
        });
        assert!(serde_json::from_value::<PatternedRecurrence>(no_interval).is_err());
        let no_start = json!({
            "pattern": { "type": "daily", "interval": 1 },
            "range": { "type": "noEnd" }
        });
        assert!(serde_json::from_value::<PatternedRecurrence>(no_start).is_err());
    }

    #[test]
    fn normalize_blanks_fields_the_range_type_ignores() {
        let mut recurrence = no_end(pattern(PatternType::Daily, 1), d(2025, 3, 3));
        recurrence.range.end_date = d(2025, 6, 30);
        recurrence.range.number_of_occurrences = 4;
        recurrence.normalize();
        assert_eq!(recurrence.range.end_date, GRAPH_NULL_DATE);
        assert_eq!(recurrence.range.number_of_occurrences, 0);
        let value = serde_json::to_value(&recurrence).unwrap();
        assert_eq!(value["range"]["endDate"], "0001-01-01");
    }

    #[test]
    fn enum_values_are_case_insensitive_on_input() {
        let mixed = json!({
            "pattern": { "type": "RelativeMonthly", "interval": 1,
                         "daysOfWeek": ["TUESDAY", "Friday"], "firstDayOfWeek": "Monday",
                         "index": "Last" },
            "range": { "type": "EndDate", "startDate": "2025-03-03", "endDate": "2025-06-30" }
        });
        let parsed: PatternedRecurrence = serde_json::from_value(mixed).unwrap();
        assert_eq!(parsed.pattern.kind, PatternType::RelativeMonthly);
        assert_eq!(
            parsed.pattern.days_of_week,
            [DayOfWeek::Tuesday, DayOfWeek::Friday]
        );
        assert_eq!(parsed.pattern.first_day_of_week, DayOfWeek::Monday);
        assert_eq!(parsed.pattern.index, WeekIndex::Last);
        assert_eq!(parsed.range.kind, RangeType::EndDate);
        let emitted = serde_json::to_value(&parsed).unwrap();
        assert_eq!(emitted["pattern"]["type"], "relativeMonthly");
        assert_eq!(
            emitted["pattern"]["daysOfWeek"],
            json!(["tuesday", "friday"])
        );
        assert_eq!(emitted["range"]["type"], "endDate");

        assert_eq!("NOEND".parse::<RangeType>(), Ok(RangeType::NoEnd));
        let unknown = json!({
            "pattern": { "type": "fortnightly", "interval": 1 },
            "range": { "type": "noEnd", "startDate": "2025-03-03" }
        });
        let error = serde_json::from_value::<PatternedRecurrence>(unknown).unwrap_err();
        assert!(error.to_string().contains("fortnightly"), "{error}");
    }

    #[test]
    fn weekday_conversions_agree_with_chrono() {
        for &day in DayOfWeek::ALL {
            let weekday = Weekday::from(day);
            assert_eq!(DayOfWeek::from(weekday), day);
            assert_eq!(weekday.to_string().to_lowercase(), &day.as_str()[..3]);
        }
    }

    #[test]
    fn daily_every_other_day() {
        let recurrence = no_end(pattern(PatternType::Daily, 2), d(2025, 3, 3));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 3, 10)).unwrap(),
            [d(2025, 3, 3), d(2025, 3, 5), d(2025, 3, 7), d(2025, 3, 9)]
        );
    }

    #[test]
    fn weekly_fortnightly_depends_on_first_day_of_week() {
        // Starts on Sunday 2025-03-09: the first day of a Sunday-based week,
        // but the last day of the Monday-based week of 3–9 March.
        let mut weekly = pattern(PatternType::Weekly, 2);
        weekly.days_of_week = vec![DayOfWeek::Monday, DayOfWeek::Wednesday];
        let mut recurrence = no_end(weekly, d(2025, 3, 9));
        let until = d(2025, 4, 2);

        recurrence.pattern.first_day_of_week = DayOfWeek::Sunday;
        assert_eq!(
            recurrence.occurrence_dates(until).unwrap(),
            [
                d(2025, 3, 10),
                d(2025, 3, 12),
                d(2025, 3, 24),
                d(2025, 3, 26)
            ]
        );

        recurrence.pattern.first_day_of_week = DayOfWeek::Monday;
        assert_eq!(
            recurrence.occurrence_dates(until).unwrap(),
            [
                d(2025, 3, 17),
                d(2025, 3, 19),
                d(2025, 3, 31),
                d(2025, 4, 2)
            ]
        );

        // Wednesday-based weeks (Wed–Tue), starting Wednesday 2025-03-05:
        // Monday falls after Wednesday within each week.
        recurrence.range.start_date = d(2025, 3, 5);
        recurrence.pattern.first_day_of_week = DayOfWeek::Wednesday;
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 3, 24)).unwrap(),
            [
                d(2025, 3, 5),
                d(2025, 3, 10),
                d(2025, 3, 19),
                d(2025, 3, 24)
            ]
        );
    }

    #[test]
    fn weekly_start_mid_week_begins_at_next_matching_day() {
        let mut weekly = pattern(PatternType::Weekly, 1);
        // Listed out of order and with a duplicate: output is still sorted.
        weekly.days_of_week = vec![
            DayOfWeek::Wednesday,
            DayOfWeek::Monday,
            DayOfWeek::Wednesday,
        ];
        // Tuesday 2025-03-04.
        let recurrence = no_end(weekly, d(2025, 3, 4));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 3, 12)).unwrap(),
            [d(2025, 3, 5), d(2025, 3, 10), d(2025, 3, 12)]
        );
    }

    #[test]
    fn absolute_monthly_31st_falls_on_the_last_day_of_short_months() {
        let mut monthly = pattern(PatternType::AbsoluteMonthly, 1);
        monthly.day_of_month = 31;
        let recurrence = no_end(monthly, d(2025, 1, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 6, 30)).unwrap(),
            [
                d(2025, 1, 31),
                d(2025, 2, 28),
                d(2025, 3, 31),
                d(2025, 4, 30),
                d(2025, 5, 31),
                d(2025, 6, 30),
            ]
        );
    }

    #[test]
    fn absolute_monthly_interval_counts_from_start_month() {
        let mut monthly = pattern(PatternType::AbsoluteMonthly, 2);
        monthly.day_of_month = 15;
        // Starts after the 15th: March's occurrence is before the series.
        let recurrence = no_end(monthly, d(2025, 3, 20));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 10, 1)).unwrap(),
            [d(2025, 5, 15), d(2025, 7, 15), d(2025, 9, 15)]
        );
    }

    #[test]
    fn relative_monthly_second_tuesday() {
        let mut monthly = pattern(PatternType::RelativeMonthly, 1);
        monthly.days_of_week = vec![DayOfWeek::Tuesday];
        monthly.index = WeekIndex::Second;
        let recurrence = no_end(monthly, d(2025, 1, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 4, 30)).unwrap(),
            [
                d(2025, 1, 14),
                d(2025, 2, 11),
                d(2025, 3, 11),
                d(2025, 4, 8)
            ]
        );

        // Starting after January's second Tuesday moves the first one on.
        let mut later = recurrence.clone();
        later.range.start_date = d(2025, 1, 15);
        assert_eq!(
            later.occurrence_dates(d(2025, 3, 1)).unwrap(),
            [d(2025, 2, 11)]
        );
    }

    #[test]
    fn relative_monthly_last_friday() {
        let mut monthly = pattern(PatternType::RelativeMonthly, 1);
        monthly.days_of_week = vec![DayOfWeek::Friday];
        monthly.index = WeekIndex::Last;
        let recurrence = no_end(monthly, d(2025, 1, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 4, 30)).unwrap(),
            [
                d(2025, 1, 31),
                d(2025, 2, 28),
                d(2025, 3, 28),
                d(2025, 4, 25)
            ]
        );
    }

    #[test]
    fn relative_monthly_with_several_days_picks_among_them() {
        let weekdays = vec![
            DayOfWeek::Monday,
            DayOfWeek::Tuesday,
            DayOfWeek::Wednesday,
            DayOfWeek::Thursday,
            DayOfWeek::Friday,
        ];
        let mut first = pattern(PatternType::RelativeMonthly, 1);
        first.days_of_week = weekdays.clone();
        // First weekday: 1 March 2025 is a Saturday, 1 June a Sunday.
        let recurrence = no_end(first, d(2025, 3, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 6, 30)).unwrap(),
            [d(2025, 3, 3), d(2025, 4, 1), d(2025, 5, 1), d(2025, 6, 2)]
        );

        let mut last = pattern(PatternType::RelativeMonthly, 1);
        last.days_of_week = weekdays;
        last.index = WeekIndex::Last;
        // Last weekday of May 2025: the 31st is a Saturday.
        let recurrence = no_end(last, d(2025, 5, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 6, 1)).unwrap(),
            [d(2025, 5, 30)]
        );
    }

    #[test]
    fn absolute_yearly_29_february_only_in_leap_years() {
        let mut yearly = pattern(PatternType::AbsoluteYearly, 1);
        yearly.month = 2;
        yearly.day_of_month = 29;
        let recurrence = no_end(yearly, d(2023, 1, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2032, 12, 31)).unwrap(),
            [d(2024, 2, 29), d(2028, 2, 29), d(2032, 2, 29)]
        );
        // 2100 is not a leap year.
        let mut century = recurrence.clone();
        century.range.start_date = d(2096, 3, 1);
        assert_eq!(
            century.occurrence_dates(d(2104, 12, 31)).unwrap(),
            [d(2104, 2, 29)]
        );
    }

    #[test]
    fn relative_yearly_fourth_thursday_of_november() {
        let mut yearly = pattern(PatternType::RelativeYearly, 1);
        yearly.month = 11;
        yearly.days_of_week = vec![DayOfWeek::Thursday];
        yearly.index = WeekIndex::Fourth;
        let recurrence = no_end(yearly, d(2025, 1, 1));
        assert_eq!(
            recurrence.occurrence_dates(d(2027, 12, 31)).unwrap(),
            [d(2025, 11, 27), d(2026, 11, 26), d(2027, 11, 25)]
        );

        let mut memorial = pattern(PatternType::RelativeYearly, 1);
        memorial.month = 5;
        memorial.days_of_week = vec![DayOfWeek::Monday];
        memorial.index = WeekIndex::Last;
        // Starting after 2025's last Monday of May.
        let recurrence = no_end(memorial, d(2025, 5, 27));
        assert_eq!(
            recurrence.occurrence_dates(d(2026, 12, 31)).unwrap(),
            [d(2026, 5, 25)]
        );
    }

    #[test]
    fn numbered_counts_from_the_first_occurrence() {
        let mut weekly = pattern(PatternType::Weekly, 1);
        weekly.days_of_week = vec![DayOfWeek::Monday, DayOfWeek::Wednesday];
        // Tuesday 2025-03-04: Monday 3 March is before the series, not counted.
        let mut recurrence = no_end(weekly, d(2025, 3, 4));
        recurrence.range.kind = RangeType::Numbered;
        recurrence.range.number_of_occurrences = 3;
        assert_eq!(
            recurrence.occurrence_dates(d(2030, 1, 1)).unwrap(),
            [d(2025, 3, 5), d(2025, 3, 10), d(2025, 3, 12)]
        );
        // `until` still cuts a numbered series short.
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 3, 10)).unwrap(),
            [d(2025, 3, 5), d(2025, 3, 10)]
        );
    }

    #[test]
    fn end_date_is_inclusive() {
        let mut recurrence = no_end(pattern(PatternType::Daily, 1), d(2025, 3, 3));
        recurrence.range.kind = RangeType::EndDate;
        recurrence.range.end_date = d(2025, 3, 5);
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 12, 31)).unwrap(),
            [d(2025, 3, 3), d(2025, 3, 4), d(2025, 3, 5)]
        );
        // A one-day series ending the day it starts.
        recurrence.range.end_date = d(2025, 3, 3);
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 12, 31)).unwrap(),
            [d(2025, 3, 3)]
        );
        // `until` is inclusive too, and before the start there is nothing.
        recurrence.range.end_date = d(2025, 3, 31);
        assert_eq!(
            recurrence.occurrence_dates(d(2025, 3, 4)).unwrap(),
            [d(2025, 3, 3), d(2025, 3, 4)]
        );
        assert!(recurrence
            .occurrence_dates(d(2025, 3, 2))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn output_is_capped_and_sparse_patterns_stay_cheap() {
        let daily = no_end(pattern(PatternType::Daily, 1), d(2025, 1, 1));
        let dates = daily.occurrence_dates(NaiveDate::MAX).unwrap();
        assert_eq!(dates.len(), MAX_OCCURRENCES);
        assert_eq!(dates.last(), Some(&d(2052, 5, 18)));

        // Never occurs (every fourth year from 2023 is never a leap year):
        // walked year by year, not day by day, up to the end of chrono's range.
        let mut never = pattern(PatternType::AbsoluteYearly, 4);
        never.month = 2;
        never.day_of_month = 29;
        let never = no_end(never, d(2023, 1, 1));
        assert!(never.occurrence_dates(NaiveDate::MAX).unwrap().is_empty());

        let mut yearly = pattern(PatternType::AbsoluteYearly, 1);
        yearly.month = 7;
        yearly.day_of_month = 1;
        let yearly = no_end(yearly, d(2025, 1, 1));
        assert_eq!(
            yearly.occurrence_dates(d(9999, 12, 31)).unwrap().len(),
            9999 - 2025 + 1
        );
    }

    #[test]
    fn validate_reports_each_malformed_field() {
        let valid = no_end(pattern(PatternType::Daily, 1), d(2025, 3, 3));
        assert_eq!(valid.validate(), Ok(()));

        let mut bad = valid.clone();
        bad.pattern.interval = 0;
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidInterval));
        assert_eq!(
            bad.occurrence_dates(d(2025, 4, 1)),
            Err(RecurrenceError::InvalidInterval)
        );

        for kind in [
            PatternType::Weekly,
            PatternType::RelativeMonthly,
            PatternType::RelativeYearly,
        ] {
            let mut bad = valid.clone();
            bad.pattern.kind = kind;
            bad.pattern.month = 5;
            assert_eq!(
                bad.validate(),
                Err(RecurrenceError::MissingDaysOfWeek(kind))
            );
        }

        let mut bad = valid.clone();
        bad.pattern.kind = PatternType::AbsoluteMonthly;
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidDayOfMonth(0)));
        bad.pattern.day_of_month = 32;
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidDayOfMonth(32)));
        bad.pattern.day_of_month = 31;
        assert_eq!(bad.validate(), Ok(()));

        let mut bad = valid.clone();
        bad.pattern.kind = PatternType::AbsoluteYearly;
        bad.pattern.day_of_month = 30;
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidMonth(0)));
        bad.pattern.month = 13;
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidMonth(13)));
        bad.pattern.month = 2;
        assert_eq!(
            bad.validate(),
            Err(RecurrenceError::DayNotInMonth { month: 2, day: 30 })
        );
        bad.pattern.day_of_month = 29;
        assert_eq!(bad.validate(), Ok(()));

        let mut bad = valid.clone();
        bad.pattern.kind = PatternType::RelativeYearly;
        bad.pattern.days_of_week = vec![DayOfWeek::Monday];
        assert_eq!(bad.validate(), Err(RecurrenceError::InvalidMonth(0)));

        let mut bad = valid.clone();
        bad.range.kind = RangeType::EndDate;
        bad.range.end_date = d(2025, 3, 2);
        assert_eq!(
            bad.validate(),
            Err(RecurrenceError::EndBeforeStart {
                start: d(2025, 3, 3),
                end: d(2025, 3, 2),
            })
        );
        // A noEnd range's placeholder end date is not checked.
        bad.range.kind = RangeType::NoEnd;
        assert_eq!(bad.validate(), Ok(()));

        let mut bad = valid;
        bad.range.kind = RangeType::Numbered;
        assert_eq!(
            bad.validate(),
            Err(RecurrenceError::InvalidNumberOfOccurrences)
        );
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "NumberOfOccurrences must be at least 1 for a numbered recurrence range."
        );
    }
}
