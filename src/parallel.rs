//! Work spread over the machine's cores, natively; in order and on one thread in wasm (the
//! page's worker has no threads) or when there is little to do.

/// `f` over every item, results in item order. Items are taken in small batches by whichever
/// thread is free, so one large input does not hold up the rest.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};

        const BATCH: usize = 16;
        let threads = threads();
        if threads > 1 && items.len() > BATCH {
            let next = AtomicUsize::new(0);
            let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut out = Vec::new();
                            loop {
                                let start = next.fetch_add(BATCH, Ordering::Relaxed);
                                if start >= items.len() {
                                    return out;
                                }
                                let end = (start + BATCH).min(items.len());
                                out.push((start, items[start..end].iter().map(&f).collect()));
                            }
                        })
                    })
                    .collect();
                // A panic in `f` is a bug; carry it to the caller as if it happened here.
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            });
            done.sort_unstable_by_key(|(start, _)| *start);
            return done.into_iter().flat_map(|(_, batch)| batch).collect();
        }
    }
    items.iter().map(f).collect()
}

/// How many threads to use: `POSTURE_THREADS` if set (1 turns threading off, for measuring),
/// else one per core, at most 16.
#[cfg(not(target_arch = "wasm32"))]
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(16);
        std::env::var("POSTURE_THREADS").ok().and_then(|t| t.parse().ok()).filter(|&t| t > 0).unwrap_or(cores)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u32], |x| *x).is_empty());
    }
}
