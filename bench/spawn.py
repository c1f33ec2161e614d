#!/usr/bin/env python3
"""Whole-process wall time of commands, alternated run by run so that a slow moment of the
machine falls on all of them alike (the start-up figures of docs/speed.md, eighth round).

    python3 bench/spawn.py RUNS INPUT CMD [ARGS...] [';;' [VAR=VALUE...] CMD [ARGS...]]...

Each run starts every command once, in turn, with `posix_spawn` (no shell), INPUT as its
standard input (a file; /dev/null for none) and /dev/null as its standard output, and times it
from the spawn to `waitpid`'s return. Prints the median and the minimum of the RUNS runs per
command, in ms. `VAR=VALUE` words before a command set its environment (e.g.
`MIMALLOC_ALLOW_THP=0`). Example, two builds on one case:

    python3 bench/spawn.py 300 one.jsonl old/policy-playground simulate --batch ';;' \\
        target/release/policy-playground simulate --batch

A benchmark, not a test: it exits 0 unless a command cannot be started.
"""
import os
import statistics
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, path = int(sys.argv[1]), sys.argv[2]
    specs = []
    for words in (c.split() for c in " ".join(sys.argv[3:]).split(";;")):
        env, i = dict(os.environ), 0
        while i < len(words) and "=" in words[i] and not words[i].startswith("/"):
            key, value = words[i].split("=", 1)
            env[key] = value
            i += 1
        specs.append((words[i:], env, " ".join(words)))
    times = [[] for _ in specs]
    for _ in range(runs):
        for k, (argv, env, _) in enumerate(specs):
            with open(path, "rb") as stdin:
                actions = [
                    (os.POSIX_SPAWN_DUP2, stdin.fileno(), 0),
                    (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
                ]
                start = time.perf_counter()
                pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
                os.waitpid(pid, 0)
                times[k].append(time.perf_counter() - start)
    for k, (_, _, name) in enumerate(specs):
        print(f"{statistics.median(times[k]) * 1000:8.3f} ms median {min(times[k]) * 1000:8.3f} ms min  {name}")


if __name__ == "__main__":
    main()
