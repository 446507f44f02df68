//! What a suspicious payment looks like and what to do about it.

use super::{cap, won as w, Lang};
use crate::analysis::alerts::rising::RISING_MIN;
use crate::analysis::alerts::{
    Alert, Kind, Severity, DUPLICATE_WINDOW_MIN, NEAR_LIMIT_PERCENT, NIGHT_END_HOUR,
};

/// The short name of an alert kind, for tables.
pub fn kind(k: Kind, lang: Lang) -> &'static str {
    match (k, lang) {
        (Kind::GiftCard, Lang::Ko) => "상품권·충전",
        (Kind::Night, Lang::Ko) => "새벽",
        (Kind::Burst, Lang::Ko) => "연속",
        (Kind::Duplicate, Lang::Ko) => "중복",
        (Kind::FirstSeenLarge, Lang::Ko) => "처음·고액",
        (Kind::Spike, Lang::Ko) => "급증",
        (Kind::Maxout, Lang::Ko) => "한도 임박",
        (Kind::Rising, Lang::Ko) => "빠른 증가",
        (Kind::GiftCard, Lang::En) => "gift card",
        (Kind::Night, Lang::En) => "night",
        (Kind::Burst, Lang::En) => "burst",
        (Kind::Duplicate, Lang::En) => "duplicate",
        (Kind::FirstSeenLarge, Lang::En) => "new & large",
        (Kind::Spike, Lang::En) => "spike",
        (Kind::Maxout, Lang::En) => "near limit",
        (Kind::Rising, Lang::En) => "rising fast",
    }
}

pub fn severity(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Low, Lang::Ko) => "낮음",
        (Severity::Medium, Lang::Ko) => "중간",
        (Severity::High, Lang::Ko) => "높음",
        (Severity::Low, Lang::En) => "low",
        (Severity::Medium, Lang::En) => "medium",
        (Severity::High, Lang::En) => "high",
    }
}

/// 새벽 as a span of the clock, `00:00~05:59`: the one definition the alerts use.
pub fn night_hours(lang: Lang) -> String {
    let last = NIGHT_END_HOUR - 1;
    match lang {
        Lang::Ko => format!("00:00~{last:02}:59"),
        Lang::En => format!("00:00–{last:02}:59"),
    }
}

/// What made the payment suspicious: `컬쳐랜드 50,000원: 새벽(00:00~05:59) 결제, ….`
pub fn reason(a: &Alert, lang: Lang) -> String {
    use std::fmt::Write;
    // One string, written piece by piece (a dense statement words hundreds of
    // thousands of alerts).
    let mut s = String::with_capacity(160);
    let _ = write!(s, "{} {}: ", a.merchant, w(a.amount));
    for (n, k) in a.kinds.iter().enumerate() {
        if n > 0 {
            s.push_str(super::tr(lang, ", ", "; "));
        }
        match (k, lang) {
            (Kind::GiftCard, Lang::Ko) => s.push_str("상품권·교통카드 충전처럼 현금화가 쉬워 사기범이 노리는 가맹점"),
            (Kind::Night, Lang::Ko) => {
                let _ = write!(s, "새벽({}) 결제", night_hours(lang));
            }
            (Kind::Burst, Lang::Ko) => s.push_str("짧은 시간에 몰린 연속 결제"),
            (Kind::Duplicate, Lang::Ko) => {
                let _ = write!(s, "같은 가맹점·같은 금액이 {DUPLICATE_WINDOW_MIN}분 안에 두 번 (이중 결제일 수 있음)");
            }
            (Kind::FirstSeenLarge, Lang::Ko) => {
                let _ = write!(s, "처음 보는 가맹점의 큰 금액 ({} 이상)", w(a.first_seen_threshold));
            }
            (Kind::Spike, Lang::Ko) => s.push_str("이 결제로 이번 달 사용액이 최근 3개월 평균의 2배를 넘음"),
            (Kind::Maxout, Lang::Ko) => {
                let _ = write!(s, "이 결제로 이번 달 {} 한도의 {NEAR_LIMIT_PERCENT}%에 도달", cap(a.cap, lang));
            }
            (Kind::Rising, Lang::Ko) => {
                let _ = write!(s, "이 결제로 이번 달 {} 결제가 최근 3개월 평균의 2배를 넘고 {} 이상으로 빠르게 늘어남", super::category(a.category, lang), w(RISING_MIN));
            }
            (Kind::GiftCard, Lang::En) => s.push_str("a gift-certificate or transit top-up merchant, easy to cash out and favoured by fraudsters"),
            (Kind::Night, Lang::En) => {
                let _ = write!(s, "paid at night ({})", night_hours(lang));
            }
            (Kind::Burst, Lang::En) => s.push_str("one of several payments in a few minutes"),
            (Kind::Duplicate, Lang::En) => {
                let _ = write!(s, "the same merchant and amount twice within {DUPLICATE_WINDOW_MIN} minutes (a possible double charge)");
            }
            (Kind::FirstSeenLarge, Lang::En) => {
                let _ = write!(s, "a large amount at a merchant never seen before (≥ {})", w(a.first_seen_threshold));
            }
            (Kind::Spike, Lang::En) => s.push_str("this payment took the month past twice its 3-month average"),
            (Kind::Maxout, Lang::En) => {
                let _ = write!(s, "this payment took this month's {} spend to {NEAR_LIMIT_PERCENT}% of its limit", alert_cap(a, lang));
            }
            (Kind::Rising, Lang::En) => {
                let _ = write!(s, "with this payment, this month's {} spending passed twice its 3-month average and {}: rising fast", super::category(a.category, lang).to_lowercase(), w(RISING_MIN));
            }
        }
    }
    s.push('.');
    if a.child_line {
        if let Some(note) = for_parent(a, lang) {
            s.push(' ');
            s += note;
        }
    }
    if a.cancelled {
        s += super::tr(
            lang,
            " 이 결제는 이미 취소되었습니다.",
            " This payment has been cancelled.",
        );
    }
    s
}

/// On a child's line, what a parent should know of a game or gift-card alert.
fn for_parent(a: &Alert, lang: Lang) -> Option<&'static str> {
    if a.kinds.contains(&Kind::GiftCard) {
        Some(super::tr(
            lang,
            "자녀 회선입니다. 아이가 \"상품권을 사서 번호를 보내 달라\"는 메시지(게임 아이템·선물·아르바이트를 미끼로 한 사기)를 받았는지 먼저 물어보세요. 번호를 보냈다면 바로 통신사와 상품권 발행처에 알리세요.",
            "This is a child's line. Ask first whether the child was told to buy gift certificates and send the numbers (a common scam baited with game items, gifts or part-time jobs). If numbers were sent, tell the carrier and the issuer at once.",
        ))
    } else if a.kinds.contains(&Kind::Rising) {
        Some(super::tr(
            lang,
            "자녀 회선입니다. 아이와 함께 무엇을 샀는지 이용내역을 보고, 앱마켓 결제 비밀번호와 자녀 보호 기능(구글 패밀리 링크, 스크린 타임)을 켜 두세요. 한도를 낮추는 것도 방법입니다.",
            "This is a child's line. Go through the history with the child, and turn on the app store's purchase password and parental controls (Google Family Link, Screen Time). Lowering the limit helps too.",
        ))
    } else {
        None
    }
}

/// The cap named in an English `maxout` (singular "app store" there).
fn alert_cap(a: &Alert, lang: Lang) -> &'static str {
    match a.cap {
        crate::analysis::kind::SpendKind::Content => "content (app store)",
        _ => cap(a.cap, lang),
    }
}

/// How many alerts of each severity: `높음 2건 · 중간 0건 · 낮음 5건`.
pub fn severity_counts(alerts: &[Alert], lang: Lang) -> String {
    let count = |v: Severity| super::count(alerts.iter().filter(|x| x.severity == v).count());
    let (high, medium, low) = (
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    );
    match lang {
        Lang::Ko => format!("높음 {high}건 · 중간 {medium}건 · 낮음 {low}건"),
        Lang::En => format!("{high} high · {medium} medium · {low} low"),
    }
}

/// What to do, in the statement guides' terms: more steps the more severe.
pub fn actions(severity: Severity, lang: Lang) -> Vec<&'static str> {
    const ALL: [(&str, &str); 4] = [
        (
            "이용내역에서 본인이 한 결제인지 확인하세요",
            "Check the payment history (이용내역): did you make this payment?",
        ),
        (
            "본인이 하지 않았다면 114 또는 통신사 고객센터에 바로 신고하세요",
            "If you did not, call 114 or your carrier's customer centre at once",
        ),
        (
            "소액결제 차단(한도 0원)을 신청하세요",
            "Block micropayments (limit 0 won)",
        ),
        (
            "같은 달 안에 가맹점·PG사에 결제 취소를 요청하세요 (다음 달 청구 전이 쉽습니다)",
            "Ask the merchant or PG to cancel it within the same month (before it is billed)",
        ),
    ];
    let n = match severity {
        Severity::High => 4,
        Severity::Medium => 2,
        Severity::Low => 1,
    };
    ALL[..n]
        .iter()
        .map(|(ko, en)| super::tr(lang, ko, en))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::kind::SpendKind;

    fn night_gift_card(cancelled: bool) -> Alert {
        Alert {
            at: chrono::NaiveDate::from_ymd_opt(2025, 6, 14)
                .unwrap()
                .and_hms_opt(2, 41, 0)
                .unwrap(),
            merchant: "컬쳐랜드".into(),
            amount: 50_000,
            kinds: vec![Kind::GiftCard, Kind::Night],
            severity: Severity::High,
            cap: SpendKind::Micropayment,
            first_seen_threshold: 30_000,
            approval_no: None,
            cancelled,
            category: soaek_merchants::Category::GiftCard,
            child_line: false,
            line: None,
        }
    }

    #[test]
    fn severities_are_counted_in_words() {
        let low = Alert {
            severity: Severity::Low,
            ..night_gift_card(false)
        };
        let all = [night_gift_card(false), night_gift_card(true), low];
        assert_eq!(
            severity_counts(&all, Lang::Ko),
            "높음 2건 · 중간 0건 · 낮음 1건"
        );
        assert_eq!(severity_counts(&[], Lang::En), "0 high · 0 medium · 0 low");
    }

    #[test]
    fn on_a_child_line_game_and_gift_card_alerts_speak_to_the_parent() {
        let child = Alert {
            child_line: true,
            ..night_gift_card(false)
        };
        let said = reason(&child, Lang::Ko);
        assert!(said.contains("자녀 회선입니다. 아이가"), "{said}");
        let rising = Alert {
            kinds: vec![Kind::Rising],
            category: soaek_merchants::Category::Game,
            child_line: true,
            ..night_gift_card(false)
        };
        let said = reason(&rising, Lang::Ko);
        assert!(
            said.contains("이번 달 게임 결제가 최근 3개월 평균의 2배를 넘고 30,000원 이상으로"),
            "{said}"
        );
        assert!(said.contains("자녀 보호 기능"), "{said}");
        // Not on a parent's own line.
        assert!(!reason(&night_gift_card(false), Lang::Ko).contains("자녀"));
    }

    #[test]
    fn each_alert_says_what_and_what_to_do() {
        assert_eq!(
            reason(&night_gift_card(false), Lang::Ko),
            "컬쳐랜드 50,000원: 상품권·교통카드 충전처럼 현금화가 쉬워 사기범이 노리는 가맹점, 새벽(00:00~05:59) 결제."
        );
        assert!(
            reason(&night_gift_card(true), Lang::Ko).ends_with("이 결제는 이미 취소되었습니다.")
        );
        let all = actions(Severity::High, Lang::Ko).join(" / ");
        for want in ["이용내역", "114", "소액결제 차단", "같은 달 안에"] {
            assert!(all.contains(want), "{want} in {all}");
        }
        assert_eq!(actions(Severity::Low, Lang::En).len(), 1);
    }

    #[test]
    fn a_maxout_names_its_cap() {
        let a = Alert {
            kinds: vec![Kind::Maxout],
            cap: SpendKind::Content,
            ..night_gift_card(false)
        };
        assert!(reason(&a, Lang::Ko).contains("이번 달 콘텐츠이용료 한도의 95%에 도달"));
    }
}
