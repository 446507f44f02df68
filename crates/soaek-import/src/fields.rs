//! Parsers for single cells: dates, times, amounts and status words, in every form the
//! spec lists. Pure functions on `&str`, no allocation on the hot path.

use crate::model::Status;
use crate::vocabulary::{vocabulary, StatusId};
use chrono::{NaiveDate, NaiveTime};

/// Characters a date/time cell may hold besides digits: separators, Korean units,
/// weekday markers such as `(월)`, and 오전/오후 / AM/PM.
fn allowed_in_datetime(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '-' | '.'
                | '/'
                | ':'
                | '('
                | ')'
                | '['
                | ']'
                | 'T'
                | 'Z'
                | 'A'
                | 'P'
                | 'M'
                | 'a'
                | 'p'
                | 'm'
                | '년'
                | '월'
                | '일'
                | '시'
                | '분'
                | '초'
                | '화'
                | '수'
                | '목'
                | '금'
                | '토'
                | '오'
                | '전'
                | '후'
        )
}

/// 오전 → Some(false), 오후 → Some(true); also AM/PM in any case.
fn meridiem(s: &str) -> Option<bool> {
    // Most cells are ASCII digits and separators: no 오전/오후, no a or p.
    if s.bytes()
        .all(|b| b.is_ascii() && !matches!(b | 0x20, b'a' | b'p'))
    {
        return None;
    }
    if s.contains("오후") {
        return Some(true);
    }
    if s.contains("오전") {
        return Some(false);
    }
    let has = |pat: &str| {
        s.as_bytes()
            .windows(2)
            .any(|w| w.eq_ignore_ascii_case(pat.as_bytes()))
    };
    if has("pm") {
        Some(true)
    } else if has("am") {
        Some(false)
    } else {
        None
    }
}

/// Runs of ASCII digits in `s`, as (value, number of digits). At most 8 runs are kept;
/// `None` when there are more, or a run is too long to be a date part.
fn digit_runs(s: &str) -> Option<([(u64, usize); 8], usize)> {
    let mut runs = [(0u64, 0usize); 8];
    let mut n = 0;
    let mut cur: Option<(u64, usize)> = None;
    for b in s.bytes().chain(std::iter::once(b' ')) {
        if b.is_ascii_digit() {
            let (v, len) = cur.unwrap_or((0, 0));
            if len >= 14 {
                return None;
            }
            cur = Some((v * 10 + u64::from(b - b'0'), len + 1));
        } else if let Some(run) = cur.take() {
            if n == runs.len() {
                return None;
            }
            runs[n] = run;
            n += 1;
        }
    }
    Some((runs, n))
}

fn make_time(h: u64, m: u64, s: u64, pm: Option<bool>) -> Option<NaiveTime> {
    let h = match pm {
        Some(true) if (1..=11).contains(&h) => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    NaiveTime::from_hms_opt(
        u32::try_from(h).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(s).ok()?,
    )
}

/// Time from digit runs: `[hhmmss]`, `[hhmm]`, `[h, m]`, `[h, m, s]` or `[h, m, s, fraction]`.
fn time_from_runs(runs: &[(u64, usize)], pm: Option<bool>) -> Option<NaiveTime> {
    match runs {
        [(v, 6)] => make_time(v / 10000, v / 100 % 100, v % 100, pm),
        [(v, 4)] => make_time(v / 100, v % 100, 0, pm),
        [(h, 1..=2), (m, 1..=2)] => make_time(*h, *m, 0, pm),
        [(h, 1..=2), (m, 1..=2), (s, 1..=2)] | [(h, 1..=2), (m, 1..=2), (s, 1..=2), (_, 1..=9)] => {
            make_time(*h, *m, *s, pm)
        }
        _ => None,
    }
}

fn make_date(y: u64, m: u64, d: u64) -> Option<NaiveDate> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// `s.trim()`, without decoding a character at an end that is plainly no white space:
/// a visible ASCII character, or one of the three-byte characters U+A000–U+DFFF (Hangul
/// syllables among them), where Unicode has no white space.
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b.len();
    let lead = |c: u8| (0xEA..=0xED).contains(&c);
    let start = b.first().is_some_and(|&c| c.is_ascii_graphic() || lead(c));
    let end = b.last().is_some_and(u8::is_ascii_graphic) || (n >= 3 && lead(b[n - 3]));
    if start && end {
        s
    } else {
        s.trim()
    }
}

/// A date with an optional time: `2025-05-11 14:23:01`, `2025.05.11`, `2025/05/11 14:23`,
/// `20250511`, `25-05-11`, `2025년 5월 11일`, `2025.05.11(일) 오후 2:23`, `2025-05-11T14:23:01`.
pub fn parse_datetime(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let s = trim(s);
    plain_datetime(s.as_bytes()).unwrap_or_else(|| searched_datetime(s))
}

/// [`parse_datetime`] of a trimmed cell, by the digit runs in it.
fn searched_datetime(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    if s.is_empty() || s.len() > 64 || !s.chars().all(allowed_in_datetime) {
        return None;
    }
    // `-2025-05-11` or `-5` is no date: a sign or separator never starts one.
    if s.starts_with(['-', '.', '/', ':', '(']) {
        return None;
    }
    let pm = meridiem(s);
    let (runs, n) = digit_runs(s)?;
    let runs = &runs[..n];
    let (date, rest) = match runs {
        [(v, 14), rest @ ..] => {
            let date = make_date(
                v / 10_000_000_000,
                v / 100_000_000 % 100,
                v / 1_000_000 % 100,
            )?;
            let t = v % 1_000_000;
            if !rest.is_empty() {
                return None;
            }
            return Some((
                date,
                Some(make_time(t / 10000, t / 100 % 100, t % 100, pm)?),
            ));
        }
        [(v, 12), rest @ ..] => {
            let date = make_date(v / 100_000_000, v / 1_000_000 % 100, v / 10_000 % 100)?;
            let t = v % 10_000;
            if !rest.is_empty() {
                return None;
            }
            return Some((date, Some(make_time(t / 100, t % 100, 0, pm)?)));
        }
        [(v, 8), rest @ ..] => (make_date(v / 10000, v / 100 % 100, v % 100)?, rest),
        [(y, 4), (m, 1..=2), (d, 1..=2), rest @ ..] => (make_date(*y, *m, *d)?, rest),
        [(y, 2), (m, 1..=2), (d, 1..=2), rest @ ..] => (make_date(2000 + y, *m, *d)?, rest),
        _ => return None,
    };
    if rest.is_empty() {
        if pm.is_some() {
            return None;
        }
        return Some((date, None));
    }
    Some((date, Some(time_from_runs(rest, pm)?)))
}

/// The usual writing, `2025-05-11 14:23:01` (date parts apart by `-`, `.` or `/`, the
/// time by a space or `T`), read as [`parse_datetime`] reads it, without its search for
/// digits and 오전/오후: `None` when `s` is not written so.
fn plain_datetime(s: &[u8]) -> Option<Option<(NaiveDate, Option<NaiveTime>)>> {
    let &[y0, y1, y2, y3, s1, m0, m1, s2, d0, d1, s3, h0, h1, b':', n0, n1, b':', c0, c1] = s
    else {
        return None;
    };
    let date_sep = |b: u8| matches!(b, b'-' | b'.' | b'/');
    if !(date_sep(s1) && date_sep(s2) && matches!(s3, b' ' | b'T')) {
        return None;
    }
    let mut value = [0u64; 6];
    for (v, digits) in value.iter_mut().zip([
        &[y0, y1, y2, y3][..],
        &[m0, m1],
        &[d0, d1],
        &[h0, h1],
        &[n0, n1],
        &[c0, c1],
    ]) {
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            *v = *v * 10 + u64::from(b - b'0');
        }
    }
    let [y, m, d, h, n, c] = value;
    Some(make_date(y, m, d).and_then(|date| Some((date, Some(make_time(h, n, c, None)?)))))
}

/// A time cell on its own: `14:23:01`, `14:23`, `142301`, `오후 2:23`, `2:23 PM`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 || !s.chars().all(allowed_in_datetime) {
        return None;
    }
    let (runs, n) = digit_runs(s)?;
    time_from_runs(&runs[..n], meridiem(s))
}

/// A period a statement states in a title or note line: `조회기간: 2025-05-01 ~
/// 2025-06-30`, `이용기간 2025.01.01∼2025.06.30`, `2025년 1월 1일 ~ 2025년 6월 30일`,
/// `2025-01-01 부터 2025-06-30 까지`. The first and last day, in order.
pub fn parse_period(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    if s.len() > 200 {
        return None;
    }
    let (left, right) = ['~', '∼', '～', '〜']
        .iter()
        .find_map(|sep| s.split_once(*sep))
        .or_else(|| s.split_once("부터"))
        .or_else(|| s.split_once(" - "))?;
    // The left date runs from its first digit; the right one up to its last.
    let left = &left[left.find(|c: char| c.is_ascii_digit())?..];
    let right = right.trim_start();
    let end = right.rfind(|c: char| c.is_ascii_digit())?;
    let right = &right[..end + right[end..].chars().next()?.len_utf8()];
    // `2025년 6월 30일`: the day word after the last digit.
    let day_word = |t: &str| {
        let rest = t.trim_end();
        if rest.ends_with(|c: char| c.is_ascii_digit()) && t.contains('년') {
            format!("{rest}일")
        } else {
            rest.to_string()
        }
    };
    let date = |t: &str| parse_datetime(&day_word(t.trim())).map(|(d, _)| d);
    let (from, to) = (date(left)?, date(right)?);
    (from <= to).then_some((from, to))
}

/// Which cap a billing or payment-kind cell names: `Some(true)` for 콘텐츠이용료
/// (콘텐츠, 정보이용료, app stores' "content"), `Some(false)` for 휴대폰 소액결제
/// (소액결제, 휴대폰결제, 일반결제 of a phone-payment statement says nothing), `None` when
/// it names neither.
pub fn billed_as_content(s: &str) -> Option<bool> {
    if s.is_empty() {
        return None;
    }
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let billing = &vocabulary().billing;
    if billing.content.iter().any(|w| t.contains(w.as_str())) {
        Some(true)
    } else if billing.micropayment.iter().any(|w| t.contains(w.as_str())) {
        Some(false)
    } else {
        None
    }
}

/// Why an amount cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Bad,
    TooLarge,
    NotWhole,
}

/// The largest amount one row may hold. Each carrier cap is at most 1,000,000원 a
/// month by law, so a single payment of more than ten times that is a misread cell (or
/// a crafted one), never a phone payment; it is an error naming the row.
pub const MAX_AMOUNT: i64 = 10_000_000;

/// Currency marks may stand on either side of the sign, once each: `₩` or `KRW` before
/// the digits, `원` or `KRW` after them.
fn strip_marks(t: &str) -> &str {
    let mut t = trim(t);
    for code in ["KRW", "krw"] {
        if let Some(rest) = t.strip_prefix(code).or_else(|| t.strip_suffix(code)) {
            t = trim(rest);
        }
    }
    t = t.strip_prefix(['₩', '￦']).unwrap_or(t).trim_start();
    t.strip_suffix('원').unwrap_or(t).trim_end()
}

/// Signed whole won from `12000`, `12,000`, `"12,000원"`, `₩12,000`, `-3,300`, `(3,300)`,
/// `12,000.00`, `KRW 12000`, `− 3,300`.
pub fn parse_amount(s: &str) -> Result<i64, AmountError> {
    let mut t = trim(s);
    // The usual writing (`21300`, `21,300`): digits and commas between digits, no mark,
    // sign or fraction to look for.
    let plain = t.as_bytes();
    if plain.first().is_some_and(u8::is_ascii_digit)
        && plain.last().is_some_and(u8::is_ascii_digit)
        && plain.iter().all(|&b| b.is_ascii_digit() || b == b',')
    {
        return whole_won(plain, false);
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    t = strip_marks(t);
    if let Some(rest) = t.strip_prefix(['-', '−', '–']) {
        negative = !negative;
        t = strip_marks(rest);
    } else if let Some(rest) = t.strip_prefix('+') {
        t = strip_marks(rest);
    }
    let (int_part, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::Bad);
        }
        if f.bytes().any(|b| b != b'0') {
            return Err(AmountError::NotWhole);
        }
    }
    let bytes = int_part.as_bytes();
    if bytes.is_empty() || bytes[0] == b',' || bytes[bytes.len() - 1] == b',' {
        return Err(AmountError::Bad);
    }
    whole_won(bytes, negative)
}

/// Digits with single commas between them as whole won, at most [`MAX_AMOUNT`].
fn whole_won(bytes: &[u8], negative: bool) -> Result<i64, AmountError> {
    let mut value: i64 = 0;
    let mut prev_comma = false;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(b - b'0')))
                    .ok_or(AmountError::TooLarge)?;
                prev_comma = false;
            }
            b',' if !prev_comma => prev_comma = true,
            _ => return Err(AmountError::Bad),
        }
    }
    if value > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(if negative { -value } else { value })
}

/// A number cell from a workbook as whole won.
pub fn amount_from_f64(v: f64) -> Result<i64, AmountError> {
    if !v.is_finite() {
        return Err(AmountError::Bad);
    }
    if v.fract() != 0.0 {
        return Err(AmountError::NotWhole);
    }
    if v.abs() > MAX_AMOUNT as f64 {
        return Err(AmountError::TooLarge);
    }
    Ok(v as i64)
}

/// What a status cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusWord {
    Is(Status),
    /// 실패 / 거절: the payment did not happen; the row is skipped, not counted.
    Failed,
    /// Empty cell: an approval, unless the amount is negative.
    Blank,
}

/// 승인, 결제완료, 정상 → approved; 취소, 결제취소, 승인취소 → cancelled; 부분취소;
/// 환불; 결제실패 → failed. English words too (`vocabulary.toml` `[status]`). `None`
/// for anything else.
pub fn parse_status(s: &str) -> Option<StatusWord> {
    let s = trim(s);
    let words = &vocabulary().status;
    // The words nearly every statement uses, without building the lowercase copy.
    match words.exact.iter().find(|(w, _)| w == s) {
        Some((_, id)) => Some(word_of(*id)),
        None => status_by_words(s),
    }
}

/// [`parse_status`] by the words the cell contains, in any case and spacing.
fn status_by_words(s: &str) -> Option<StatusWord> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if t.is_empty() || t == "-" {
        return Some(StatusWord::Blank);
    }
    vocabulary()
        .status
        .by_words()
        .into_iter()
        .find(|(_, list)| list.iter().any(|w| t.contains(w.as_str())))
        .map(|(id, _)| word_of(id))
}

fn word_of(id: StatusId) -> StatusWord {
    id.status().map_or(StatusWord::Failed, StatusWord::Is)
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_is_str_trim() {
        let ends = [
            "", " ", "\u{3000}", "\u{a0}", "\t", "\u{2003}", "가", "a", "₩", "원", "\u{feff}", "-",
            "\u{85}", "\u{1680}", "\u{205f}",
        ];
        for a in ends {
            for mid in ["", "1,000", "쿠팡", " ", "\u{3000}"] {
                for b in ends {
                    let s = format!("{a}{mid}{b}");
                    assert_eq!(super::trim(&s), s.trim(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn the_usual_writing_reads_as_the_search_reads_it() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut plain = 0;
        for _ in 0..20_000 {
            // Near-valid values: month 13, 30 February, hour 24, the year 1989 or 2101.
            let s = format!(
                "{}{}{:02}{}{:02}{}{:02}:{:02}:{:02}",
                [1989, 1990, 2024, 2025, 2100, 2101][next(6) as usize],
                ["-", ".", "/", "-"][next(4) as usize],
                next(14),
                ["-", ".", "/", "-"][next(4) as usize],
                next(33),
                [" ", "T"][next(2) as usize],
                next(26),
                next(61),
                next(62),
            );
            let fast = super::plain_datetime(s.as_bytes());
            assert_eq!(fast, Some(super::searched_datetime(&s)), "{s}");
            plain += usize::from(fast.flatten().is_some());
        }
        // Most are real times, and some are not.
        assert!((5_000..20_000).contains(&plain), "{plain}");
        for other in [
            "2025-05-11",
            "2025-05-11 14:23",
            "25-05-11 14:23:01",
            "2025-05-11 2:23:01 PM",
        ] {
            assert_eq!(super::plain_datetime(other.as_bytes()), None, "{other}");
        }
    }

    use super::*;

    fn dt(s: &str) -> Option<String> {
        parse_datetime(s).map(|(d, t)| match t {
            Some(t) => format!("{d} {t}"),
            None => d.to_string(),
        })
    }

    #[test]
    fn dates_in_every_spec_form() {
        assert_eq!(
            dt("2025-05-11 14:23:01").as_deref(),
            Some("2025-05-11 14:23:01")
        );
        assert_eq!(dt("2025.05.11").as_deref(), Some("2025-05-11"));
        assert_eq!(
            dt("2025/05/11 14:23").as_deref(),
            Some("2025-05-11 14:23:00")
        );
        assert_eq!(dt("20250511").as_deref(), Some("2025-05-11"));
        assert_eq!(dt("25-05-11").as_deref(), Some("2025-05-11"));
        assert_eq!(dt("2025년 5월 11일").as_deref(), Some("2025-05-11"));
        assert_eq!(
            dt("2025년 5월 11일 오후 2시 3분").as_deref(),
            Some("2025-05-11 14:03:00")
        );
        assert_eq!(
            dt("2025-05-11 오후 2:23:01").as_deref(),
            Some("2025-05-11 14:23:01")
        );
        assert_eq!(
            dt("2025-05-11 오전 12:05").as_deref(),
            Some("2025-05-11 00:05:00")
        );
        assert_eq!(
            dt("2025-05-11 오후 12:05").as_deref(),
            Some("2025-05-11 12:05:00")
        );
        assert_eq!(
            dt("2025.05.11(일) 09:10").as_deref(),
            Some("2025-05-11 09:10:00")
        );
        assert_eq!(
            dt("2025. 5. 11. 오전 9:10:11").as_deref(),
            Some("2025-05-11 09:10:11")
        );
        assert_eq!(
            dt("2025-05-11T14:23:01").as_deref(),
            Some("2025-05-11 14:23:01")
        );
        assert_eq!(
            dt("2025-05-11 14:23:01.000").as_deref(),
            Some("2025-05-11 14:23:01")
        );
        assert_eq!(dt("20250511142301").as_deref(), Some("2025-05-11 14:23:01"));
        assert_eq!(dt("202505111423").as_deref(), Some("2025-05-11 14:23:00"));
        assert_eq!(
            dt("20250511 142301").as_deref(),
            Some("2025-05-11 14:23:01")
        );
        assert_eq!(
            dt("5/11/2025 2:23 PM"),
            None,
            "month-first US dates are not guessed"
        );
    }

    #[test]
    fn billing_words_name_a_cap() {
        for (text, want) in [
            ("콘텐츠이용료", Some(true)),
            ("컨텐츠 이용료", Some(true)),
            ("정보이용료", Some(true)),
            ("휴대폰 소액결제", Some(false)),
            ("휴대폰결제", Some(false)),
            ("일반결제", None),
            ("월자동결제", None),
            ("", None),
        ] {
            assert_eq!(billed_as_content(text), want, "{text}");
        }
    }

    #[test]
    fn periods_in_title_lines() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (text, from, to) in [
            (
                "조회기간: 2025-05-01 ~ 2025-06-30",
                "2025-05-01",
                "2025-06-30",
            ),
            ("이용기간 2025.01.01∼2025.06.30", "2025-01-01", "2025-06-30"),
            (
                "2025.01.01 ~ 2025.06.30 이용내역",
                "2025-01-01",
                "2025-06-30",
            ),
            (
                "2025년 1월 1일 ~ 2025년 6월 30일",
                "2025-01-01",
                "2025-06-30",
            ),
            (
                "2025-01-01 부터 2025-06-30 까지",
                "2025-01-01",
                "2025-06-30",
            ),
            ("기간 2025/03/01 - 2025/03/31", "2025-03-01", "2025-03-31"),
            ("조회기간 : 20250101～20250630", "2025-01-01", "2025-06-30"),
        ] {
            assert_eq!(parse_period(text), Some((d(from), d(to))), "{text}");
        }
        for text in [
            "KT 휴대폰 소액결제 이용내역",
            "2025-06-30 ~ 2025-01-01",
            "가격 1,000 ~ 2,000원",
            "2025-05-11 14:23:01",
        ] {
            assert_eq!(parse_period(text), None, "{text}");
        }
    }

    #[test]
    fn bad_dates_are_rejected() {
        for s in [
            "",
            "합계",
            "2025-13-01",
            "2025-02-30",
            "12,000",
            "2025-05-11 25:00",
            "1234",
            "abc",
            "2025-05-11 14:61",
        ] {
            assert_eq!(parse_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn times_alone() {
        let t = |s| parse_time(s).map(|t| t.to_string());
        assert_eq!(t("14:23:01").as_deref(), Some("14:23:01"));
        assert_eq!(t("14:23").as_deref(), Some("14:23:00"));
        assert_eq!(t("142301").as_deref(), Some("14:23:01"));
        assert_eq!(t("오후 2:23").as_deref(), Some("14:23:00"));
        assert_eq!(t("2:23:09 PM").as_deref(), Some("14:23:09"));
        assert_eq!(t("오전 12:30").as_deref(), Some("00:30:00"));
        assert_eq!(t("24:00"), None);
        assert_eq!(t("x"), None);
    }

    #[test]
    fn amounts_in_every_spec_form() {
        assert_eq!(parse_amount("12000"), Ok(12000));
        assert_eq!(parse_amount("12,000"), Ok(12000));
        assert_eq!(parse_amount("12,000원"), Ok(12000));
        assert_eq!(parse_amount(" ₩12,000 "), Ok(12000));
        assert_eq!(parse_amount("-3,300"), Ok(-3300));
        assert_eq!(parse_amount("(3,300)"), Ok(-3300));
        assert_eq!(parse_amount("-3,300원"), Ok(-3300));
        assert_eq!(parse_amount("₩-3,300"), Ok(-3300));
        assert_eq!(parse_amount("KRW 4,500"), Ok(4500));
        assert_eq!(parse_amount("12000.00"), Ok(12000));
        assert_eq!(parse_amount("+500"), Ok(500));
        assert_eq!(parse_amount("12000.5"), Err(AmountError::NotWhole));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("10,000,000"), Ok(MAX_AMOUNT));
        assert_eq!(parse_amount("10,000,001"), Err(AmountError::TooLarge));
        assert_eq!(
            parse_amount("9,223,372,036,854,775,807"),
            Err(AmountError::TooLarge)
        );
        for bad in [
            "",
            "원",
            "12a00",
            ",100",
            "100,",
            "1,,000",
            "--5",
            "1.2.3",
            "12,000원원",
            "₩₩500",
        ] {
            assert_eq!(parse_amount(bad), Err(AmountError::Bad), "{bad}");
        }
    }

    /// Digits and commas alone take the short way; written with a mark, the long way: the
    /// same answers, errors included.
    #[test]
    fn plain_amounts_read_as_marked_ones() {
        for plain in [
            "0",
            "7",
            "21300",
            "21,300",
            "1,2,3",
            "12,3",
            "1,,2",
            "10,000,000",
            "10,000,001",
            "99999999999999999999",
            "00100",
        ] {
            assert_eq!(
                parse_amount(plain),
                parse_amount(&format!("₩{plain}")),
                "{plain}"
            );
            assert_eq!(
                parse_amount(plain),
                parse_amount(&format!(" {plain}원 ")),
                "{plain}"
            );
        }
        assert_eq!(parse_amount("21,300"), Ok(21_300));
        assert_eq!(parse_amount("1,,2"), Err(AmountError::Bad));
        assert_eq!(parse_amount("10,000,001"), Err(AmountError::TooLarge));
    }

    #[test]
    fn amounts_from_numbers() {
        assert_eq!(amount_from_f64(12000.0), Ok(12000));
        assert_eq!(amount_from_f64(-3300.0), Ok(-3300));
        assert_eq!(amount_from_f64(0.5), Err(AmountError::NotWhole));
        assert_eq!(amount_from_f64(f64::NAN), Err(AmountError::Bad));
        assert_eq!(amount_from_f64(1e19), Err(AmountError::TooLarge));
        assert_eq!(amount_from_f64(10_000_001.0), Err(AmountError::TooLarge));
        assert_eq!(amount_from_f64(-10_000_000.0), Ok(-10_000_000));
    }

    #[test]
    fn status_words() {
        use Status::*;
        let s = |w| parse_status(w);
        assert_eq!(s("승인"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("결제완료"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("정상"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("취소"), Some(StatusWord::Is(Cancelled)));
        assert_eq!(s("결제취소"), Some(StatusWord::Is(Cancelled)));
        assert_eq!(s("승인취소"), Some(StatusWord::Is(Cancelled)));
        assert_eq!(s("부분취소"), Some(StatusWord::Is(PartiallyCancelled)));
        assert_eq!(s("환불"), Some(StatusWord::Is(Refunded)));
        assert_eq!(s("반품"), Some(StatusWord::Is(Refunded)));
        assert_eq!(s("매입"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("결제취소완료"), Some(StatusWord::Is(Cancelled)));
        assert_eq!(s("정상승인"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("Cancelled"), Some(StatusWord::Is(Cancelled)));
        assert_eq!(s("Approved"), Some(StatusWord::Is(Approved)));
        assert_eq!(s("결제실패"), Some(StatusWord::Failed));
        assert_eq!(s(""), Some(StatusWord::Blank));
        assert_eq!(s("보류"), None);
        assert_eq!(s(" - "), Some(StatusWord::Blank));
        // The shortcut for common cells says what reading their words says.
        for (w, id) in &vocabulary().status.exact {
            assert_eq!(status_by_words(w), Some(word_of(*id)), "{w}");
        }
    }
}
