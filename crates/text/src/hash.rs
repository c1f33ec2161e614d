//! A fast hash of texts for tables keyed by a batch's own input (the command line's policy
//! cache, the parser's element memo).

use std::hash::Hasher;

/// A hash of a text eight bytes at a time, multiply and rotate (the scheme of the Rust
/// compiler's `FxHasher`). The texts come from the caller's own input, so the hash needs to be
/// fast, not resistant to chosen collisions: input that collides its own keys only slows
/// itself. Use it as `HashMap<K, V, BuildHasherDefault<TextHasher>>`.
#[derive(Default)]
pub struct TextHasher(u64);

impl TextHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hasher of tables whose keys are [`TextHasher`] hashes already (the command line's policy
/// cache, the parser's element memo): a `u64` key is its own hash.
#[derive(Default)]
pub struct Unhashed(u64);

impl Hasher for Unhashed {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hashes met once lately, for a table that keeps a thing only the second time it is met
/// (the command line's policy cache, the parser's element memo): a batch's many things met
/// once then cost no copy. A fingerprint of each hash (its high bits) sits in a slot chosen by
/// its low bits, so a slot holds the last hash met of its slot: a thing met again after many
/// others may be kept a sighting later, and a fingerprint collision keeps one a sighting
/// early. Either way only what is kept changes.
pub struct Sightings(Box<[u32]>);

impl Sightings {
    /// An empty slot: even, so no fingerprint (always odd) is it. Not 0, so that the table is
    /// written when it is made: a table of zeros comes from the allocator as fresh memory left
    /// unwritten, whose first read maps the kernel's shared zero page, and the first write
    /// after it then copies the page and, with a batch's other thread running, interrupts that
    /// thread to flush its address cache (docs/speed.md, twentieth round).
    pub const NONE: u32 = 0xFFFF_FFFE;

    /// A table of `slots` fingerprints (rounded up to a power of two), none met.
    pub fn new(slots: usize) -> Self {
        Sightings(vec![Self::NONE; slots.next_power_of_two()].into_boxed_slice())
    }

    /// How many fingerprints it holds.
    pub fn slots(&self) -> usize {
        self.0.len()
    }

    /// Whether `hash` was met since its slot last changed (and is forgotten now: the next
    /// sighting is a first one again), else remembers it.
    pub fn met_again(&mut self, hash: u64) -> bool {
        // the slot from the low bits, the fingerprint from the high ones (never NONE)
        let fingerprint = (hash >> 32) as u32 | 1;
        let mask = self.0.len() - 1;
        let Some(slot) = self.0.get_mut(hash as usize & mask) else {
            return false;
        };
        if *slot == fingerprint {
            *slot = Self::NONE;
            true
        } else {
            *slot = fingerprint;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sightings;

    /// A hash is met again when its slot still holds it, and a later hash of the same slot
    /// takes its place.
    #[test]
    fn the_hashes_met_once_are_the_last_of_their_slot() {
        let mut seen = Sightings::new(4096);
        let a = 0x1234_5678_0000_0042_u64;
        assert!(!seen.met_again(a));
        assert!(seen.met_again(a));
        // met again, then forgotten: the next is a first sighting again
        assert!(!seen.met_again(a));
        // another hash of the same slot (the same low bits, another fingerprint) takes it
        let b = a + (1 << 40);
        assert_eq!(b as usize % seen.slots(), a as usize % seen.slots());
        assert!(!seen.met_again(b));
        assert!(!seen.met_again(a));
        // a hash of another slot leaves it alone
        let c = a + 1;
        assert!(!seen.met_again(c));
        assert!(seen.met_again(a));
        assert!(seen.met_again(c));
        assert_eq!(seen.slots(), 4096);
        // an empty slot is no fingerprint: a hash whose high bits are the empty value's is
        // met for the first time
        let d = (u64::from(Sightings::NONE) << 32) | 7;
        assert!(!seen.met_again(d));
        assert!(seen.met_again(d));
        // a table asked for no slot still has one, and one of 3000 has 4096
        let mut one = Sightings::new(0);
        assert_eq!(one.slots(), 1);
        assert!(!one.met_again(a));
        assert!(one.met_again(a));
        assert_eq!(Sightings::new(3000).slots(), 4096);
    }
}
