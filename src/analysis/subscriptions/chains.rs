//! Chaining: each amount's charges joined into chains by cadence (allowing a skipped
//! period), and chains of one merchant joined across price changes into streams.

use super::cadence::{effective_day, Cadence, Frame};
use chrono::{Datelike, Duration, NaiveDate};
use foldhash::{HashMap, HashMapExt};

/// A charge that may belong to a stream.
#[derive(Debug, Clone)]
pub(super) struct Candidate<'a> {
    pub(super) entry: usize,
    /// Billed as 콘텐츠이용료.
    pub(super) content: bool,
    pub(super) date: NaiveDate,
    pub(super) amount: i64,
    pub(super) item: Option<&'a str>,
    pub(super) auto: bool,
}

/// A run of regular charges at one amount.
#[derive(Debug, Clone)]
pub(super) struct Chain {
    pub(super) cadence: Cadence,
    pub(super) frame: Frame,
    /// Indices into the merchant's candidates.
    pub(super) members: Vec<usize>,
    /// The amount of every member.
    pub(super) amount: i64,
    /// The days (from the common era) of the first and the last member.
    pub(super) first_day: i32,
    pub(super) last_day: i32,
    /// The slot of the last member.
    pub(super) last: i32,
    pub(super) skipped: u32,
    /// A member carrying the chain's usual item text, once the chain is complete.
    pub(super) item: Option<usize>,
}

impl Chain {
    pub(super) fn last_slot(&self) -> i32 {
        self.last
    }
}

/// How many members of a chain being built fall on each day of the month (31 = the
/// month's end), kept as members join so that re-anchoring costs the same for the 100th
/// as for the 2nd.
type DayCounts = [u16; 32];

/// A charge in its amount's bucket: its candidate and its day (days from the common
/// era), kept side by side so that chaining a bucket reads the bucket alone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dated {
    pub(super) i: usize,
    pub(super) day: i32,
}

impl Dated {
    pub(super) fn date(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.day).unwrap_or_default()
    }
}

/// Add member `i` (on `d`) at `slot` to `c`; a monthly chain re-anchors on the day most of its
/// charges fall on (a clear majority only: shifted or random days leave the anchor
/// where it is).
fn grow(c: &mut Chain, days: &mut DayCounts, i: usize, d: NaiveDate, slot: i32) {
    c.members.push(i);
    c.last = slot;
    c.last_day = d.num_days_from_ce();
    let day = &mut days[effective_day(d) as usize];
    *day = day.saturating_add(1);
    if let Frame::Monthly(current) = c.frame {
        let best = (1..32).max_by_key(|&d| (days[d], d == current as usize));
        if let Some(best) = best.filter(|&d| days[d] > days[current as usize]) {
            c.frame = Frame::Monthly(best as u32);
        }
    }
}

/// Chain the charges of one merchant at `amount` (`idx`, in time order) for `cadence`.
/// A chain that closes with one charge before `recent` is left out: a lone charge
/// matters only as a stream's newest price (see [`streams`]).
pub(super) fn chains(
    amount: i64,
    idx: &[Dated],
    cadence: Cadence,
    recent: NaiveDate,
) -> Vec<Chain> {
    let (first, last) = match (idx.first(), idx.last()) {
        (Some(f), Some(l)) => (f.day, l.day),
        _ => return Vec::new(),
    };
    let recent = recent.num_days_from_ce();
    // Far more charges than periods: not a stream (and would make chaining quadratic).
    let periods = i64::from(last - first) / cadence.period_days() + 1;
    if idx.len() as i64 > 3 * periods {
        return Vec::new();
    }
    let tol = cadence.tolerance() as i32;
    // Each open chain with the days its next charge may come on (steps 1 and 2) and
    // the last day it can still grow: worked out when it changes, not for every charge.
    let mut open: Vec<(Chain, Next, DayCounts)> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    // A chain of one charge from before `recent` is never part of a stream.
    let lone_and_old =
        |(c, due, _): &(Chain, Next, DayCounts)| c.members.len() == 1 && due.first < recent;
    for &charge in idx {
        let (i, day) = (charge.i, charge.day);
        let d = charge.date();
        // Close chains whose next charge could no longer come.
        done.extend(
            open.extract_if(.., |(_, due, _)| due.closes < day)
                .filter(|c| !lone_and_old(c))
                .map(|(c, ..)| c),
        );
        work::add(open.len());
        // The chain whose due day is within the tolerance, nearest first, then the
        // oldest. (Due days of one chain are further apart than twice the tolerance, so
        // a due day within it is the chain's nearest slot.)
        let best = open
            .iter()
            .enumerate()
            .filter_map(|(k, (_, due, _))| {
                due.days
                    .iter()
                    .enumerate()
                    .take(cadence.max_step() as usize)
                    .map(|(step, &x)| ((day - x).abs(), step as i32 + 1))
                    .find(|&(dist, _)| dist <= tol)
                    .map(|(dist, step)| (dist, k, step))
            })
            .min_by_key(|&(dist, k, _)| (dist, k));
        match best {
            Some((_, k, step)) => {
                let (c, due, days) = &mut open[k];
                let slot = c.last_slot() + step;
                c.skipped += (step - 1) as u32;
                grow(c, days, i, d, slot);
                *due = Next::of(c, tol, due.first);
            }
            None => {
                let frame = Frame::new(cadence, d);
                let mut days = [0; 32];
                days[effective_day(d) as usize] = 1;
                let c = Chain {
                    cadence,
                    frame,
                    members: vec![i],
                    amount,
                    first_day: day,
                    last_day: day,
                    // A frame made from `d` expects it on the day: its own period.
                    last: frame.period_of(d),
                    skipped: 0,
                    item: None,
                };
                let due = Next::of(&c, tol, day);
                open.push((c, due, days));
            }
        }
    }
    done.extend(
        open.into_iter()
            .filter(|c| !lone_and_old(c))
            .map(|(c, ..)| c),
    );
    done
}

/// When an open chain's next charge may come, as days from the common era.
struct Next {
    /// The expected days of the next two slots (the second only with a skipped period).
    days: [i32; 2],
    /// After this day no charge can join the chain.
    closes: i32,
    /// The day of the chain's first charge.
    first: i32,
}

impl Next {
    fn of(c: &Chain, tol: i32, first: i32) -> Next {
        let at = |step: i32| c.frame.expected(c.last_slot() + step).num_days_from_ce();
        let max = c.cadence.max_step();
        Next {
            days: [at(1), if max >= 2 { at(2) } else { at(1) }],
            closes: at(max) + tol,
            first,
        }
    }
}

/// A chain of one charge from before `recent`: never part of a stream.
fn lone_and_old(c: &Chain, cands: &[Candidate<'_>], recent: NaiveDate) -> bool {
    c.members.len() == 1 && cands[c.members[0]].date < recent
}

/// The most common item text of `members`, if any has one.
pub(super) fn usual_item<'a>(cands: &[Candidate<'a>], members: &[usize]) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &i in members {
        if let Some(item) = cands[i].item {
            match counts.iter_mut().find(|(s, _)| *s == item) {
                Some(c) => c.1 += 1,
                None => counts.push((item, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s)
}

/// One stream: chains joined across price changes.
#[derive(Debug, Clone)]
pub(super) struct Stream {
    pub(super) chains: Vec<Chain>,
}

impl Stream {
    pub(super) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.chains.iter().flat_map(|c| c.members.iter().copied())
    }
    pub(super) fn last(&self) -> &Chain {
        &self.chains[self.chains.len() - 1]
    }
}

/// Whether chain `b` continues stream `s` at a new price, `b` starting `step` periods
/// after the stream's last charge and `dist` days from that period's due day (the
/// caller found `b` by the due day: within the cadence's tolerance, its nearest).
fn continues(s: &Stream, b: &Chain, cands: &[Candidate<'_>], step: i32, dist: i64) -> bool {
    let a = s.last();
    let (pa, pb) = (a.amount, b.amount);
    let single = b.members.len() == 1;
    if (!single && a.cadence != b.cadence) || pa == pb || a.last_day >= b.first_day {
        return false;
    }
    // The cheap test first: a price change stays within half to double (a quarter
    // for a lone charge).
    let within = if single {
        pa * 4 <= pb * 5 && pb * 4 <= pa * 5
    } else {
        pa <= pb * 2 && pb <= pa * 2
    };
    let items_known = a.item.is_some_and(|i| cands[i].item.is_some())
        && b.item.is_some_and(|i| cands[i].item.is_some());
    if !(within || (single && items_known)) {
        return false;
    }
    if dist > a.cadence.tolerance() || !(1..=a.cadence.max_step()).contains(&step) {
        return false;
    }
    let (ia, ib) = (
        a.item.and_then(|i| cands[i].item),
        b.item.and_then(|i| cands[i].item),
    );
    if single {
        // A single charge at a new price: only the next period, on the day (±1), and
        // only when it is plainly the same product.
        step == 1
            && dist <= 1
            && match (ia, ib) {
                (Some(x), Some(y)) => x == y,
                (None, None) => pa * 4 <= pb * 5 && pb * 4 <= pa * 5,
                _ => false,
            }
    } else {
        pa <= pb * 2 && pb <= pa * 2 && !matches!((ia, ib), (Some(x), Some(y)) if x != y)
    }
}

/// Each amount's charges (in time order).
pub(super) fn by_amount(cands: &[Candidate<'_>]) -> HashMap<i64, Vec<Dated>> {
    let mut by_amount: HashMap<i64, Vec<Dated>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        by_amount.entry(c.amount).or_default().push(Dated {
            i,
            day: c.date.num_days_from_ce(),
        });
    }
    by_amount
}

/// The streams of one merchant's charges (in time order).
pub(super) fn streams(
    cands: &[Candidate<'_>],
    by_amount: &HashMap<i64, Vec<Dated>>,
    as_of: NaiveDate,
) -> Vec<Stream> {
    let mut amounts: Vec<i64> = by_amount.keys().copied().collect();
    amounts.sort_unstable();
    // A lone charge matters only as a stream's newest price, seen once so far.
    let recent = as_of - Duration::days(62);
    let mut all: Vec<Chain> = Vec::new();
    for amount in amounts {
        for cadence in Cadence::ALL {
            all.extend(chains(amount, &by_amount[&amount], cadence, recent));
        }
    }
    // Longest chains first, then by cadence (yearly, monthly, weekly) and by their
    // charges; a charge belongs to one chain. Chains of one cadence share no charge, so
    // their first charge orders them as their whole list would. (The order is sorted as
    // one number per chain, not the chains: moving them costs more than comparing.)
    let key = |c: &Chain| -> u128 {
        let len = u32::MAX - c.members.len().min(u32::MAX as usize) as u32;
        let cadence = Cadence::Yearly as u32 - c.cadence as u32;
        let first = c.members.first().copied().unwrap_or(0) as u64;
        (u128::from(len) << 96) | (u128::from(cadence) << 64) | u128::from(first)
    };
    let mut order: Vec<(u128, u32)> = all
        .iter()
        .enumerate()
        .map(|(k, c)| (key(c), k as u32))
        .collect();
    order.sort_unstable();
    let mut all: Vec<Option<Chain>> = all.into_iter().map(Some).collect();
    let mut taken = vec![false; cands.len()];
    let mut kept: Vec<Chain> = Vec::new();
    for mut c in order
        .into_iter()
        .filter_map(|(_, k)| all[k as usize].take())
    {
        if c.members.iter().any(|&i| taken[i]) || lone_and_old(&c, cands, recent) {
            continue;
        }
        for &i in &c.members {
            taken[i] = true;
        }
        let usual = usual_item(cands, &c.members);
        c.item = c.members.iter().copied().find(|&i| cands[i].item == usual);
        kept.push(c);
    }
    // Join price changes: chains in time order, each continuing an earlier stream. Streams
    // are indexed by the days their next charge may come (one or two periods on).
    let mut by_start: Vec<u32> = (0..kept.len() as u32).collect();
    by_start.sort_by_key(|&k| kept[k as usize].members.first().copied());
    let mut kept: Vec<Option<Chain>> = kept.into_iter().map(Some).collect();
    let mut streams: Vec<Stream> = Vec::new();
    // One index per cadence: a stream continues only within its own cadence's
    // tolerance of a due day, so each is looked up only that far (a monthly stream is
    // not compared for a charge a yearly one's fortnight away).
    let mut due: [DueIndex; 3] = Default::default();
    let slot = |c: Cadence| Cadence::ALL.iter().position(|&x| x == c).unwrap_or(0);
    let index = |due: &mut [DueIndex; 3], s: &Stream, k: usize| {
        let a = s.last();
        for step in 1..=a.cadence.max_step() {
            let day = a.frame.expected(a.last_slot() + step).num_days_from_ce();
            due[slot(a.cadence)].push(
                day,
                Due {
                    stream: k as u32,
                    chains: s.chains.len() as u32,
                    step: step as u8,
                },
            );
        }
    };
    for mut c in by_start.into_iter().filter_map(|k| kept[k as usize].take()) {
        let d = NaiveDate::from_num_days_from_ce_opt(c.first_day).unwrap_or_default();
        let open = nearest_continued(&streams, &due, &c, c.first_day, cands);
        match open {
            Some(k) => {
                if c.members.len() == 1 {
                    // A lone charge takes the stream's cadence and anchor.
                    let a = streams[k].last();
                    c.cadence = a.cadence;
                    c.frame = a.frame;
                    c.last = a.frame.slot_of(d).0;
                }
                streams[k].chains.push(c);
                index(&mut due, &streams[k], k);
            }
            None if c.members.len() >= 2 => {
                streams.push(Stream { chains: vec![c] });
                let k = streams.len() - 1;
                index(&mut due, &streams[k], k);
            }
            None => {}
        }
    }
    streams
}

/// A day a stream's next charge may come on: the stream, how many chains it had then
/// (an entry of a stream that has grown since is stale), and how many periods on.
struct Due {
    stream: u32,
    chains: u32,
    step: u8,
}

/// Per cadence, the streams by the days their next charge may come on: a list per day
/// from the first day one is due.
#[derive(Default)]
struct DueIndex {
    from: i32,
    days: Vec<Vec<Due>>,
}

impl DueIndex {
    fn at(&self, day: i32) -> &[Due] {
        usize::try_from(day - self.from)
            .ok()
            .and_then(|k| self.days.get(k))
            .map_or(&[], Vec::as_slice)
    }

    fn push(&mut self, day: i32, due: Due) {
        if self.days.is_empty() {
            self.from = day;
        } else if day < self.from {
            let before = (self.from - day) as usize;
            self.days
                .splice(0..0, std::iter::repeat_with(Vec::new).take(before));
            self.from = day;
        }
        let k = (day - self.from) as usize;
        if k >= self.days.len() {
            self.days.resize_with(k + 1, Vec::new);
        }
        self.days[k].push(due);
    }
}

/// The stream chain `c` (starting on `day`) continues at a new price: of those it may
/// continue, the one whose due day is nearest, the first stream on a tie. Streams are
/// looked up by due day outwards from `d` (0, then 1 day either side, …, each cadence as
/// far as its tolerance), and the search stops at the first distance where one
/// continues: a stream's nearest due day is indexed, so none found later is nearer. (On
/// a dense statement most streams of a window continue; looking at all of them was
/// most of the search.)
fn nearest_continued(
    streams: &[Stream],
    due: &[DueIndex; 3],
    c: &Chain,
    day: i32,
    cands: &[Candidate<'_>],
) -> Option<usize> {
    let widest = Cadence::ALL
        .iter()
        .map(|c| c.tolerance())
        .max()
        .unwrap_or(0) as i32;
    for delta in 0..=widest {
        let mut best: Option<usize> = None;
        for (n, cadence) in Cadence::ALL.iter().enumerate() {
            if delta as i64 > cadence.tolerance() {
                continue;
            }
            let days = if delta == 0 {
                [Some(day), None]
            } else {
                [Some(day - delta), Some(day + delta)]
            };
            for x in days.into_iter().flatten() {
                let ks = due[n].at(x);
                work::add(ks.len());
                for e in ks {
                    let k = e.stream as usize;
                    // An entry from before the stream grew is stale: its current due
                    // days have entries of their own.
                    if best.is_none_or(|b| k < b)
                        && streams[k].chains.len() == e.chains as usize
                        && continues(&streams[k], c, cands, i32::from(e.step), delta.into())
                    {
                        best = Some(k);
                    }
                }
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// Counts the steps of chaining (open chains looked at, streams compared) in tests, so
/// that a test can tell linear growth from quadratic without timing anything.
pub(super) mod work {
    #[cfg(test)]
    thread_local! {
        static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    #[inline]
    pub(in crate::analysis::subscriptions) fn add(_n: usize) {
        #[cfg(test)]
        STEPS.with(|s| s.set(s.get() + _n as u64));
    }

    /// The steps counted on this thread since the last call.
    #[cfg(test)]
    pub(in crate::analysis::subscriptions) fn take() -> u64 {
        STEPS.with(|s| s.replace(0))
    }
}
