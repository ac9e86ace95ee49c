#!/usr/bin/env python3
"""Summarise `perf script` output (recorded with --call-graph dwarf) by function.

    perf script -i perf.data --no-inline | python3 perf_summary.py [--root FUNC] [--top N]

For every sample the stack is read leaf first. With --root, only samples
whose stack contains a frame matching FUNC count, and percentages are of
those samples. Prints:
  - self: the leaf frame (library internals such as regex_automata
    included), and the first project frame (attache_*) above the leaf, which
    says which project function pays for library time;
  - inclusive: every project function's share of samples that pass through it.
"""
import argparse
import collections
import re
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--root", default=None, help="substring of a frame that must be on the stack")
ap.add_argument("--top", type=int, default=25)
args = ap.parse_args()

FRAME = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")


def clean(sym):
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    # strip generic arguments for readability
    out, depth = [], 0
    for ch in sym:
        if ch == "<":
            depth += 1
            if depth == 1 and out and out[-1] != ":":
                pass
        if depth == 0:
            out.append(ch)
        if ch == ">":
            depth = max(0, depth - 1)
    s = "".join(out)
    s = re.sub(r"::h[0-9a-f]{16}$", "", s)
    return s or sym


samples = []
stack = []
for line in sys.stdin:
    if not line.strip():
        if stack:
            samples.append(stack)
        stack = []
        continue
    m = FRAME.match(line)
    if m:
        stack.append(clean(m.group(1)))
if stack:
    samples.append(stack)

if args.root:
    samples = [s for s in samples if any(args.root in f for f in s)]
total = len(samples)
if total == 0:
    sys.exit("no samples")

leaf = collections.Counter()
owner = collections.Counter()
incl = collections.Counter()
for s in samples:
    leaf[s[0]] += 1
    proj = next((f for f in s if "attache" in f and "attache_bench" not in f), None)
    owner[proj or "(no project frame)"] += 1
    for f in set(s):
        if "attache" in f and "attache_bench" not in f:
            incl[f] += 1

print(f"{total} samples" + (f" under {args.root}" if args.root else ""))
for title, c in (("self (leaf frame)", leaf), ("self by nearest project frame", owner), ("inclusive (project frames)", incl)):
    print(f"\n## {title}")
    for name, n in c.most_common(args.top):
        print(f"{100.0 * n / total:6.2f}%  {name}")
