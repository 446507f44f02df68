//! Chaining: each amount's charges joined into chains by cadence (allowing a skipped
//! period), and chains of one merchant joined across price changes into streams.

use super::cadence::{effective_day, from_day, Cadence, Frame};
use chrono::{Datelike, Duration, NaiveDate};
use foldhash::{HashMap, HashMapExt};
use smallvec::SmallVec;

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
pub(super) struct Chain<'a> {
    pub(super) cadence: Cadence,
    pub(super) frame: Frame,
    /// Indices into the merchant's candidates; a few held inline (most chains of a busy
    /// amount stay short, and a charge that joins none is a chain of its own).
    pub(super) members: SmallVec<[usize; 3]>,
    /// The amount of every member.
    pub(super) amount: i64,
    /// The days (from the common era) of the first and the last member.
    pub(super) first_day: i32,
    pub(super) last_day: i32,
    /// The slot of the last member.
    pub(super) last: i32,
    pub(super) skipped: u32,
    /// The chain's usual item text (the most common of its members'), once the chain
    /// is complete.
    pub(super) item: Option<&'a str>,
}

impl Chain<'_> {
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

/// Add member `i` (on `day`, from the common era) at `slot` to `c`; a monthly chain
/// re-anchors on the day most of its charges fall on (a clear majority only: shifted or
/// random days leave the anchor where it is). Only a monthly chain counts its days.
///
/// The anchor's count is always the largest (it starts as the only one, and moves only
/// to a day that overtakes it), so only the day just counted can overtake it: no other
/// day needs looking at.
fn grow(c: &mut Chain<'_>, days: &mut DayCounts, i: usize, day: i32, slot: i32) {
    c.members.push(i);
    c.last = slot;
    c.last_day = day;
    if let Frame::Monthly(current) = c.frame {
        let d = effective_day(from_day(day)) as usize;
        days[d] = days[d].saturating_add(1);
        if days[d] > days[current as usize] {
            c.frame = Frame::Monthly(d as u32);
        }
    }
}

/// A chain being built, with the days its next charge may come on and its members'
/// days of the month.
type Open<'a> = (Chain<'a>, Next, DayCounts);

/// Chain the charges of one merchant at `amount` (`idx`, in time order) for `cadence`,
/// adding the chains to `done`; `open` is room to build them in (left empty, for the
/// next call). A chain that closes with one charge before `recent` is left out: a lone
/// charge matters only as a stream's newest price (see [`streams`]).
fn chains<'a>(
    amount: i64,
    idx: &[Dated],
    cadence: Cadence,
    recent: NaiveDate,
    open: &mut Vec<Open<'a>>,
    done: &mut Vec<Chain<'a>>,
) {
    let (first, last) = match (idx.first(), idx.last()) {
        (Some(f), Some(l)) => (f.day, l.day),
        _ => return,
    };
    let recent = recent.num_days_from_ce();
    // Far more charges than periods: not a stream (and would make chaining quadratic).
    let periods = i64::from(last - first) / cadence.period_days() + 1;
    if idx.len() as i64 > 3 * periods {
        return;
    }
    let tol = cadence.tolerance() as i32;
    // Each open chain with the days its next charge may come on (steps 1 and 2) and
    // the last day it can still grow: worked out when it changes, not for every charge.
    open.clear();
    // A chain of one charge from before `recent` is never part of a stream.
    let lone_and_old = |(c, due, _): &Open<'a>| c.members.len() == 1 && due.first < recent;
    for &charge in idx {
        let (i, day) = (charge.i, charge.day);
        // Close chains whose next charge could no longer come.
        done.extend(
            open.extract_if(.., |(_, due, _)| due.closes < day)
                .filter(|c| !lone_and_old(c))
                .map(|(c, ..)| c),
        );
        crate::work::add(open.len());
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
                grow(c, days, i, day, slot);
                *due = Next::of(c, tol, due.first);
            }
            None => {
                let frame = Frame::on_day(cadence, day);
                let mut days = [0; 32];
                if let Frame::Monthly(anchor) = frame {
                    days[anchor as usize] = 1;
                }
                let mut members = SmallVec::new();
                members.push(i);
                let c = Chain {
                    cadence,
                    frame,
                    members,
                    amount,
                    first_day: day,
                    last_day: day,
                    // A frame made from a day expects it on the day: its own period.
                    last: frame.period_of_day(day),
                    skipped: 0,
                    item: None,
                };
                let due = Next::of(&c, tol, day);
                open.push((c, due, days));
            }
        }
    }
    done.extend(open.drain(..).filter(|c| !lone_and_old(c)).map(|(c, ..)| c));
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
    fn of(c: &Chain<'_>, tol: i32, first: i32) -> Next {
        let at = |step: i32| c.frame.expected_day(c.last_slot() + step);
        let next = at(1);
        let furthest = if c.cadence.max_step() >= 2 {
            at(2)
        } else {
            next
        };
        Next {
            days: [next, furthest],
            closes: furthest + tol,
            first,
        }
    }
}

/// The most common item text of `members`, if any has one.
pub(super) fn usual_item<'a>(cands: &[Candidate<'a>], members: &[usize]) -> Option<&'a str> {
    let items = || members.iter().filter_map(|&i| cands[i].item);
    let first = items().next()?;
    // Mostly every member that names a product names the same one: nothing to count.
    if items().all(|x| std::ptr::eq(x, first) || x == first) {
        return Some(first);
    }
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

/// The item every one of `cands` names, when they all name the same one (or none
/// does): then it is every chain's usual item, and no chain's members need reading.
fn uniform_item<'a>(cands: &[Candidate<'a>]) -> Option<Option<&'a str>> {
    let first = cands.first()?.item;
    let same = |x: Option<&str>| match (x, first) {
        (Some(x), Some(f)) => std::ptr::eq(x, f) || x == f,
        (None, None) => true,
        _ => false,
    };
    cands.iter().all(|c| same(c.item)).then_some(first)
}

/// One stream: chains joined across price changes.
#[derive(Debug, Clone)]
pub(super) struct Stream<'a> {
    pub(super) chains: Vec<Chain<'a>>,
}

impl<'a> Stream<'a> {
    pub(super) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.chains.iter().flat_map(|c| c.members.iter().copied())
    }
    pub(super) fn last(&self) -> &Chain<'a> {
        &self.chains[self.chains.len() - 1]
    }
}

/// What [`continues`] needs of a stream's last chain, kept with the stream's due days
/// so that looking streams up reads no stream.
#[derive(Debug, Clone, Copy)]
struct Tail<'a> {
    amount: i64,
    last_day: i32,
    item: Option<&'a str>,
}

/// Whether chain `b` continues a stream at a new price: `a` is the stream's last chain
/// (of `cadence`), `b` starts `step` periods after it and `dist` days from that
/// period's due day (the caller found `b` by the due day: within the cadence's
/// tolerance, its nearest).
fn continues(a: &Tail<'_>, cadence: Cadence, b: &Chain<'_>, step: i32, dist: i64) -> bool {
    let (pa, pb) = (a.amount, b.amount);
    let single = b.members.len() == 1;
    if (!single && cadence != b.cadence) || pa == pb || a.last_day >= b.first_day {
        return false;
    }
    // The cheap test first: a price change stays within half to double (a quarter
    // for a lone charge).
    let within = if single {
        pa * 4 <= pb * 5 && pb * 4 <= pa * 5
    } else {
        pa <= pb * 2 && pb <= pa * 2
    };
    let items_known = a.item.is_some() && b.item.is_some();
    if !(within || (single && items_known)) {
        return false;
    }
    if dist > cadence.tolerance() || !(1..=cadence.max_step()).contains(&step) {
        return false;
    }
    if single {
        // A single charge at a new price: only the next period, on the day (±1), and
        // only when it is plainly the same product.
        step == 1
            && dist <= 1
            && match (a.item, b.item) {
                (Some(x), Some(y)) => x == y,
                (None, None) => pa * 4 <= pb * 5 && pb * 4 <= pa * 5,
                _ => false,
            }
    } else {
        pa <= pb * 2 && pb <= pa * 2 && !matches!((a.item, b.item), (Some(x), Some(y)) if x != y)
    }
}

/// Each amount's charges (in time order), side by side in one vector: counted first,
/// then placed, so that no amount's list grows by copying and none is a vector of its
/// own (a dense merchant has hundreds of amounts).
pub(super) struct Buckets {
    charges: Vec<Dated>,
    /// Each amount, in order, with where its charges begin in `charges`.
    amounts: Vec<(i64, usize)>,
}

impl Buckets {
    pub(super) fn of(cands: &[Candidate<'_>]) -> Buckets {
        let mut next: HashMap<i64, usize> = HashMap::new();
        for c in cands {
            *next.entry(c.amount).or_default() += 1;
        }
        let mut amounts: Vec<(i64, usize)> = next.iter().map(|(&a, &n)| (a, n)).collect();
        amounts.sort_unstable();
        let mut start = 0;
        for (amount, n) in &mut amounts {
            let count = std::mem::replace(n, start);
            next.insert(*amount, start);
            start += count;
        }
        let mut charges = vec![Dated { i: 0, day: 0 }; cands.len()];
        for (i, c) in cands.iter().enumerate() {
            if let Some(at) = next.get_mut(&c.amount) {
                charges[*at] = Dated {
                    i,
                    day: c.date.num_days_from_ce(),
                };
                *at += 1;
            }
        }
        Buckets { charges, amounts }
    }

    /// The charges of the `k`th amount.
    fn bucket(&self, k: usize) -> &[Dated] {
        let end = self.amounts.get(k + 1).map_or(self.charges.len(), |x| x.1);
        &self.charges[self.amounts[k].1..end]
    }

    /// The charges at `amount` (none when there are none).
    pub(super) fn at(&self, amount: i64) -> &[Dated] {
        match self.amounts.binary_search_by_key(&amount, |x| x.0) {
            Ok(k) => self.bucket(k),
            Err(_) => &[],
        }
    }

    /// Each amount with its charges, by amount.
    fn each(&self) -> impl Iterator<Item = (i64, &[Dated])> {
        (0..self.amounts.len()).map(|k| (self.amounts[k].0, self.bucket(k)))
    }
}

/// The chains of one merchant's charges that make its streams: per amount, the chains
/// of every cadence, and where they share a charge the longest first, then by cadence
/// (yearly, monthly, weekly), then by their charges. A charge has one amount, so each
/// amount is settled on its own, with its chains at hand. Chains of one cadence share
/// no charge (so their first charge orders them as their whole list would), and an
/// amount chained in one cadence only keeps all its chains.
fn kept_chains<'a>(
    cands: &[Candidate<'a>],
    buckets: &Buckets,
    recent: NaiveDate,
) -> Vec<Chain<'a>> {
    let key = |c: &Chain<'_>| {
        let cadence = Cadence::Yearly as u32 - c.cadence as u32;
        let first = c.members.first().copied().unwrap_or(0);
        (std::cmp::Reverse(c.members.len()), cadence, first)
    };
    let uniform = uniform_item(cands);
    let mut taken = vec![false; cands.len()];
    let mut kept: Vec<Chain<'a>> = Vec::new();
    let mut all: Vec<Chain<'a>> = Vec::new();
    let mut open = Vec::new();
    for (amount, bucket) in buckets.each() {
        for cadence in Cadence::ALL {
            chains(amount, bucket, cadence, recent, &mut open, &mut all);
        }
        let from = kept.len();
        if all.iter().all(|c| c.cadence == all[0].cadence) {
            kept.append(&mut all);
        } else {
            all.sort_unstable_by_key(key);
            for c in all.drain(..) {
                if c.members.iter().any(|&i| taken[i]) {
                    continue;
                }
                for &i in &c.members {
                    taken[i] = true;
                }
                kept.push(c);
            }
        }
        for c in &mut kept[from..] {
            c.item = match uniform {
                Some(item) => item,
                None => usual_item(cands, &c.members),
            };
        }
    }
    kept
}

/// The streams of one merchant's charges (in time order).
pub(super) fn streams<'a>(
    cands: &[Candidate<'a>],
    buckets: &Buckets,
    as_of: NaiveDate,
) -> Vec<Stream<'a>> {
    // A lone charge matters only as a stream's newest price, seen once so far.
    let recent = as_of - Duration::days(62);
    let kept = kept_chains(cands, buckets, recent);
    // Join price changes: chains in time order (by their first charge, which no two
    // share), each continuing an earlier stream. Streams are indexed by the days their
    // next charge may come (one or two periods on).
    let mut starts: Vec<u32> = vec![u32::MAX; cands.len()];
    for (k, c) in kept.iter().enumerate() {
        if let Some(&i) = c.members.first() {
            starts[i] = k as u32;
        }
    }
    let mut kept: Vec<Option<Chain<'a>>> = kept.into_iter().map(Some).collect();
    let mut streams: Vec<Stream<'a>> = Vec::new();
    // One index per cadence: a stream continues only within its own cadence's
    // tolerance of a due day, so each is looked up only that far (a monthly stream is
    // not compared for a charge a yearly one's fortnight away).
    let mut due: [DueIndex<'a>; 3] = Default::default();
    for k in starts.into_iter().filter(|&k| k != u32::MAX) {
        let Some(mut c) = kept[k as usize].take() else {
            continue;
        };
        match nearest_continued(&due, &c) {
            Some(k) => {
                let s = &mut streams[k];
                // The stream's due days move on: the old ones leave the index.
                let old = s.last();
                for (day, _) in due_days(old) {
                    due[slot(old.cadence)].remove(day, k as u32);
                }
                if c.members.len() == 1 {
                    // A lone charge takes the stream's cadence and anchor.
                    c.cadence = old.cadence;
                    c.frame = old.frame;
                    c.last = old.frame.slot_of_day(c.first_day).0;
                }
                s.chains.push(c);
                index(&mut due, s.last(), k);
            }
            None if c.members.len() >= 2 => {
                streams.push(Stream { chains: vec![c] });
                let k = streams.len() - 1;
                index(&mut due, streams[k].last(), k);
            }
            None => {}
        }
    }
    streams
}

/// The index of `cadence` among [`Cadence::ALL`].
fn slot(cadence: Cadence) -> usize {
    Cadence::ALL.iter().position(|&x| x == cadence).unwrap_or(0)
}

/// The days a chain's next charge may come on (one or two periods on), with the step.
fn due_days<'c>(a: &'c Chain<'_>) -> impl Iterator<Item = (i32, u8)> + 'c {
    (1..=a.cadence.max_step()).map(|step| {
        let day = a.frame.expected_day(a.last_slot() + step);
        (day, step as u8)
    })
}

/// Index stream `k`, whose last chain is `a`, by the days its next charge may come on.
fn index<'a>(due: &mut [DueIndex<'a>; 3], a: &Chain<'a>, k: usize) {
    let tail = Tail {
        amount: a.amount,
        last_day: a.last_day,
        item: a.item,
    };
    for (day, step) in due_days(a) {
        due[slot(a.cadence)].insert(
            day,
            Due {
                stream: k as u32,
                step,
                tail,
            },
        );
    }
}

/// A day a stream's next charge may come on: the stream, how many periods on, and
/// its last chain.
struct Due<'a> {
    stream: u32,
    step: u8,
    tail: Tail<'a>,
}

/// Per cadence, the streams by the days their next charge may come on: a list per day
/// (in the order the streams began) from the first day one is due. A stream that grows
/// leaves its old days.
#[derive(Default)]
struct DueIndex<'a> {
    from: i32,
    days: Vec<Vec<Due<'a>>>,
}

impl<'a> DueIndex<'a> {
    fn at(&self, day: i32) -> &[Due<'a>] {
        usize::try_from(day - self.from)
            .ok()
            .and_then(|k| self.days.get(k))
            .map_or(&[], Vec::as_slice)
    }

    fn insert(&mut self, day: i32, due: Due<'a>) {
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
        let list = &mut self.days[k];
        let at = list.partition_point(|e| e.stream < due.stream);
        list.insert(at, due);
    }

    fn remove(&mut self, day: i32, stream: u32) {
        let Some(list) = usize::try_from(day - self.from)
            .ok()
            .and_then(|k| self.days.get_mut(k))
        else {
            return;
        };
        let at = list.partition_point(|e| e.stream < stream);
        if list.get(at).is_some_and(|e| e.stream == stream) {
            list.remove(at);
        }
    }
}

/// The stream chain `c` continues at a new price: of those it may continue, the one
/// whose due day is nearest, the first stream on a tie. Streams are looked up by due
/// day outwards from `c`'s first day (0, then 1 day either side, …, each cadence as far
/// as its tolerance), and the search stops at the first distance where one continues:
/// a stream's nearest due day is indexed, so none found later is nearer. Each day's
/// streams are in the order they began, so a day is read only up to its first stream
/// that continues, or the first found so far. (On a dense statement many streams are
/// due on every day.)
fn nearest_continued(due: &[DueIndex<'_>; 3], c: &Chain<'_>) -> Option<usize> {
    let widest = Cadence::ALL
        .iter()
        .map(|c| c.tolerance())
        .max()
        .unwrap_or(0) as i32;
    let day = c.first_day;
    for delta in 0..=widest {
        let mut best: Option<u32> = None;
        for (n, &cadence) in Cadence::ALL.iter().enumerate() {
            if delta as i64 > cadence.tolerance() {
                continue;
            }
            let days = if delta == 0 {
                [Some(day), None]
            } else {
                [Some(day - delta), Some(day + delta)]
            };
            for x in days.into_iter().flatten() {
                for e in due[n].at(x) {
                    if best.is_some_and(|b| e.stream >= b) {
                        break;
                    }
                    crate::work::add(1);
                    if continues(&e.tail, cadence, c, i32::from(e.step), delta.into()) {
                        best = Some(e.stream);
                        break;
                    }
                }
            }
        }
        if best.is_some() {
            return best.map(|k| k as usize);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(item: Option<&str>) -> Candidate<'_> {
        Candidate {
            entry: 0,
            content: false,
            date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            amount: 1000,
            item,
            auto: false,
        }
    }

    /// Each amount's charges, placed side by side: amounts in order, each one's charges in
    /// time order with their days; an amount with no charge has none.
    #[test]
    fn buckets_hold_each_amounts_charges_in_time_order() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
        let cands: Vec<Candidate<'_>> = [(300, 1), (100, 2), (300, 3), (200, 5), (100, 9)]
            .into_iter()
            .map(|(amount, d)| Candidate {
                amount,
                date: day(d),
                ..cand(None)
            })
            .collect();
        let b = Buckets::of(&cands);
        let seen: Vec<(i64, Vec<(usize, i32)>)> = b
            .each()
            .map(|(a, xs)| (a, xs.iter().map(|x| (x.i, x.day)).collect()))
            .collect();
        let n = |d: u32| day(d).num_days_from_ce();
        assert_eq!(
            seen,
            [
                (100, vec![(1, n(2)), (4, n(9))]),
                (200, vec![(3, n(5))]),
                (300, vec![(0, n(1)), (2, n(3))]),
            ]
        );
        assert_eq!(b.at(300).iter().map(|x| x.i).collect::<Vec<_>>(), [0, 2]);
        assert!(b.at(250).is_empty() && b.at(50).is_empty() && b.at(400).is_empty());
        assert!(Buckets::of(&[]).each().next().is_none());
    }

    /// A merchant whose charges all name one item (or none) gives every chain that item
    /// without reading its members; any other mix is left to each chain's own count.
    #[test]
    fn one_item_for_all_charges_is_every_chains_item() {
        let (a, b) = (String::from("멤버십"), String::from("멤버십"));
        let same = [cand(Some(&a)), cand(Some(&b)), cand(Some("멤버십"))];
        assert_eq!(uniform_item(&same), Some(Some("멤버십")));
        assert_eq!(uniform_item(&[cand(None), cand(None)]), Some(None));
        assert_eq!(uniform_item(&[cand(Some("캐시")), cand(None)]), None);
        assert_eq!(uniform_item(&[cand(None), cand(Some("캐시"))]), None);
        let mixed = [cand(Some("캐시")), cand(Some("패키지")), cand(Some("캐시"))];
        assert_eq!(uniform_item(&mixed), None);
        assert_eq!(usual_item(&mixed, &[0, 1, 2]), Some("캐시"));
        assert_eq!(uniform_item(&[]), None);
    }
}
