//! Values shared by every thread and made the first time one asks for them, without making a
//! thread wait for another.
//!
//! `OnceLock::get_or_init` makes every other thread that asks while the value is being made
//! sleep until it is ready. On a machine with few cores, a thread woken from such a sleep is put
//! on the core of the thread that woke it, which goes on working: the woken thread then waits
//! for that core for up to a time slice (milliseconds) while its own core idles. The threads of
//! `simulate --batch` ask for each lazily built index of the catalog (the catalog itself, a
//! service's ARN formats) at about the same time (docs/speed.md, eighteenth round, measures
//! what this saves). [`get_or_race`] lets each thread that finds the value missing make its
//! own, keeps the first one stored, and drops the others: at worst the work is done twice, in
//! parallel, and no thread sleeps.

use std::sync::OnceLock;

/// The value in `cell`, made with `make` when there is none yet. Threads that ask at the same
/// time each make one; the first stored is kept and given to all of them (`make` must give
/// equal values whichever thread calls it). No thread waits for another's `make`.
pub fn get_or_race<T>(cell: &OnceLock<T>, make: impl FnOnce() -> T) -> &T {
    // The page has one thread: nothing to race with, and no second copy of the code.
    #[cfg(target_arch = "wasm32")]
    return cell.get_or_init(make);
    #[cfg(not(target_arch = "wasm32"))]
    match cell.get() {
        Some(value) => value,
        None => {
            let value = make();
            // Storing takes a moment; the value another thread stored first wins.
            cell.get_or_init(move || value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_value_stored_is_given_to_every_thread() {
        let cell: OnceLock<usize> = OnceLock::new();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let barrier = std::sync::Barrier::new(4);
        let seen: Vec<usize> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|i| {
                    let (cell, made, barrier) = (&cell, &made, &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        *get_or_race(cell, || {
                            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            i
                        })
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        assert_eq!(seen.len(), 4);
        let kept = cell.get().copied();
        assert!(seen.iter().all(|&v| Some(v) == kept), "{seen:?} {kept:?}");
        assert!(made.load(std::sync::atomic::Ordering::Relaxed) >= 1);
        // Once stored, the value is given without making another.
        assert_eq!(*get_or_race(&cell, || usize::MAX), kept.unwrap_or_default());
    }
}
