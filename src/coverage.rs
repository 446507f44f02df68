//! Which months the statements speak for (the rule in README "명세서가 다루는 달"):
//! a statement covers the months from its first payment to its last, widened to the
//! period it states (조회기간); the data covers the union of its statements. A month no
//! statement covers is unknown, never a month of 0원. The ledger keeps its coverage
//! across imports in its manifest.

use crate::month::Month;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use soaek_import::FileImport;

/// The months `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MonthRange {
    pub from: Month,
    pub to: Month,
}

impl MonthRange {
    pub fn months(self) -> impl Iterator<Item = Month> {
        (self.from.index()..=self.to.index()).map(Month::from_index)
    }

    pub fn len(self) -> usize {
        (self.to.index() - self.from.index() + 1).max(0) as usize
    }

    pub fn is_empty(self) -> bool {
        self.to < self.from
    }

    /// `2025-03` or `2025-03~2025-05`.
    pub fn shown(self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{}~{}", self.from, self.to)
        }
    }
}

/// The months the data covers, and the last day it speaks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Sorted, disjoint, never adjacent.
    pub ranges: Vec<MonthRange>,
    /// The latest of the statements' last payments and stated period ends: after this
    /// day the data says nothing (a subscription charge due later is not missing).
    pub ends_on: Option<NaiveDate>,
}

impl Coverage {
    /// What one statement covers: the span of its payments and of the period it states;
    /// nothing when it holds no payment and states no period.
    pub fn of_file(import: &FileImport) -> Coverage {
        let stated = import.period.into_iter().flat_map(|(from, to)| [from, to]);
        // The reading kept the first and last payment; an import made otherwise (with
        // transactions but neither) is read for them.
        let span = match (import.oldest, import.newest) {
            _ if import.transactions.is_empty() => None,
            (Some(first), Some(last)) => Some((first, last)),
            _ => {
                let times = || import.transactions.iter().map(|t| t.at());
                times().min().zip(times().max())
            }
        };
        Coverage::of_dates(
            span.into_iter()
                .flat_map(|(first, last)| [first.date(), last.date()])
                .chain(stated),
        )
    }

    /// The span of the given payment dates, first month to last (a ledger written before
    /// coverage was kept: its statements covered the months between its payments).
    pub fn of_dates(dates: impl Iterator<Item = NaiveDate>) -> Coverage {
        let span = dates.fold(None, |span: Option<(NaiveDate, NaiveDate)>, d| {
            Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
        });
        let mut c = Coverage::default();
        if let Some((first, last)) = span {
            c.add(
                MonthRange {
                    from: Month::of(first),
                    to: Month::of(last),
                },
                last,
            );
        }
        c
    }

    pub fn add(&mut self, range: MonthRange, ends_on: NaiveDate) {
        self.ends_on = Some(self.ends_on.map_or(ends_on, |e| e.max(ends_on)));
        self.ranges.push(range);
        self.ranges.sort();
        let mut merged: Vec<MonthRange> = Vec::with_capacity(self.ranges.len());
        for r in self.ranges.drain(..) {
            match merged.last_mut() {
                Some(last) if r.from.index() <= last.to.index() + 1 => {
                    last.to = last.to.max(r.to);
                }
                _ => merged.push(r),
            }
        }
        self.ranges = merged;
    }

    /// The union of two coverages.
    pub fn join(&mut self, other: &Coverage) {
        for r in &other.ranges {
            self.add(*r, other.ends_on.unwrap_or(r.to.first_day()));
        }
    }

    pub fn covers(&self, m: Month) -> bool {
        let i = self.ranges.partition_point(|r| r.to < m);
        self.ranges.get(i).is_some_and(|r| r.from <= m)
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Every covered month, in order.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        self.ranges.iter().flat_map(|r| r.months())
    }

    /// The months between the first and the last covered month that no statement covers.
    pub fn gaps(&self) -> Vec<MonthRange> {
        self.ranges
            .windows(2)
            .map(|w| MonthRange {
                from: w[0].to.plus(1),
                to: w[1].from.plus(-1),
            })
            .collect()
    }

    /// The months of `range` no statement covers, as ranges.
    pub fn missing_in(&self, range: MonthRange) -> Vec<MonthRange> {
        let mut out: Vec<MonthRange> = Vec::new();
        for m in range.months().filter(|m| !self.covers(*m)) {
            match out.last_mut() {
                Some(last) if last.to.plus(1) == m => last.to = m,
                _ => out.push(MonthRange { from: m, to: m }),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn r(a: &str, b: &str) -> MonthRange {
        MonthRange {
            from: m(a),
            to: m(b),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_merge_when_they_touch_and_gaps_are_named() {
        let mut c = Coverage::default();
        c.add(r("2025-05", "2025-06"), d("2025-06-30"));
        c.add(r("2024-09", "2025-02"), d("2025-02-20"));
        c.add(r("2024-12", "2025-03"), d("2025-03-10"));
        assert_eq!(c.ranges, [r("2024-09", "2025-03"), r("2025-05", "2025-06")]);
        assert_eq!(c.gaps(), [r("2025-04", "2025-04")]);
        assert_eq!(c.ends_on, Some(d("2025-06-30")));
        assert!(c.covers(m("2025-03")) && !c.covers(m("2025-04")) && c.covers(m("2025-05")));
        assert!(!c.covers(m("2024-08")) && !c.covers(m("2025-07")));
        assert_eq!(
            c.missing_in(r("2025-02", "2025-08")),
            [r("2025-04", "2025-04"), r("2025-07", "2025-08")]
        );
        assert_eq!(c.months().count(), 9);
        assert_eq!(r("2025-03", "2025-05").shown(), "2025-03~2025-05");
        assert_eq!(r("2025-03", "2025-03").shown(), "2025-03");
    }

    #[test]
    fn a_file_covers_its_payments_widened_to_its_stated_period() {
        let mut import = soaek_import::import_bytes(
            "결제일시,가맹점명,결제금액\n2025-05-11 10:00,쿠팡,1000\n2025-05-20 10:00,쿠팡,1000\n"
                .as_bytes(),
            None,
        )
        .unwrap();
        assert_eq!(Coverage::of_file(&import).ranges, [r("2025-05", "2025-05")]);
        // An import that does not say its first and last payment is read for them.
        let unsaid = FileImport {
            oldest: None,
            newest: None,
            ..import.clone()
        };
        assert_eq!(Coverage::of_file(&unsaid), Coverage::of_file(&import));
        assert_eq!(Coverage::of_file(&unsaid).ends_on, Some(d("2025-05-20")));
        import.period = Some((d("2025-03-01"), d("2025-06-30")));
        let c = Coverage::of_file(&import);
        assert_eq!(c.ranges, [r("2025-03", "2025-06")]);
        assert_eq!(c.ends_on, Some(d("2025-06-30")));
        // No payment and no period: nothing is covered.
        import.period = None;
        import.transactions.clear();
        assert!(Coverage::of_file(&import).is_empty());
    }
}
