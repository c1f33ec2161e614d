#!/usr/bin/env bash
# The command line built for speed: the same sources and the same release profile as `cargo
# build --release`, compiled a second time with profile-guided optimisation (PGO: a record of
# which branches and calls a training run took, so that LLVM lays out and inlines the hot paths)
# and, on Linux, linked statically (docs/speed.md, sixteenth round): on x86-64 Linux against
# musl, elsewhere on Linux against glibc (twenty-second round). Answers are the same byte for
# byte; the test command checks this (scripts/test.sh).
#
#   scripts/build-cli.sh            builds target/pgo/policy-playground
#
# Steps (each run starts afresh, so the script is idempotent):
# 1. `rustup component add llvm-tools` (llvm-profdata, matching rustc's LLVM);
# 2. an instrumented build (`-Cprofile-generate`) in target/pgo/generate;
# 3. the training run: `simulate --batch` on 20,000 seeded random cases of the layered
#    differential generator and on one scenario asked 20,000 requests, written by
#    `bench/throughput.mjs --write` with seed 7. The benchmark's workloads are held out: its mix
#    uses seed 1, and the corpus is not part of the training;
# 4. `llvm-profdata merge`, then the optimised build (`-Cprofile-use`; on Linux statically
#    linked, see below) in target/pgo/use, copied to target/pgo/policy-playground.
#
# The flags go through RUSTFLAGS with an explicit `--target`, so they reach this workspace's
# crates and their dependencies, not build scripts or proc macros (a static build drops the
# library's `cdylib` crate type, which only the page uses, with a warning). Needs node >= 20
# and bench/'s npm packages (scripts/setup.sh installs both). Takes about two minutes on a
# 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*" >&2; }

host=$(rustc -vV | sed -n 's/^host: //p')
out=$PWD/target/pgo
# The C library it links: on x86-64 Linux, musl (rustup's `x86_64-unknown-linux-musl` target;
# the command line builds no C code of its own, so no musl C compiler is needed). glibc's
# start-up asks the processor its features and cache sizes with a few dozen `cpuid`
# instructions, and in a virtual machine each traps to the hypervisor (about 5 µs each on the
# development machine): a quarter of a one-case run. musl's asks nothing. musl's own memory
# functions are plain loops, so the binary brings its own `memcpy`, `memmove`, `memset`,
# `memcmp` and `bcmp` (src/bin/policy-playground/memory.rs), which the linker takes instead.
# One case 0.84 → 0.60 ms, the corpus 5.29 → 4.97 ms, the mix the same (docs/speed.md,
# twenty-second round). PP_CLI_TARGET overrides the target (`x86_64-unknown-linux-gnu` for the
# glibc build). When rustup cannot add the target, the glibc build is made, and the script says
# so.
has_target() { rustup target list --installed | grep -qx "$1" || rustup target add "$1"; }
target=${PP_CLI_TARGET:-}
if [ -z "$target" ] && [ "$host" = x86_64-unknown-linux-gnu ]; then
  musl=x86_64-unknown-linux-musl
  if ! has_target "$musl"; then
    echo "scripts/build-cli.sh: rustup could not add $musl; building against glibc" >&2
  else
    target=$musl
  fi
fi
target=${target:-$host}
[ "$target" = "$host" ] || has_target "$target"

# On Linux the optimised binary is linked statically: no dynamic loader and no symbol
# relocations at start-up, and thread-locals (the parser's memo, the allocator's free lists) reached
# directly (musl targets link statically anyway). The command line uses nothing of glibc that
# needs dynamic loading. It is also a fixed-address executable (`-Crelocation-model=static`,
# not a static PIE): a static PIE patches its 4,700 address slots at every start, writing
# private copies of the pages that hold them; that was a quarter of an empty batch's time
# (docs/speed.md, nineteenth round). What this gives up: the executable's own code and data are
# not placed at a random address (the heap, the stacks and the mapped memory still are).
# `cargo build --release` is unchanged (a PIE).
static=
case "$target" in
  *-linux-gnu) static=" -Ctarget-feature=+crt-static -Crelocation-model=static" ;;
  *-linux-musl) static=" -Crelocation-model=static" ;;
esac

# The instructions it may use: on an x86-64 machine that has every feature of the x86-64-v3
# level (AVX2, BMI2, FMA, MOVBE, ...: Intel since 2013, AMD since 2015), that level, so that
# `memchr`'s first search knows AVX2 is there without asking the processor: the run-time
# check asks with `cpuid`, a trap to the hypervisor costing about 5 µs each in a virtual
# machine such as this project's (docs/speed.md, twenty-first round). The binary
# then runs only on such processors. PP_TARGET_CPU overrides the choice (`x86-64` for a binary
# that runs on every x86-64 processor, `native` for this one's every feature).
cpu=${PP_TARGET_CPU:-}
if [ -z "$cpu" ] && [ "${host%%-*}" = x86_64 ]; then
  v3=$(rustc --print cfg -Ctarget-cpu=x86-64-v3 | grep '^target_feature=' | sort)
  here=$(rustc --print cfg -Ctarget-cpu=native | grep '^target_feature=' | sort)
  if [ -z "$(comm -23 <(printf '%s\n' "$v3") <(printf '%s\n' "$here"))" ]; then
    cpu=x86-64-v3
  fi
fi
cpuflag=${cpu:+ -Ctarget-cpu=$cpu}

step "llvm-tools (llvm-profdata)"
rustup component add llvm-tools >/dev/null 2>&1 || rustup component add llvm-tools
profdata=$(find "$(rustc --print sysroot)/lib/rustlib" -name llvm-profdata -type f | head -n 1)
if [ -z "$profdata" ]; then
  echo "scripts/build-cli.sh: llvm-profdata not found after 'rustup component add llvm-tools'" >&2
  exit 1
fi

if [ ! -d bench/node_modules/@cloud-copilot/iam-simulate ]; then
  step "bench/ npm packages"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$out/profiles" "$out/train" "$out/merged.profdata"
mkdir -p "$out/profiles"

step "instrumented build (-Cprofile-generate)"
RUSTFLAGS="-Cprofile-generate=$out/profiles$cpuflag" \
  cargo build --quiet --release --bin policy-playground --target "$target" --target-dir "$out/generate"

step "training workloads (bench/throughput.mjs --write, seed 7)"
node bench/throughput.mjs --write "$out/train" --seed 7 --cases 20000 >/dev/null

step "training run"
for workload in mix scenario; do
  "$out/generate/$target/release/policy-playground" simulate --batch \
    < "$out/train/$workload.jsonl" > /dev/null
done
"$profdata" merge -o "$out/merged.profdata" "$out"/profiles/*.profraw

step "optimised build (-Cprofile-use, $target${static:+, statically linked}${cpu:+, for $cpu})"
RUSTFLAGS="-Cprofile-use=$out/merged.profdata$static$cpuflag" \
  cargo build --quiet --release --bin policy-playground --target "$target" --target-dir "$out/use"
cp "$out/use/$target/release/policy-playground" "$out/policy-playground"
# the instruction level it was built for (empty: the target's baseline), for scripts/test.sh
printf '%s\n' "$cpu" > "$out/target-cpu"
echo "$out/policy-playground" >&2
