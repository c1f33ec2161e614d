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
