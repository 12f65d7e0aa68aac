//! Render caches for the dev server's rebuilds: a value (a rendered section, a chart) is kept
//! under a hash of everything it was made from, and made again only when that changes. Each
//! build marks the keys it uses; [`Cache::sweep`] then forgets the rest, so a cache never
//! outgrows the brief. Plain builds use no cache.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

pub(crate) struct Cache<V> {
    entries: Mutex<HashMap<u64, V>>,
    /// Keys the current build used.
    used: Mutex<HashSet<u64>>,
    /// How many values were made rather than found (what a rebuild redid).
    made: AtomicUsize,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            entries: Mutex::default(),
            used: Mutex::default(),
            made: AtomicUsize::new(0),
        }
    }
}

impl<V: Clone> Cache<V> {
    /// The value kept under `key`, or `make`'s (kept if it succeeded).
    pub(crate) fn get_or_try<E>(
        &self,
        key: u64,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        self.get_or_try_if(key, |_| true, make)
    }

    /// [`Cache::get_or_try`], but a kept value that `still_good` refuses is made again.
    pub(crate) fn get_or_try_if<E>(
        &self,
        key: u64,
        still_good: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        lock(&self.used).insert(key);
        if let Some(value) = lock(&self.entries).get(&key).filter(|v| still_good(v)) {
            return Ok(value.clone());
        }
        self.made.fetch_add(1, Ordering::Relaxed);
        let value = make()?;
        lock(&self.entries).insert(key, value.clone());
        Ok(value)
    }

    /// The value kept under `key`, or `make`'s.
    pub(crate) fn get_or(&self, key: u64, make: impl FnOnce() -> V) -> V {
        self.get_or_try(key, || Ok::<V, std::convert::Infallible>(make()))
            .unwrap_or_else(|never| match never {})
    }

    /// Forgets the values the builds since the last sweep did not use.
    pub(crate) fn sweep(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        lock(&self.entries).retain(|key, _| used.contains(key));
    }

    /// How many values were made so far, rather than found.
    #[cfg(test)]
    pub(crate) fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A digest of values as they serialize (to JSON, never kept): a cache key for a value made
/// from many parts, each of which says everything it holds.
#[derive(Default)]
pub(crate) struct Digest(rustc_hash::FxHasher);

impl Digest {
    pub(crate) fn add(&mut self, value: &(impl serde::Serialize + ?Sized)) {
        // Writing into a hasher cannot fail, and every value given serializes.
        let _ = serde_json::to_writer(&mut *self, value);
        // Ends the value, so that two values' text cannot run into each other.
        std::hash::Hasher::write_u8(&mut self.0, 0xff);
    }

    pub(crate) fn finish(&self) -> u64 {
        std::hash::Hasher::finish(&self.0)
    }
}

impl std::io::Write for Digest {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_made_once_and_swept_when_unused() {
        let cache = Cache::default();
        let mut made = 0;
        for _ in 0..2 {
            let v = cache.get_or(1, || {
                made += 1;
                "one"
            });
            assert_eq!(v, "one");
        }
        assert_eq!(made, 1);
        assert!(cache.get_or_try(2, || Err::<&str, _>("failed")).is_err());
        assert_eq!(cache.len(), 1, "failures are not kept");
        cache.sweep();
        assert_eq!(cache.len(), 1, "key 1 was used");
        cache.sweep();
        assert!(cache.is_empty(), "unused since the last sweep");
    }
}
