//! The command line's allocator: blocks of a few size classes, carved in order from one
//! reserved region of address space and reused through a free list per class and thread.
//!
//! Why not a general-purpose allocator: on the development machine (a virtual machine), memory
//! touched for the first time is what costs. A 4 KiB page costs about 1.7 µs at its first
//! write, a 2 MiB transparent huge page 0.1–0.4 ms, so a short process pays for every page
//! it touches more than for most of its instructions. mimalloc, which the command line used
//! before, gives every size class of every thread pages of its own (64 KiB, 512 KiB or 4 MiB)
//! spread over its reservation: the corpus batch touched ten huge pages (20 MiB) for about
//! 5 MiB in use, and the kernel's clearing of them was a sixth of the batch's time with two
//! threads (docs/speed.md, twenty-ninth session). Here every thread takes its blocks from
//! 256 KiB slabs of one region, one after the other, so the memory touched is about the
//! memory used: 10 MB resident for the corpus instead of 27, and the corpus batch about a
//! fifth faster.
//!
//! The trade, right for a process that decides a batch and exits: nothing is returned to the
//! system before exit, a freed block is reused only for its own size class (classes are at
//! most a quarter apart, so a block is at most a quarter larger than asked), and a thread's
//! free blocks are lost when it ends (the batch's threads end with the batch).
//!
//! Outside Linux, for alignments above 16 bytes, and if the region cannot be reserved or is
//! used up, blocks come from the system's allocator; a block is freed by whichever allocator
//! owns its address.
#![allow(unsafe_code)]
// Outside Linux every block is the system's: the classes are then used by the tests only.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout, System};
#[cfg(target_os = "linux")]
use std::cell::Cell;
#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every block of a class is a multiple of this, and aligned to it.
const GRAIN: usize = 16;
/// Sizes up to this are classes 16 bytes apart; above it, four classes per power of two.
const FINE_MAX: usize = 128;
/// Blocks up to this size are served by classes; larger ones by the system.
const MAX_CLASS_SIZE: usize = 1 << 40;
/// How many classes there are: 8 up to [`FINE_MAX`], then four per power of two up to
/// [`MAX_CLASS_SIZE`].
const CLASSES: usize = 8 + 4 * 33;
/// What a thread takes from the region at a time for its blocks.
#[cfg(target_os = "linux")]
const SLAB: usize = 256 << 10;
/// Blocks larger than this are taken from the region one by one rather than from a slab.
#[cfg(target_os = "linux")]
const DIRECT: usize = 32 << 10;
/// The address space reserved (not memory: pages are mapped when first written). A batch needs a
/// few megabytes, a 45 MB case about 400; past 16 GiB blocks come from the system. (Valgrind,
/// with which docs/speed.md counts instructions, refuses a reservation of 64 GiB.)
#[cfg(target_os = "linux")]
const REGION: usize = 16 << 30;
/// The region starts on a huge page.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

/// The class of a block of `size` bytes (at most [`MAX_CLASS_SIZE`]): its index and the size
/// of its blocks, the least class size at least `size`.
fn class_of(size: usize) -> (usize, usize) {
    if size <= FINE_MAX {
        let index = size.max(1).div_ceil(GRAIN) - 1;
        (index, (index + 1) * GRAIN)
    } else {
        // 2^k < size <= 2^(k+1), k >= 7: four classes 2^(k-2) apart
        let below = size - 1;
        let k = (usize::BITS - 1 - below.leading_zeros()) as usize;
        let quarter = (below >> (k - 2)) & 3;
        let class_size = (1 << k) + (quarter + 1) * (1 << (k - 2));
        (8 + (k - 7) * 4 + quarter, class_size)
    }
}

/// The allocator (see the module's comment).
pub struct Classes;

/// The reserved region, set up by the first allocation.
#[cfg(target_os = "linux")]
mod region {
    use super::*;

    /// The region's first address (0 until it is made).
    static START: AtomicUsize = AtomicUsize::new(0);
    /// The first address not yet given to a thread.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    /// The address after the region (0 until it is made).
    static END: AtomicUsize = AtomicUsize::new(0);
    /// 0: not made yet; 1: being made; 2: made; 3: could not be made.
    static STATE: AtomicUsize = AtomicUsize::new(0);

    /// Whether the region is there, making it on the first call.
    #[inline]
    pub(super) fn ready() -> bool {
        match STATE.load(Ordering::Acquire) {
            2 => true,
            3 => false,
            _ => make(),
        }
    }

    #[cold]
    fn make() -> bool {
        if STATE
            .compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // made (2), or could not be (3); or another thread is making it (1), and rather
            // than wait, this block comes from the system (so nothing can wait on itself)
            return STATE.load(Ordering::Acquire) == 2;
        }
        // SAFETY: a new private anonymous mapping, not overlapping anything of this process;
        // MAP_NORESERVE: address space only, pages come when written.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                REGION,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            STATE.store(3, Ordering::Release);
            return false;
        }
        // Huge pages where the system allows them (`transparent_hugepage` `madvise` or
        // `always`): a failure only means 4 KiB pages.
        // SAFETY: advice on the mapping just made.
        unsafe { libc::madvise(p, REGION, libc::MADV_HUGEPAGE) };
        let start = (p as usize).next_multiple_of(HUGE_PAGE);
        START.store(start, Ordering::Relaxed);
        NEXT.store(start, Ordering::Relaxed);
        END.store(p as usize + REGION, Ordering::Relaxed);
        STATE.store(2, Ordering::Release);
        true
    }

    /// `bytes` (a multiple of [`GRAIN`]) of the region, or 0 when it has not that much left
    /// (a request too large for it leaves the rest to smaller ones).
    pub(super) fn take(bytes: usize) -> usize {
        let end = END.load(Ordering::Relaxed);
        let mut at = NEXT.load(Ordering::Relaxed);
        loop {
            match at.checked_add(bytes) {
                Some(next) if next <= end => {
                    match NEXT.compare_exchange_weak(at, next, Ordering::Relaxed, Ordering::Relaxed)
                    {
                        Ok(_) => return at,
                        Err(now) => at = now,
                    }
                }
                _ => return 0,
            }
        }
    }

    /// Whether the block at `p` is the region's.
    #[inline]
    pub(super) fn holds(p: *mut u8) -> bool {
        let a = p as usize;
        a >= START.load(Ordering::Relaxed) && a < END.load(Ordering::Relaxed)
    }
}

/// A thread's free blocks and the rest of its slab.
#[cfg(target_os = "linux")]
struct Local {
    /// The first free block of each class (0: none); a free block's first word is the next's
    /// address.
    free: [Cell<usize>; CLASSES],
    /// The slab's next unused address, and its end.
    bump: Cell<usize>,
    end: Cell<usize>,
}

#[cfg(target_os = "linux")]
thread_local! {
    // Constant and without a destructor: reached directly, and usable at any time of the
    // thread's life, its end included.
    static LOCAL: Local = const {
        Local {
            free: [const { Cell::new(0) }; CLASSES],
            bump: Cell::new(0),
            end: Cell::new(0),
        }
    };
}

#[cfg(target_os = "linux")]
impl Classes {
    /// A block of class `index` (`class_size` bytes), or 0 when the region is used up; and
    /// whether it is fresh (never handed out, so all zeros: the region's pages are).
    #[inline]
    fn block(index: usize, class_size: usize) -> (usize, bool) {
        LOCAL.with(|local| {
            let head = local.free[index].get();
            if head != 0 {
                // SAFETY: `head` is a free block of this class, which holds the next one's
                // address in its first word (written by `dealloc`).
                local.free[index].set(unsafe { (head as *const usize).read() });
                return (head, false);
            }
            if class_size > DIRECT {
                return (region::take(class_size), true);
            }
            let bump = local.bump.get();
            if bump != 0 && local.end.get() - bump >= class_size {
                local.bump.set(bump + class_size);
                return (bump, true);
            }
            let slab = region::take(SLAB);
            if slab != 0 {
                local.bump.set(slab + class_size);
                local.end.set(slab + SLAB);
            }
            (slab, true)
        })
    }

    /// Grows the block at `block` of `old_class` bytes to `new_class` bytes where it is, when
    /// it is the last block carved from this thread's slab and the slab has the room.
    #[inline]
    fn grow_in_place(block: usize, old_class: usize, new_class: usize) -> bool {
        LOCAL.with(|local| {
            let fits =
                local.bump.get() == block + old_class && local.end.get() - block >= new_class;
            if fits {
                local.bump.set(block + new_class);
            }
            fits
        })
    }

    /// A block for `layout` from the classes, and whether it is fresh; `None` when the system
    /// has to give it.
    #[inline]
    fn from_classes(layout: Layout) -> Option<(*mut u8, bool)> {
        if layout.align() <= GRAIN && layout.size() <= MAX_CLASS_SIZE && region::ready() {
            let (index, class_size) = class_of(layout.size());
            let (block, fresh) = Self::block(index, class_size);
            if block != 0 {
                return Some((block as *mut u8, fresh));
            }
        }
        None
    }
}

// SAFETY: a block of class size at least `layout.size()`, aligned to GRAIN (class sizes and
// slabs are multiples of it, and the region starts aligned), is handed out once until it is
// freed; larger alignments and sizes, and every block when the region is missing or used up,
// go to `System`, and each block is freed by the allocator whose address range holds it.
unsafe impl GlobalAlloc for Classes {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if let Some((block, _)) = Self::from_classes(layout) {
            return block;
        }
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` receives it.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if let Some((block, fresh)) = Self::from_classes(layout) {
            if !fresh {
                // SAFETY: the block has at least `layout.size()` bytes.
                unsafe { block.write_bytes(0, layout.size()) };
            }
            return block;
        }
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc_zeroed` receives it.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        #[cfg(target_os = "linux")]
        if region::holds(ptr) {
            let (index, _) = class_of(layout.size());
            LOCAL.with(|local| {
                // SAFETY: the block is the region's, of this class (the caller's `layout` is
                // the one it was allocated with), at least GRAIN bytes and aligned to it,
                // and no longer used by the caller.
                unsafe { ptr.cast::<usize>().write(local.free[index].get()) };
                local.free[index].set(ptr as usize);
            });
            return;
        }
        // SAFETY: not the region's, so the system's (see `alloc`), with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if region::holds(ptr) && new_size <= MAX_CLASS_SIZE {
            let (old_index, old_class) = class_of(layout.size());
            let (new_index, new_class) = class_of(new_size);
            // the block already has room for the new size, or its slab has it just after
            if old_index == new_index
                || (new_index > old_index
                    && Self::grow_in_place(ptr as usize, old_class, new_class))
            {
                return ptr;
            }
        }
        // SAFETY: `GlobalAlloc::realloc`'s contract: `new_size` rounded to the alignment does
        // not overflow `isize`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a non-zero size (the caller's contract).
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap; the old
            // one is freed with the layout it was allocated with.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_fit_their_sizes_closely_and_in_order() {
        let fits = |size: usize| {
            let (index, class_size) = class_of(size);
            assert!(index < CLASSES, "size {size}");
            assert!(class_size >= size, "size {size}");
            assert_eq!(class_size % GRAIN, 0, "size {size}");
            // at most a quarter (or one grain) above the size
            assert!(
                class_size <= (size + size / 4).max(size + GRAIN),
                "size {size}"
            );
            (index, class_size)
        };
        // every size up to 70,000: each class is the least class size at least the size, the
        // classes one after the other
        let mut last = fits(1);
        assert_eq!(last, (0, GRAIN));
        for size in 2..=70_000 {
            let now = fits(size);
            if now.0 == last.0 {
                assert_eq!(now.1, last.1, "size {size}");
            } else {
                assert_eq!(now.0, last.0 + 1, "size {size}");
                assert_eq!(size, last.1 + 1, "size {size}");
            }
            last = now;
        }
        // beyond, around every power of two up to the largest class
        for k in 17..40 {
            for size in [(1usize << k) - 1, 1 << k, (1 << k) + 1] {
                let now = fits(size);
                assert!(now.0 >= last.0, "size {size}");
                last = now;
            }
        }
        assert_eq!(fits(MAX_CLASS_SIZE), (CLASSES - 1, MAX_CLASS_SIZE));
    }

    /// Writes `len` bytes of a pattern of `seed` at `p`.
    fn fill(p: *mut u8, len: usize, seed: u8) {
        for i in 0..len {
            // SAFETY: callers pass blocks of at least `len` bytes.
            unsafe { p.add(i).write(seed.wrapping_add(i as u8)) }
        }
    }

    /// Whether the `len` bytes at `p` still hold `fill`'s pattern of `seed`.
    fn holds_fill(p: *const u8, len: usize, seed: u8) -> bool {
        // SAFETY: callers pass blocks of at least `len` bytes.
        (0..len).all(|i| unsafe { p.add(i).read() } == seed.wrapping_add(i as u8))
    }

    /// Blocks of sizes from 1 byte to past a slab, at every alignment up to 4 KiB: each is
    /// aligned as asked, keeps what was written to it while others are made, keeps its first
    /// bytes when it grows and shrinks, and reads as zeros when asked zeroed (a reused block
    /// included).
    #[test]
    fn blocks_are_aligned_separate_and_keep_their_bytes() {
        let mut kept = Vec::new();
        let sizes =
            (1..=9000)
                .step_by(37)
                .chain([16, 128, 129, 4096, 32 << 10, (32 << 10) + 1, 300 << 10]);
        for (n, size) in sizes.enumerate() {
            let mut align = 1;
            while align <= 4096 {
                let layout = Layout::from_size_align(size, align).unwrap();
                let seed = (n + align) as u8;
                // SAFETY: non-zero sizes; each block is used within its size and freed once
                // with the layout it has then.
                unsafe {
                    let p = Classes.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    fill(p, size, seed);
                    let z = Classes.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed: size {size}, align {align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    fill(z, size, 0xff);
                    Classes.dealloc(z, layout);
                    let z = Classes.alloc_zeroed(layout);
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    Classes.dealloc(z, layout);
                    assert!(holds_fill(p, size, seed), "size {size}, align {align}");
                    let grown = Classes.realloc(p, layout, size * 3);
                    assert_eq!(
                        grown as usize % align,
                        0,
                        "grown: size {size}, align {align}"
                    );
                    assert!(holds_fill(grown, size, seed), "grown: size {size}");
                    fill(grown, size * 3, seed);
                    let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                    let shrunk = Classes.realloc(grown, grown_layout, size.div_ceil(2));
                    assert_eq!(shrunk as usize % align, 0, "shrunk: size {size}");
                    assert!(
                        holds_fill(shrunk, size.div_ceil(2), seed),
                        "shrunk: size {size}"
                    );
                    // kept a while, so that later blocks are made while these are in use
                    kept.push((shrunk, size.div_ceil(2), seed, align));
                }
                align *= 2;
            }
        }
        for (p, len, seed, align) in kept {
            assert!(holds_fill(p, len, seed), "kept: size {len}, align {align}");
            // SAFETY: allocated above with this layout.
            unsafe { Classes.dealloc(p, Layout::from_size_align(len, align).unwrap()) }
        }
    }

    /// A freed block is the next one of its class the thread is given, and a block freed by
    /// another thread than the one that made it is reused by the thread that freed it.
    #[cfg(target_os = "linux")]
    #[test]
    fn freed_blocks_are_reused_by_the_thread_that_frees_them() {
        let layout = Layout::from_size_align(200, 8).unwrap();
        // SAFETY: non-zero size; blocks freed once with their layout.
        unsafe {
            let a = Classes.alloc(layout);
            assert!(region::holds(a));
            Classes.dealloc(a, layout);
            assert_eq!(Classes.alloc(layout), a);
            let handed = a as usize;
            let b = std::thread::spawn(move || {
                let a = handed as *mut u8;
                Classes.dealloc(a, layout);
                let b = Classes.alloc(layout);
                fill(b, 200, 7);
                b as usize
            })
            .join()
            .unwrap();
            assert_eq!(b, handed);
            assert!(holds_fill(b as *const u8, 200, 7));
            Classes.dealloc(b as *mut u8, layout);
        }
    }

    /// The last block carved from a thread's slab grows where it is while the slab has room,
    /// keeping its bytes; a block with another after it moves.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_last_block_of_a_slab_grows_where_it_is() {
        let layout = Layout::from_size_align(3000, 8).unwrap();
        // SAFETY: non-zero sizes; each block used within its size and freed once.
        unsafe {
            // room in this thread's slab for the blocks below, carved one after the other
            let filler = Layout::from_size_align(DIRECT, 16).unwrap();
            let mut fillers = Vec::new();
            while LOCAL.with(|l| l.end.get() - l.bump.get()) > 3 * DIRECT {
                fillers.push(Classes.alloc(filler));
            }
            let a = Classes.alloc(layout);
            fill(a, 3000, 3);
            let grown = Classes.realloc(a, layout, 9000);
            assert_eq!(grown, a);
            assert!(holds_fill(grown, 3000, 3));
            let grown_layout = Layout::from_size_align(9000, 8).unwrap();
            let b = Classes.alloc(layout);
            let moved = Classes.realloc(grown, grown_layout, 20_000);
            assert_ne!(moved, grown);
            assert!(holds_fill(moved, 3000, 3));
            Classes.dealloc(moved, Layout::from_size_align(20_000, 8).unwrap());
            Classes.dealloc(b, layout);
            for f in fillers {
                Classes.dealloc(f, filler);
            }
        }
    }

    /// A request larger than what is left of the region is refused without using it up: the
    /// next small one is still served.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_request_too_large_for_the_region_leaves_it_to_others() {
        assert!(region::ready());
        assert_eq!(region::take(2 * REGION), 0);
        assert_eq!(region::take(usize::MAX & !(GRAIN - 1)), 0);
        let small = region::take(GRAIN);
        assert_ne!(small, 0);
        assert!(region::holds(small as *mut u8));
    }

    /// Alignments above 16 bytes come from the system's allocator, and go back to it.
    #[cfg(target_os = "linux")]
    #[test]
    fn large_alignments_are_the_systems() {
        let layout = Layout::from_size_align(100, 64).unwrap();
        // SAFETY: non-zero size; freed once with its layout.
        unsafe {
            let p = Classes.alloc(layout);
            assert!(!region::holds(p));
            assert_eq!(p as usize % 64, 0);
            let grown = Classes.realloc(p, layout, 10_000);
            assert_eq!(grown as usize % 64, 0);
            Classes.dealloc(grown, Layout::from_size_align(10_000, 64).unwrap());
        }
    }
}
