#!/usr/bin/env python3
"""The analysis section of scripts/bench: each analyzer plugin's one-thread
throughput through its ABI (newswire-plugin-bench), beside the reference
Python tool doing the same job on the same text, measured in the same run.

sentiment: the plugin's Analyze (sentence split, VADER-class scores for every
sentence, entities and their sentiment, the request and the answer in protobuf)
against vaderSentiment scoring the same sentences (given to it already split,
which favours the reference); and the plugin doing VADER's own job alone, its
Score with skip_entities (sentence and document scores, no entities), against
the same reference.

Both run on the same single core (--cpu, default 0), in alternating rounds
(plugin, reference, plugin, ...), so that load from other processes falls on
both alike; each round is timed by the wall clock, and the section reports the
median of the rounds for each side and the ratio of the medians.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def pin(cpu):
    return lambda: os.sched_setaffinity(0, {cpu})


def plugin_round(bin_dir, plugin, seconds, articles, cpu, extra=()):
    out = subprocess.run([os.path.join(bin_dir, "newswire-plugin-bench"), "--plugin", os.path.join(bin_dir, plugin),
                          "--seconds", str(seconds), "--json", *extra] + articles,
                         check=True, capture_output=True, text=True, preexec_fn=pin(cpu))
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


def vader_round(analyzer, sentences, seconds, n_articles):
    """Documents per second of wall-clock time and of this thread's CPU time."""
    rounds = 0
    cpu = time.thread_time()
    start = time.perf_counter()
    while True:
        for s in sentences:
            analyzer.polarity_scores(s)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return rounds * n_articles / elapsed, rounds * n_articles / (time.thread_time() - cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=float, default=2, help="length of one round")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of each side, alternating")
    ap.add_argument("--cpu", type=int, default=0, help="the core both sides run on")
    ap.add_argument("articles", nargs="+")
    a = ap.parse_args()
    size = sum(os.path.getsize(p) for p in a.articles)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    sentences = sentences_of(a.bin, a.articles)
    os.sched_setaffinity(0, {a.cpu})
    vader_round(analyzer, sentences, 0.2, len(a.articles))   # warm up
    ours, ref, mbs, ours_cpu, ref_cpu = [], [], [], [], []
    bare, bare_mbs = [], []
    score_only = ["--method", "/newswire.sentiment.v1.Sentiment/Score", "--text-request", "--skip-entities"]
    for _ in range(a.rounds):
        r = plugin_round(a.bin, "libnewswire-sentiment.so", a.seconds, a.articles, a.cpu)
        ours.append(r["docs_per_second"])
        ours_cpu.append(r["cpu_docs_per_second"])
        mbs.append(r["mb_per_second"])
        r = plugin_round(a.bin, "libnewswire-sentiment.so", a.seconds, a.articles, a.cpu, score_only)
        bare.append(r["docs_per_second"])
        bare_mbs.append(r["mb_per_second"])
        wall, cpu = vader_round(analyzer, sentences, a.seconds, len(a.articles))
        ref.append(wall)
        ref_cpu.append(cpu)
    o, v = statistics.median(ours), statistics.median(ref)
    oc, vc = statistics.median(ours_cpu), statistics.median(ref_cpu)
    print("### Analysis plugins, one thread, beside the reference tools")
    print()
    print("| analysis | Newswire docs/s | MB/s | reference | reference docs/s | ratio |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    b = statistics.median(bare)
    print(f"| sentiment: Analyze (scores and entities) | {o:.0f} | {statistics.median(mbs):.2f} | vaderSentiment, same sentences | {v:.1f} | **{o / v:.1f}×** |")
    print(f"| sentiment: scores only (Score, skip_entities) | {b:.0f} | {statistics.median(bare_mbs):.2f} | vaderSentiment, same sentences | {v:.1f} | **{b / v:.1f}×** |")
    print()
    print(f"Medians of {a.rounds} alternating rounds of {a.seconds:g} s each, all on core {a.cpu}. "
          f"Rounds, docs/s: Newswire Analyze {', '.join(f'{x:.0f}' for x in ours)}; "
          f"scores only {', '.join(f'{x:.0f}' for x in bare)}; "
          f"vaderSentiment {', '.join(f'{x:.1f}' for x in ref)}. "
          f"The first row is the plugin's whole answer, entities and their sentiment included (work "
          f"vaderSentiment does not do); the second is the same job as vaderSentiment's.")
    print()
    print(f"Best rounds (the least disturbed by other work on the machine, which only ever slows a round down): "
          f"Newswire Analyze {max(ours):.0f} docs/s, scores only {max(bare):.0f}, vaderSentiment {max(ref):.1f} docs/s: "
          f"**{max(ours) / max(ref):.1f}×** and **{max(bare) / max(ref):.1f}×**.")
    print()
    print(f"Per second of CPU time (each side's own thread time, so the time other processes take the core "
          f"does not count; medians of the same rounds): Newswire {oc:.0f} docs/s, vaderSentiment {vc:.1f} docs/s, "
          f"**{oc / vc:.1f}×**.")
    print()
    print(f"Commands: `newswire-plugin-bench --plugin libnewswire-sentiment.so --seconds {a.seconds:g} ARTICLES` "
          f"(the plugin's Analyze through its C ABI: request decoding, sentences, scores, entities, answer encoding), "
          f"`newswire-plugin-bench ... --method /newswire.sentiment.v1.Sentiment/Score --text-request --skip-entities` "
          f"(the same without the entities), "
          f"and vaderSentiment's `polarity_scores` on each sentence of the same articles (split by Newswire), "
          f"{len(a.articles)} articles, {size} bytes.")
    print()


if __name__ == "__main__":
    main()
