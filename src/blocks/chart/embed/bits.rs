//! A set of small numbers (code points, glyph ids) as one bit each: a chart file's glyph set
//! is a few words, cheap to fill, test, hash and compare.

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct Bits(Box<[u64]>);

impl Bits {
    /// The empty set of the numbers below `n`.
    pub(super) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)].into_boxed_slice())
    }

    pub(super) fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds `i` (a number past the end is left out): whether it was not there yet.
    pub(super) fn insert(&mut self, i: usize) -> bool {
        match self.0.get_mut(i / 64) {
            Some(w) => {
                let bit = 1 << (i % 64);
                let new = *w & bit == 0;
                *w |= bit;
                new
            }
            None => false,
        }
    }

    /// The numbers in the set, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            let mut rest = w;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    64 * i + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_what_was_inserted_and_nothing_past_its_end() {
        let mut bits = Bits::new(130);
        assert!(bits.insert(0) && bits.insert(64) && bits.insert(129));
        assert!(!bits.insert(64), "inserted twice");
        assert!(!bits.insert(192), "past the end");
        assert_eq!(bits.iter().collect::<Vec<_>>(), [0, 64, 129]);
        assert!(bits.has(129) && !bits.has(1) && !bits.has(1_000));
    }
}
