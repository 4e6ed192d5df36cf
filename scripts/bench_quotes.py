#!/usr/bin/env python3
"""The quotes plugin's speed: documents/s and MB/s on one thread, through its
C ABI (newswire-plugin-bench, as scripts/bench measures sentiment), with the
sentiment plugin measured the same way in the same run for scale. Each figure
is the median of --reps runs of --seconds each, the two plugins' runs
interleaved; prints a Markdown section.

  scripts/bench_quotes.py [--bin .build/release] [--seconds 3] [--reps 3] ARTICLES...

Builds nothing: run `swift build -c release` first (scripts/bench does).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def plugin_bench(bin_dir, plugin, method, seconds, articles):
    cmd = [os.path.join(bin_dir, "newswire-plugin-bench"), "--plugin", os.path.join(bin_dir, plugin),
           "--seconds", str(seconds), "--json"]
    if method:
        cmd += ["--method", method]
    out = subprocess.run(cmd + articles, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def interleaved(bin_dir, rows, seconds, reps, articles):
    """Runs each row once per round, rounds one after another, so that a change in the machine's
    load falls on every row alike; the median of each row's runs."""
    runs = {label: [] for label, _, _ in rows}
    for _ in range(reps):
        for label, so, method in rows:
            runs[label].append(plugin_bench(bin_dir, so, method, seconds, articles))
    return [(label, statistics.median(r["docs_per_second"] for r in runs[label]), statistics.median(r["mb_per_second"] for r in runs[label]))
            for label, _, _ in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("articles", nargs="+")
    a = ap.parse_args()
    for so in ("libnewswire-quotes.so", "libnewswire-sentiment.so", "newswire-plugin-bench"):
        if not os.path.exists(os.path.join(a.bin, so)):
            sys.exit(f"bench_quotes: no {so} in {a.bin}; run swift build -c release")
    size = sum(os.path.getsize(p) for p in a.articles)
    rows = [
        ("quotes: Analyze (quotations, speakers, indirect speech)", "libnewswire-quotes.so", "/newswire.quotes.v1.Quotes/Analyze"),
        ("sentiment: Analyze, for scale", "libnewswire-sentiment.so", None),
    ]
    results = interleaved(a.bin, rows, a.seconds, a.reps, a.articles)
    print("### Quotes plugin, one thread")
    print()
    print(f"{len(a.articles)} articles, {size} bytes; each figure the median of {a.reps} runs of {a.seconds:g} s, "
          f"both plugins in the same run, their runs interleaved.")
    print()
    print("| plugin method | docs/s | MB/s |")
    print("| --- | ---: | ---: |")
    for label, docs, mb in results:
        print(f"| {label} | {docs:.0f} | {mb:.2f} |")
    print()
    print(f"quotes / sentiment: {results[0][1] / results[1][1]:.2f}× the documents per second.")
    print()
    print(f"Command: `scripts/bench_quotes.py --bin {a.bin} --seconds {a.seconds:g} --reps {a.reps} ARTICLES` "
          f"(`newswire-plugin-bench --plugin libnewswire-quotes.so --method /newswire.quotes.v1.Quotes/Analyze --seconds {a.seconds:g} --json ARTICLES`, {a.reps}×).")


if __name__ == "__main__":
    main()
