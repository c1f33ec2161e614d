// PCG32 (O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms for
// Random Number Generation", 2014; the `pcg32` = XSH-RR 64/32 member), written from the published
// algorithm with plain 32-bit arithmetic (no BigInt, so it is fast in node).
//
// State: a 64-bit LCG, state' = state * 6364136223846793005 + inc (mod 2^64), with an odd
// increment. By the Hull–Dobell theorem (the increment is odd, the multiplier is 1 mod 4, and 2 is
// the only prime factor of 2^64) the state runs through all 2^64 values before it repeats: the
// period is 2^64 for every seed and every stream. Each 32-bit output is a permutation (xorshift
// high, random rotation) of the old state, so every output value occurs exactly 2^32 times per
// period. The seed chooses the starting point on that cycle (pcg32_srandom_r's procedure).

const MUL_HI = 0x5851f42d // 6364136223846793005 = 0x5851f42d4c957f2d
const MUL_LO = 0x4c957f2d
const TWO32 = 4294967296

/** (ah:al * bh:bl) mod 2^64, as [hi, lo] unsigned 32-bit halves. */
function mul64(ah, al, bh, bl) {
  const a0 = al & 0xffff
  const a1 = al >>> 16
  const b0 = bl & 0xffff
  const b1 = bl >>> 16
  const mid = a0 * b1 + a1 * b0 // < 2^33
  let lo = a0 * b0 + (mid % 65536) * 65536 // < 2^33
  const carry = Math.floor(lo / TWO32)
  lo >>>= 0
  const hi = (a1 * b1 + Math.floor(mid / 65536) + carry + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0
  return [hi, lo]
}

/** (ah:al + bh:bl) mod 2^64. */
function add64(ah, al, bh, bl) {
  const lo = al + bl
  return [(ah + bh + (lo >= TWO32 ? 1 : 0)) >>> 0, lo >>> 0]
}

/** A 64-bit value from a JS number or bigint (seeds), as [hi, lo]. */
function split64(v) {
  const b = BigInt.asUintN(64, BigInt(v))
  return [Number(b >> 32n), Number(b & 0xffffffffn)]
}

export class Pcg32 {
  /** `seed` and `stream` are integers (number or bigint); the stream selects the increment. */
  constructor(seed, stream = 54) {
    const [sh, sl] = split64(stream)
    // inc = (stream << 1) | 1
    this.ih = ((sh << 1) | (sl >>> 31)) >>> 0
    this.il = ((sl << 1) | 1) >>> 0
    this.hi = 0
    this.lo = 0
    this.next()
    const [seedHi, seedLo] = split64(seed)
    ;[this.hi, this.lo] = add64(this.hi, this.lo, seedHi, seedLo)
    this.next()
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  next() {
    const oh = this.hi
    const ol = this.lo
    const [mh, ml] = mul64(oh, ol, MUL_HI, MUL_LO)
    ;[this.hi, this.lo] = add64(mh, ml, this.ih, this.il)
    // xorshifted = ((old >> 18) ^ old) >> 27, truncated to 32 bits; rot = old >> 59
    const xh = oh ^ (oh >>> 18)
    const xl = ol ^ (((ol >>> 18) | (oh << 14)) >>> 0)
    const x = ((xl >>> 27) | (xh << 5)) >>> 0
    const rot = oh >>> 27
    return ((x >>> rot) | (x << ((32 - rot) & 31))) >>> 0
  }

  /** An unbiased integer in [0, n) (rejection of the 2^32 mod n lowest outputs). */
  below(n) {
    if (!(n >= 1 && n <= TWO32)) throw new RangeError(`below(${n})`)
    const threshold = (TWO32 - n) % n
    for (;;) {
      const r = this.next()
      if (r >= threshold) return r % n
    }
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p * TWO32
  }

  /** One element of a non-empty array, uniformly. */
  pick(list) {
    return list[this.below(list.length)]
  }

  /** One element of [[weight, value], ...], by weight. */
  weighted(pairs) {
    const total = pairs.reduce((s, [w]) => s + w, 0)
    let r = this.below(total)
    for (const [w, v] of pairs) {
      if (r < w) return v
      r -= w
    }
    return pairs[pairs.length - 1][1]
  }

  /** k distinct elements of a list (k ≤ length), in the list's order. */
  some(list, k) {
    const idx = list.map((_, i) => i)
    for (let i = 0; i < k; i++) {
      const j = i + this.below(idx.length - i)
      ;[idx[i], idx[j]] = [idx[j], idx[i]]
    }
    return idx.slice(0, k).sort((a, b) => a - b).map((i) => list[i])
  }
}

/** The reference values of pcg32 (seed 42, stream 54: the pcg32-demo sequence). */
export const PCG32_REFERENCE = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]

/** Throws unless the generator reproduces the reference sequence. */
export function checkPcg32() {
  const g = new Pcg32(42, 54)
  for (const want of PCG32_REFERENCE) {
    const got = g.next()
    if (got !== want) throw new Error(`pcg32 self-test failed: got ${got.toString(16)}, want ${want.toString(16)}`)
  }
}
