//! The two monthly caps a payment counts against (docs/RULES.md rule 10).

use serde::Serialize;

/// 휴대폰 소액결제 or 콘텐츠이용료: each has its own monthly limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendKind {
    /// 휴대폰 소액결제: goods and services paid by phone.
    Micropayment,
    /// 콘텐츠이용료: app stores and digital content billed by the carrier.
    Content,
}

impl SpendKind {
    /// Both caps, 소액결제 first: the order of every per-cap list and chart.
    pub const BOTH: [SpendKind; 2] = [SpendKind::Micropayment, SpendKind::Content];

    pub fn of(content: bool) -> SpendKind {
        if content {
            SpendKind::Content
        } else {
            SpendKind::Micropayment
        }
    }

    /// The position in [`SpendKind::BOTH`] (and in the per-cap arrays).
    pub fn index(self) -> usize {
        self as usize
    }
}
