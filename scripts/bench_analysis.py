#!/usr/bin/env python3
"""The analysis section of scripts/bench: each analyzer plugin's one-thread
throughput through its ABI (newswire-plugin-bench), beside the reference
Python tool doing the same job on the same text, measured in the same run.

sentiment: the plugin (sentence split, VADER-class scores for every sentence,
entities and their sentiment) against vaderSentiment scoring the same
sentences (given to it already split, which favours the reference).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def plugin_bench(bin_dir, plugin, seconds, articles):
    out = subprocess.run([os.path.join(bin_dir, "newswire-plugin-bench"), "--plugin", os.path.join(bin_dir, plugin),
                          "--seconds", str(seconds), "--json"] + articles, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def sentences_of(bin_dir, articles):
    """The sentences our splitter finds, as the plugin's Score method would: via the sentiment plugin in a server."""
    # Asks a server once, through the CLI (not timed).
    server = subprocess.Popen([os.path.join(bin_dir, "newswired"), "--listen", "127.0.0.1:0", "--data-dir", "/tmp/newswire-bench-data",
                            "--log-level", "notice"], stderr=subprocess.PIPE, text=True)
    try:
        addr = None
        for line in server.stderr:
            if "listening on 127.0.0.1:" in line:
                addr = line.strip().split("listening on ")[1]
                break
        out = subprocess.run([os.path.join(bin_dir, "newswire"), "sentiment", "--json", "--server", addr] + articles,
                             check=True, capture_output=True, text=True).stdout
    finally:
        server.terminate()
        server.wait()
    sentences = []
    for line, path in zip(out.splitlines(), articles):
        doc = json.loads(line)
        with open(path, "rb") as f:
            text = f.read()
        for s in doc["sentiment"]["sentences"]:
            sentences.append(text[s["span"]["start"]:s["span"]["end"]].decode("utf-8"))
    return sentences


def vader_bench(sentences, seconds, n_articles):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    rounds = 0
    start = time.perf_counter()
    while True:
        for s in sentences:
            analyzer.polarity_scores(s)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return rounds * n_articles / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("articles", nargs="+")
    a = ap.parse_args()
    size = sum(os.path.getsize(p) for p in a.articles)
    print("### Analysis plugins, one thread, beside the reference tools")
    print()
    print("| analysis | Newswire docs/s | MB/s | reference | reference docs/s | ratio |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    ours = plugin_bench(a.bin, "libnewswire-sentiment.so", a.seconds, a.articles)
    ref = vader_bench(sentences_of(a.bin, a.articles), a.seconds, len(a.articles))
    print(f"| sentiment | {ours['docs_per_second']:.0f} | {ours['mb_per_second']:.2f} | vaderSentiment, same sentences | {ref:.1f} | **{ours['docs_per_second'] / ref:.0f}×** |")
    print()
    print(f"Commands: `newswire-plugin-bench --plugin libnewswire-sentiment.so --seconds {a.seconds:g} ARTICLES` "
          f"and vaderSentiment's `polarity_scores` on each sentence of the same articles (split by Newswire), {a.seconds:g} s each, "
          f"{len(a.articles)} articles, {size} bytes.")
    print()


if __name__ == "__main__":
    main()
