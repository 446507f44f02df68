//! Steps of work counted in tests: the stages whose work could grow faster than their
//! input (chaining a merchant's charges, matching cancellations without a number,
//! sliding the alerts' burst windows) add their steps here, so that a test can tell
//! linear growth from quadratic by counting, not by timing anything. Outside tests
//! [`add`] is nothing.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count `_n` steps on this thread (in tests only).
#[inline]
pub(crate) fn add(_n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + _n as u64));
}

/// The steps counted on this thread since the last call.
#[cfg(test)]
pub(crate) fn take() -> u64 {
    STEPS.with(|s| s.replace(0))
}

/// Run `steps` (the steps of one run on `n` items) on `n` and on 4×`n` items, and fail
/// unless the larger took at most 5× the steps: linear or n log n, not quadratic.
#[cfg(test)]
pub(crate) fn assert_linear(what: &str, n: usize, steps: impl Fn(usize) -> u64) {
    let (small, large) = (steps(n), steps(4 * n));
    assert!(small > 0, "{what}: no steps counted");
    assert!(
        large <= 5 * small,
        "4× the {what} took {:.1}× the steps ({small} → {large})",
        large as f64 / small as f64
    );
}
