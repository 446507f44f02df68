//! The clean transaction every import produces, and the won money type.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

/// Whole Korean won. Amounts on statements are always whole won; figures that are
/// divided or rounded are computed with `rust_decimal` by the analysis and turned
/// back into `Won` only at the end.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Won(pub i64);

impl Won {
    /// `12,300` (thousands separators, no unit).
    pub fn grouped(self) -> String {
        let digits = self.0.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            out.push('-');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }
}

impl fmt::Display for Won {
    /// `12,300원`, the way Korean statements show money.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}원", self.grouped())
    }
}

/// Text that many rows repeat (merchant, item, payment kind): stored once, shared, and
/// one pointer wide in each row.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<Box<str>>);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Arc::new(s.into()))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Arc::new(s.into_boxed_str()))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// The texts seen so far, each kept once: [`Texts::get`] gives the shared copy.
#[derive(Debug, Clone, Default)]
pub struct Texts(foldhash::HashSet<Text>);

impl Texts {
    /// `s` as a [`Text`], shared with every earlier call for the same text.
    pub fn get(&mut self, s: &str) -> Text {
        if let Some(shared) = self.0.get(s) {
            return shared.clone();
        }
        let shared = Text::from(s);
        self.0.insert(shared.clone());
        shared
    }
}

/// What a row on the statement is. Cancellations of every kind reduce spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 승인 / 결제 / 정상: a payment.
    Approved = 0,
    /// 취소 / 결제취소 / 승인취소, or a negative amount.
    Cancelled,
    /// 부분취소: part of an approval given back.
    PartiallyCancelled,
    /// 환불.
    Refunded,
}

impl Status {
    /// Every status, each at its number.
    pub const ALL: [Status; 4] = [
        Status::Approved,
        Status::Cancelled,
        Status::PartiallyCancelled,
        Status::Refunded,
    ];

    pub fn is_cancellation(self) -> bool {
        !matches!(self, Status::Approved)
    }

    /// Stable id used in the ledger and the JSON.
    pub fn id(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::Cancelled => "cancelled",
            Status::PartiallyCancelled => "partially_cancelled",
            Status::Refunded => "refunded",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Some(match id {
            "approved" => Status::Approved,
            "cancelled" => Status::Cancelled,
            "partially_cancelled" => Status::PartiallyCancelled,
            "refunded" => Status::Refunded,
            _ => return None,
        })
    }

    /// The word a Korean statement uses.
    pub fn korean(self) -> &'static str {
        match self {
            Status::Approved => "승인",
            Status::Cancelled => "취소",
            Status::PartiallyCancelled => "부분취소",
            Status::Refunded => "환불",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::Cancelled => "cancelled",
            Status::PartiallyCancelled => "partly cancelled",
            Status::Refunded => "refunded",
        }
    }
}

/// What a statement says of how a row was paid, besides merchant and amount: its payment
/// kind, the cap it names and the phone line. A statement has few distinct ones, so rows
/// share each ([`Billings`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Billing {
    /// 결제유형 as written (일반결제, 월자동결제, …).
    pub pay_kind: Option<Text>,
    /// The statement says which cap bills it: `Some(true)` 콘텐츠이용료, `Some(false)`
    /// 휴대폰 소액결제, `None` when it does not say (then the merchant decides).
    pub content: Option<bool>,
    /// The phone line that paid (docs/RULES.md rule 12): a masked number such as
    /// `010-****-1234` or the name given at import; `None` when nobody said.
    pub line: Option<Text>,
}

/// A row's nothing-said [`Billing`], for rows that share none.
static NOT_SAID: Billing = Billing {
    pay_kind: None,
    content: None,
    line: None,
};

/// The billings seen so far, each kept once: [`Billings::get`] gives the shared copy.
#[derive(Debug, Clone, Default)]
pub struct Billings(foldhash::HashSet<Arc<Billing>>);

impl Billings {
    /// `billing` as rows keep it: shared with every earlier call for the same one, and
    /// `None` when it says nothing.
    pub fn get(&mut self, billing: Billing) -> Option<Arc<Billing>> {
        if billing == NOT_SAID {
            return None;
        }
        if let Some(shared) = self.0.get(&billing) {
            return Some(shared.clone());
        }
        let shared = Arc::new(billing);
        self.0.insert(shared.clone());
        Some(shared)
    }
}

/// When a row was approved, whether the statement gave its time, and its status, in 8
/// bytes: a [`Transaction`] holds one (through [`Transaction::at`],
/// [`Transaction::time_known`] and [`Transaction::status`]).
///
/// The time is kept to the millisecond, as the ledger stores it; finer is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    date: NaiveDate,
    /// The millisecond of the day (below [`Stamp::TIME_KNOWN`]), the time-known flag,
    /// and the status's place in [`Status::ALL`] (from [`Stamp::STATUS_SHIFT`] up).
    clock: u32,
}

impl Stamp {
    const TIME_KNOWN: u32 = 1 << 27;
    const STATUS_SHIFT: u32 = 28;

    /// `at` (a leap second counts as the second before it), with `time_known` and `status`.
    pub fn new(at: NaiveDateTime, time_known: bool, status: Status) -> Stamp {
        let ms = (at.nanosecond() / 1_000_000).min(999);
        Stamp {
            date: at.date(),
            clock: (at.num_seconds_from_midnight() * 1_000 + ms)
                | if time_known { Stamp::TIME_KNOWN } else { 0 }
                | (status as u32) << Stamp::STATUS_SHIFT,
        }
    }

    pub fn date(self) -> NaiveDate {
        self.date
    }

    fn millisecond_of_day(self) -> u32 {
        self.clock & (Stamp::TIME_KNOWN - 1)
    }

    pub fn at(self) -> NaiveDateTime {
        let ms = self.millisecond_of_day();
        let time =
            NaiveTime::from_num_seconds_from_midnight_opt(ms / 1_000, ms % 1_000 * 1_000_000);
        self.date.and_time(time.unwrap_or_default())
    }

    /// Orders as [`Stamp::at`] does, without making the time.
    pub fn cmp_time(self, other: Stamp) -> Ordering {
        (self.date, self.millisecond_of_day()).cmp(&(other.date, other.millisecond_of_day()))
    }

    pub fn time_known(self) -> bool {
        self.clock & Stamp::TIME_KNOWN != 0
    }

    pub fn status(self) -> Status {
        Status::ALL[(self.clock >> Stamp::STATUS_SHIFT) as usize & 3]
    }
}

/// One clean payment or cancellation, as read from one statement row.
///
/// Kept small (72 bytes, nothing else on the heap for typical rows): a million of them
/// must fit in memory several times over. Time and status are packed ([`Stamp`]);
/// merchant, item and billing repeat from row to row, so rows share each ([`Text`],
/// [`Billing`]); approval numbers are short and stored inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Approval time (local KST), whether the statement gave the time (else 00:00:00),
    /// and whether it is spent or given back.
    pub stamp: Stamp,
    /// Merchant as written on the statement (trimmed).
    pub merchant: Text,
    /// Item / product text, when the statement has one.
    pub item: Option<Text>,
    /// Always positive; the status says whether it is spent or given back.
    pub amount: Won,
    /// 승인번호 / 거래번호 / 주문번호.
    pub approval_no: Option<CompactString>,
    /// Payment kind, cap and line, shared with the rows that have the same; `None` when
    /// the statement says none of them ([`Transaction::billing`]).
    pub billing: Option<Arc<Billing>>,
    /// 1-based row in the source file, as a spreadsheet shows it.
    pub source_row: u32,
    /// How many identical rows (same time, merchant, amount and status, no approval
    /// number) came before this one in its file: what keeps two identical payments in
    /// one file two payments (docs/RULES.md rule 3). Set by the ledger's de-duplication.
    pub repeat: u32,
}

impl Transaction {
    /// A transaction with a known time and no item, approval number or payment kind.
    pub fn new(at: NaiveDateTime, merchant: &str, amount: i64, status: Status) -> Transaction {
        Transaction {
            stamp: Stamp::new(at, true, status),
            merchant: merchant.into(),
            item: None,
            amount: Won(amount),
            approval_no: None,
            billing: None,
            source_row: 0,
            repeat: 0,
        }
    }

    /// Approval time, local KST (00:00:00 when the statement gave only the date).
    pub fn at(&self) -> NaiveDateTime {
        self.stamp.at()
    }

    /// Approval date, local KST.
    pub fn date(&self) -> NaiveDate {
        self.stamp.date()
    }

    /// False when the statement gave only a date (the time is then 00:00:00).
    pub fn time_known(&self) -> bool {
        self.stamp.time_known()
    }

    pub fn status(&self) -> Status {
        self.stamp.status()
    }

    pub fn set_status(&mut self, status: Status) {
        self.stamp = Stamp::new(self.at(), self.time_known(), status);
    }

    /// Move the approval time (whether it was known stays).
    pub fn set_at(&mut self, at: NaiveDateTime) {
        self.stamp = Stamp::new(at, self.time_known(), self.status());
    }

    /// Payment kind, cap and line, as the statement gave them.
    pub fn billing(&self) -> &Billing {
        self.billing.as_deref().unwrap_or(&NOT_SAID)
    }

    /// Set payment kind, cap and line (not shared with other rows: see [`Billings`]).
    pub fn set_billing(&mut self, billing: Billing) {
        self.billing = (billing != NOT_SAID).then(|| Arc::new(billing));
    }

    /// 결제유형 as written (일반결제, 월자동결제, …).
    pub fn pay_kind(&self) -> Option<&str> {
        self.billing().pay_kind.as_deref()
    }

    /// The cap the statement names ([`Billing::content`]).
    pub fn content(&self) -> Option<bool> {
        self.billing().content
    }

    /// The phone line that paid ([`Billing::line`]).
    pub fn line(&self) -> Option<&str> {
        self.billing().line.as_deref()
    }

    /// Whether the statement marks this as an automatic monthly charge (월자동결제, 정기결제).
    pub fn is_auto_payment(&self) -> bool {
        self.pay_kind().is_some_and(|k| {
            crate::vocabulary::vocabulary()
                .pay_kind
                .automatic
                .iter()
                .any(|w| k.contains(w.as_str()))
        })
    }

    /// Signed effect on spend: approvals positive, cancellations negative.
    pub fn signed_amount(&self) -> i64 {
        if self.status().is_cancellation() {
            -self.amount.0
        } else {
            self.amount.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn won_is_shown_with_separators_and_unit() {
        assert_eq!(Won(12300).to_string(), "12,300원");
        assert_eq!(Won(0).to_string(), "0원");
        assert_eq!(Won(999).to_string(), "999원");
        assert_eq!(Won(1_000_000).to_string(), "1,000,000원");
        assert_eq!(Won(-3300).to_string(), "-3,300원");
    }

    #[test]
    fn a_transaction_stays_small() {
        assert_eq!(std::mem::size_of::<Transaction>(), 72);
        // Approval numbers of statements are stored inline, not on the heap.
        let no = CompactString::from("20250511142301123456");
        assert!(!no.is_heap_allocated());
    }

    #[test]
    fn a_stamp_gives_back_what_it_was_made_of_to_the_millisecond() {
        let day = chrono::NaiveDate::from_ymd_opt(1969, 12, 31).unwrap();
        let at = |h, m, s, ms| day.and_hms_milli_opt(h, m, s, ms).unwrap();
        for status in Status::ALL {
            for known in [true, false] {
                for t in [at(0, 0, 0, 0), at(23, 59, 59, 999), at(14, 23, 1, 500)] {
                    let stamp = Stamp::new(t, known, status);
                    assert_eq!((stamp.at(), stamp.date()), (t, day));
                    assert_eq!((stamp.time_known(), stamp.status()), (known, status));
                }
            }
        }
        // Finer than a millisecond is dropped (the ledger keeps milliseconds); a leap
        // second is the second before it.
        let fine = day.and_hms_nano_opt(8, 0, 0, 123_456_789).unwrap();
        assert_eq!(
            Stamp::new(fine, true, Status::Approved).at(),
            at(8, 0, 0, 123)
        );
        let leap = day.and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert_eq!(
            Stamp::new(leap, true, Status::Approved).at(),
            at(23, 59, 59, 999)
        );
        // Time order looks at the time alone.
        let (early, late) = (at(9, 0, 0, 1), at(9, 0, 0, 2));
        let a = Stamp::new(early, false, Status::Refunded);
        let b = Stamp::new(late, true, Status::Approved);
        assert_eq!(a.cmp_time(b), Ordering::Less);
        assert_eq!(
            a.cmp_time(Stamp::new(early, true, Status::Approved)),
            Ordering::Equal
        );
        let mut t = Transaction::new(late, "멜론", 10_900, Status::Approved);
        t.set_status(Status::Cancelled);
        t.set_at(early);
        assert_eq!(
            (t.at(), t.status(), t.time_known()),
            (early, Status::Cancelled, true)
        );
    }

    #[test]
    fn billings_are_shared_and_saying_nothing_is_none() {
        let mut billings = Billings::default();
        assert_eq!(billings.get(Billing::default()), None);
        let kind = |k: &str| Billing {
            pay_kind: Some(k.into()),
            ..Billing::default()
        };
        let auto = billings.get(kind("월자동결제")).unwrap();
        let again = billings.get(kind("월자동결제")).unwrap();
        let once = billings.get(kind("일반결제")).unwrap();
        assert!(Arc::ptr_eq(&auto, &again) && !Arc::ptr_eq(&auto, &once));
        let at = chrono::NaiveDate::from_ymd_opt(2025, 5, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut t = Transaction::new(at, "멜론", 10_900, Status::Approved);
        assert_eq!((t.pay_kind(), t.content(), t.line()), (None, None, None));
        t.set_billing(Billing {
            content: Some(true),
            line: Some("민준".into()),
            ..Billing::default()
        });
        assert_eq!(
            (t.pay_kind(), t.content(), t.line()),
            (None, Some(true), Some("민준"))
        );
        t.set_billing(Billing::default());
        assert!(t.billing.is_none());
    }

    #[test]
    fn texts_are_shared_not_copied() {
        let mut texts = Texts::default();
        let (a, b, c) = (texts.get("쿠팡"), texts.get("쿠팡"), texts.get("멜론"));
        assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
        assert!(!std::ptr::eq(a.as_ptr(), c.as_ptr()));
        assert_eq!((&*a, &*c), ("쿠팡", "멜론"));
    }

    #[test]
    fn status_ids_round_trip() {
        for s in [
            Status::Approved,
            Status::Cancelled,
            Status::PartiallyCancelled,
            Status::Refunded,
        ] {
            assert_eq!(Status::from_id(s.id()), Some(s));
        }
        assert_eq!(Status::from_id("x"), None);
    }
}
