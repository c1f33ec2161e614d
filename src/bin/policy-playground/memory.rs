//! The C library's memory functions (`memcpy`, `memmove`, `memset`, `memcmp`, `bcmp`) for the
//! command line's statically linked musl build on x86-64 (`scripts/build-cli.sh`).
//!
//! Why: glibc's start-up asks the processor for its features and cache sizes with a few dozen
//! `cpuid` instructions, and in a virtual machine each one traps to the hypervisor (about 5 µs
//! on the development machine): a quarter of a one-case run (docs/speed.md, twenty-first and
//! twenty-second rounds). musl's start-up asks nothing, but its memory functions are plain
//! loops (`memcmp` a byte at a time), which cost a batch more than the start-up saves. These
//! are the usual shapes of fast ones: sizes up to 64 bytes in a few overlapping loads and
//! stores (every load before any store, so that overlapping copies are right), longer copies
//! and fills with `rep movsb` / `rep stosb` (fast on processors with ERMS, which every x86-64
//! processor of the last decade has), comparisons sixteen bytes a step with SSE2 (in every
//! x86-64 processor).
//!
//! The functions are plain Rust functions here, tested against byte-at-a-time references on
//! every target (the tests at the end); the musl build exports them under the C names
//! ([`exports`]), where the linker takes them instead of musl's. No loop in them copies or
//! compares memory in a way LLVM would replace with a call to the function itself: long copies
//! and fills are one `rep` instruction, the backward copy's loop moves through assembly.

#![allow(unsafe_code)]

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_storeu_si128,
};

/// Copies `n` bytes from `src` to `dst`; the two may overlap (`memmove`; `memcpy` is the
/// same function).
///
/// # Safety
/// `src` must be valid for reads and `dst` for writes of `n` bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) {
    // SAFETY (every block below): the caller's contract covers `n` bytes at both pointers; each
    // access reads or writes inside them (`n` is at least the access's offset plus its size).
    unsafe {
        if n <= 16 {
            if n >= 8 {
                let a = src.cast::<u64>().read_unaligned();
                let b = src.add(n - 8).cast::<u64>().read_unaligned();
                dst.cast::<u64>().write_unaligned(a);
                dst.add(n - 8).cast::<u64>().write_unaligned(b);
            } else if n >= 4 {
                let a = src.cast::<u32>().read_unaligned();
                let b = src.add(n - 4).cast::<u32>().read_unaligned();
                dst.cast::<u32>().write_unaligned(a);
                dst.add(n - 4).cast::<u32>().write_unaligned(b);
            } else if n >= 2 {
                let a = src.cast::<u16>().read_unaligned();
                let b = src.add(n - 2).cast::<u16>().read_unaligned();
                dst.cast::<u16>().write_unaligned(a);
                dst.add(n - 2).cast::<u16>().write_unaligned(b);
            } else if n == 1 {
                *dst = *src;
            }
            return;
        }
        if n <= 32 {
            let a = load(src);
            let b = load(src.add(n - 16));
            store(dst, a);
            store(dst.add(n - 16), b);
            return;
        }
        if n <= 64 {
            let a = load(src);
            let b = load(src.add(16));
            let c = load(src.add(n - 32));
            let d = load(src.add(n - 16));
            store(dst, a);
            store(dst.add(16), b);
            store(dst.add(n - 32), c);
            store(dst.add(n - 16), d);
            return;
        }
        if n <= 128 {
            let v = [
                load(src),
                load(src.add(16)),
                load(src.add(32)),
                load(src.add(48)),
                load(src.add(n - 64)),
                load(src.add(n - 48)),
                load(src.add(n - 32)),
                load(src.add(n - 16)),
            ];
            for (i, at) in [0, 16, 32, 48, n - 64, n - 48, n - 32, n - 16]
                .into_iter()
                .enumerate()
            {
                store(dst.add(at), v[i]);
            }
            return;
        }
        #[cfg(target_feature = "avx2")]
        if n <= 256 {
            use core::arch::x86_64::{_mm256_loadu_si256, _mm256_storeu_si256};
            let at = [0, 32, 64, 96, n - 128, n - 96, n - 64, n - 32];
            let v = at.map(|i| _mm256_loadu_si256(src.add(i).cast()));
            for (i, at) in at.into_iter().enumerate() {
                _mm256_storeu_si256(dst.add(at).cast(), v[i]);
            }
            return;
        }
        // Up to a couple of kilobytes, a loop of 32-byte moves beats `rep movsb`, whose start
        // costs about 13 ns on the development machine's processor (an AMD EPYC with FSRM):
        // 300 bytes 3.2 against 13.6 ns, 1,200 bytes 10.9 against 17.7 ns, 3,000 bytes 26.2
        // against 23.9 ns (docs/speed.md, twenty-third round). For source and destination apart
        // only, the case of every `memcpy`.
        #[cfg(target_feature = "avx2")]
        if n <= AVX2_LOOP_MAX && (dst as usize).abs_diff(src as usize) >= n {
            copy_apart_avx2(dst, src, n);
            return;
        }
        // A forward copy is right unless `dst` starts inside the source after its start.
        if (dst as usize).wrapping_sub(src as usize) >= n {
            core::arch::asm!(
                "rep movsb",
                inout("rcx") n => _,
                inout("rdi") dst => _,
                inout("rsi") src => _,
                options(nostack, preserves_flags)
            );
        } else {
            copy_backward(dst, src, n);
        }
    }
}

/// The longest copy [`copy`] makes with [`copy_apart_avx2`] (bytes); longer ones use `rep movsb`.
#[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
const AVX2_LOOP_MAX: usize = 2048;

/// `copy` for more than 128 bytes between places that do not overlap: 128 bytes a step in four
/// 32-byte moves, then the last 128 bytes (read before the loop; they may overlap the last step,
/// which rewrites those bytes with the same values).
///
/// # Safety
/// As [`copy`], with `n >= 128` and the two ranges apart.
#[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
#[inline(always)]
unsafe fn copy_apart_avx2(dst: *mut u8, src: *const u8, n: usize) {
    use core::arch::x86_64::{_mm256_loadu_si256, _mm256_storeu_si256};
    // SAFETY: as `copy`'s; every access lies in the first `n` bytes at `src` or `dst`, and with
    // the two apart no store changes a byte that is read.
    unsafe {
        let tail = [n - 128, n - 96, n - 64, n - 32].map(|i| _mm256_loadu_si256(src.add(i).cast()));
        let blocks = (n - 1) / 128;
        if blocks > 0 {
            // through assembly, so that the loop is not turned into a call to `memcpy`
            core::arch::asm!(
                "2:",
                "vmovdqu {a}, [{s}]",
                "vmovdqu {b}, [{s} + 32]",
                "vmovdqu {c}, [{s} + 64]",
                "vmovdqu {d}, [{s} + 96]",
                "vmovdqu [{t}], {a}",
                "vmovdqu [{t} + 32], {b}",
                "vmovdqu [{t} + 64], {c}",
                "vmovdqu [{t} + 96], {d}",
                "add {s}, 128",
                "add {t}, 128",
                "dec {k}",
                "jnz 2b",
                s = inout(reg) src => _,
                t = inout(reg) dst => _,
                k = inout(reg) blocks => _,
                a = out(ymm_reg) _,
                b = out(ymm_reg) _,
                c = out(ymm_reg) _,
                d = out(ymm_reg) _,
                options(nostack)
            );
        }
        for (v, at) in tail.into_iter().zip([n - 128, n - 96, n - 64, n - 32]) {
            _mm256_storeu_si256(dst.add(at).cast(), v);
        }
    }
}

/// `copy` for more than 64 bytes when `dst` lies after `src` within the source: sixteen bytes a
/// step from the end, then the first sixteen (read before anything was written).
///
/// # Safety
/// As [`copy`], with `n > 16`.
#[cfg(target_arch = "x86_64")]
#[inline(never)]
unsafe fn copy_backward(dst: *mut u8, src: *const u8, n: usize) {
    // SAFETY: as `copy`'s; every step reads the source bytes [end - 16, end) before any store
    // reaches them (the stores so far lie at `dst + end` and after, which is past them since
    // `dst > src`), and the first sixteen bytes were read before any store.
    unsafe {
        let first = load(src);
        let mut end = n;
        while end > 16 {
            end -= 16;
            // through assembly, so that the loop is not turned into a call to `memmove`
            core::arch::asm!(
                "movdqu {v}, [{s}]",
                "movdqu [{d}], {v}",
                s = in(reg) src.add(end),
                d = in(reg) dst.add(end),
                v = out(xmm_reg) _,
                options(nostack, preserves_flags)
            );
        }
        store(dst, first);
    }
}

/// Sets `n` bytes at `dst` to `byte` (`memset`).
///
/// # Safety
/// `dst` must be valid for writes of `n` bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub unsafe fn fill(dst: *mut u8, byte: u8, n: usize) {
    // SAFETY: every store lies in the `n` bytes at `dst`.
    unsafe {
        if n <= 16 {
            let v = u64::from(byte) * 0x0101_0101_0101_0101;
            if n >= 8 {
                dst.cast::<u64>().write_unaligned(v);
                dst.add(n - 8).cast::<u64>().write_unaligned(v);
            } else if n >= 4 {
                dst.cast::<u32>().write_unaligned(v as u32);
                dst.add(n - 4).cast::<u32>().write_unaligned(v as u32);
            } else if n >= 2 {
                dst.cast::<u16>().write_unaligned(v as u16);
                dst.add(n - 2).cast::<u16>().write_unaligned(v as u16);
            } else if n == 1 {
                *dst = byte;
            }
            return;
        }
        if n <= 64 {
            let v = core::arch::x86_64::_mm_set1_epi8(byte as i8);
            store(dst, v);
            store(dst.add(n - 16), v);
            if n > 32 {
                store(dst.add(16), v);
                store(dst.add(n - 32), v);
            }
            return;
        }
        // As in `copy`: up to a couple of kilobytes, 32-byte stores beat `rep stosb`'s start.
        #[cfg(target_feature = "avx2")]
        if n <= AVX2_LOOP_MAX {
            let v = core::arch::x86_64::_mm256_set1_epi8(byte as i8);
            // the last 32 bytes, then 32 bytes a step from the start (through assembly, so
            // that the loop is not turned into a call to `memset`)
            core::arch::x86_64::_mm256_storeu_si256(dst.add(n - 32).cast(), v);
            core::arch::asm!(
                "2:",
                "vmovdqu [{t}], {v}",
                "add {t}, 32",
                "sub {k}, 32",
                "ja 2b",
                t = inout(reg) dst => _,
                k = inout(reg) n - 32 => _,
                v = in(ymm_reg) v,
                options(nostack)
            );
            return;
        }
        core::arch::asm!(
            "rep stosb",
            inout("rcx") n => _,
            inout("rdi") dst => _,
            in("al") byte,
            options(nostack, preserves_flags)
        );
    }
}

/// Compares `n` bytes at `a` and `b` as unsigned bytes (`memcmp`): negative, zero or positive
/// as the first differing byte of `a` is below, equal to or above `b`'s.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: every load lies in the `n` bytes at `a` and `b`.
    unsafe {
        if n < 16 {
            return compare_short(a, b, n);
        }
        let mut at = 0;
        loop {
            // the last step overlaps the one before it instead of reading past the end
            let i = if at + 16 <= n { at } else { n - 16 };
            let equal = _mm_movemask_epi8(_mm_cmpeq_epi8(load(a.add(i)), load(b.add(i)))) as u32;
            if equal != 0xffff {
                let j = i + (!equal & 0xffff).trailing_zeros() as usize;
                return i32::from(*a.add(j)) - i32::from(*b.add(j));
            }
            at = i + 16;
            if at >= n {
                return 0;
            }
        }
    }
}

/// [`compare`] below sixteen bytes: two overlapping words of eight or four bytes, read as
/// big-endian numbers (so that their order is the bytes' order), or the bytes themselves.
///
/// # Safety
/// As [`compare`], with `n < 16`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn compare_short(a: *const u8, b: *const u8, n: usize) -> i32 {
    let order = |x: u64, y: u64| -> i32 {
        match x.cmp(&y) {
            core::cmp::Ordering::Less => -1,
            core::cmp::Ordering::Equal => 0,
            core::cmp::Ordering::Greater => 1,
        }
    };
    // SAFETY: every load lies in the `n` bytes at `a` and `b`.
    unsafe {
        if n >= 8 {
            let word = |p: *const u8| u64::from_be(p.cast::<u64>().read_unaligned());
            let first = order(word(a), word(b));
            if first != 0 {
                return first;
            }
            return order(word(a.add(n - 8)), word(b.add(n - 8)));
        }
        if n >= 4 {
            let word = |p: *const u8| u64::from(u32::from_be(p.cast::<u32>().read_unaligned()));
            let first = order(word(a), word(b));
            if first != 0 {
                return first;
            }
            return order(word(a.add(n - 4)), word(b.add(n - 4)));
        }
        let mut i = 0;
        while i < n {
            let (x, y) = (*a.add(i), *b.add(i));
            if x != y {
                return i32::from(x) - i32::from(y);
            }
            i += 1;
        }
        0
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn load(p: *const u8) -> __m128i {
    // SAFETY: the caller reads sixteen bytes it may read; unaligned loads are allowed.
    unsafe { _mm_loadu_si128(p.cast()) }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn store(p: *mut u8, v: __m128i) {
    // SAFETY: the caller writes sixteen bytes it may write; unaligned stores are allowed.
    unsafe { _mm_storeu_si128(p.cast(), v) }
}

/// The C names, in the musl build only: the linker takes these instead of the C library's.
#[cfg(all(target_arch = "x86_64", target_env = "musl"))]
mod exports {
    use core::ffi::{c_int, c_void};

    /// # Safety
    /// As C's `memcpy`.
    #[no_mangle]
    pub unsafe extern "C" fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void {
        // SAFETY: C's contract is `copy`'s.
        unsafe { super::copy(dst.cast(), src.cast(), n) };
        dst
    }

    /// # Safety
    /// As C's `memmove`.
    #[no_mangle]
    pub unsafe extern "C" fn memmove(
        dst: *mut c_void,
        src: *const c_void,
        n: usize,
    ) -> *mut c_void {
        // SAFETY: C's contract is `copy`'s.
        unsafe { super::copy(dst.cast(), src.cast(), n) };
        dst
    }

    /// # Safety
    /// As C's `memset`.
    #[no_mangle]
    pub unsafe extern "C" fn memset(dst: *mut c_void, byte: c_int, n: usize) -> *mut c_void {
        // SAFETY: C's contract is `fill`'s; C converts the value to `unsigned char`.
        unsafe { super::fill(dst.cast(), byte as u8, n) };
        dst
    }

    /// # Safety
    /// As C's `memcmp`.
    #[no_mangle]
    pub unsafe extern "C" fn memcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
        // SAFETY: C's contract is `compare`'s.
        unsafe { super::compare(a.cast(), b.cast(), n) }
    }

    /// # Safety
    /// As C's `bcmp`.
    #[no_mangle]
    pub unsafe extern "C" fn bcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
        // SAFETY: C's contract is `compare`'s.
        unsafe { super::compare(a.cast(), b.cast(), n) }
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    /// Bytes that differ from place to place, `seed` choosing which.
    fn bytes(len: usize, seed: u8) -> Vec<u8> {
        // no period a copy from the wrong place could hide in (a byte pattern repeating every
        // 256 bytes would pass a copy off by 256)
        (0..len as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 ^ seed)
            .collect()
    }

    #[test]
    fn copies_are_byte_for_byte_for_every_size_and_overlap() {
        // every size to 300, then sizes around and past the loop's bounds (2,048 bytes, steps of
        // 128) to 4,200
        let sizes =
            (0..300).chain((300..4200).filter(|n| n % 61 == 0 || (n % 128) < 3 || n % 128 == 127));
        for n in sizes {
            // apart
            let src = bytes(n + 8, 3);
            for offset in 0..4 {
                let mut dst = vec![0u8; n + 8];
                // SAFETY: both buffers hold `offset + n` bytes.
                unsafe { super::copy(dst.as_mut_ptr().add(offset), src.as_ptr().add(1), n) };
                assert_eq!(
                    dst[offset..offset + n],
                    src[1..1 + n],
                    "copy of {n} at {offset}"
                );
                assert!(dst[..offset].iter().all(|&b| b == 0));
                assert!(dst[offset + n..].iter().all(|&b| b == 0));
            }
            // overlapping, both ways, by every shift up to 70 bytes
            for shift in 1..70usize {
                let original = bytes(n + shift, 7);
                let mut forward = original.clone();
                let mut expected = original.clone();
                expected.copy_within(shift..shift + n, 0);
                // SAFETY: the buffer holds `shift + n` bytes.
                unsafe {
                    let p = forward.as_mut_ptr();
                    super::copy(p, p.add(shift), n);
                }
                assert_eq!(forward, expected, "copy of {n} back by {shift}");
                let mut backward = original.clone();
                let mut expected = original.clone();
                expected.copy_within(0..n, shift);
                // SAFETY: the buffer holds `shift + n` bytes.
                unsafe {
                    let p = backward.as_mut_ptr();
                    super::copy(p.add(shift), p, n);
                }
                assert_eq!(backward, expected, "copy of {n} forward by {shift}");
            }
        }
    }

    #[test]
    fn fills_set_exactly_their_bytes() {
        let sizes =
            (0..300).chain((300..4200).filter(|n| n % 61 == 0 || (n % 32) < 3 || n % 32 == 31));
        for n in sizes {
            for byte in [0u8, 0x5a, 0xff] {
                let mut dst = vec![1u8; n + 6];
                // SAFETY: the buffer holds `3 + n` bytes.
                unsafe { super::fill(dst.as_mut_ptr().add(3), byte, n) };
                assert!(dst[3..3 + n].iter().all(|&b| b == byte), "fill of {n}");
                assert!(dst[..3].iter().chain(&dst[3 + n..]).all(|&b| b == 1));
            }
        }
    }

    #[test]
    fn comparisons_order_as_the_first_differing_byte() {
        let sign = |x: i32| x.signum();
        for n in 0..300 {
            let a = bytes(n, 11);
            // SAFETY: both hold `n` bytes.
            assert_eq!(
                unsafe { super::compare(a.as_ptr(), a.clone().as_ptr(), n) },
                0
            );
            for at in 0..n {
                for (x, y) in [
                    (0u8, 1u8),
                    (1, 0),
                    (0x7f, 0x80),
                    (0x80, 0x7f),
                    (0, 0xff),
                    (0xff, 0),
                ] {
                    let (mut p, mut q) = (a.clone(), a.clone());
                    p[at] = x;
                    q[at] = y;
                    // later bytes must not decide
                    if at + 1 < n {
                        p[at + 1] = 0;
                        q[at + 1] = 0xff;
                    }
                    // SAFETY: both hold `n` bytes.
                    let got = unsafe { super::compare(p.as_ptr(), q.as_ptr(), n) };
                    assert_eq!(
                        sign(got),
                        sign(i32::from(x) - i32::from(y)),
                        "{n} bytes, differing at {at}"
                    );
                    assert_eq!(sign(got), p.cmp(&q) as i32, "{n} bytes, differing at {at}");
                }
            }
        }
    }
}
