#!/usr/bin/env python3
"""Checks what the dedup plugin finds in the corpus against what is known to repeat there.

Usage: scripts/eval_dedup.py RESULTS.ndjson CORPUS_DIR   (scripts/eval dedup runs it)

RESULTS.ndjson is `newswire dedup --json --passages` over the corpus files: one object per
near-duplicate cluster ({"cluster": n, "members": [...]}) and one per file ({"id": path,
"passages": [...]}, spans in UTF-8 byte offsets).

The bars:
  1. every repeated paragraph and headline known to be in the corpus is found: a reported group
     of the same kind whose occurrences start at the expected byte offsets (the expectations
     below were made by reading the corpus; they record offsets and counts, never text);
  2. no two distinct articles are reported as near-duplicates: the corpus is five different
     write-ups of one event, so there must be no cluster.
Everything found is printed, with a short excerpt. Exit status 1 when a bar is missed.
"""
import json
import os
import sys

# file name -> [(kind, [start byte offset of each occurrence, first occurrence first])]
EXPECTED = {
    # A paragraph of the body, repeated word for word four paragraphs later.
    "000_0d3e612252fbcf83.txt": [("paragraph", [1019, 1542])],
    # The headline, first glued to the site's breadcrumb, then on a line of its own.
    "001_2b85b49082a80eb2.txt": [("headline", [0, 65])],
    # A photo's heading, then the caption that begins with it.
    "003_e562550674beec17.txt": [("headline", [3673, 3712])],
    # The headline three times at the top.
    "004_04b896e25c4c13b0.txt": [("headline", [0, 122, 243])],
}


def excerpt(data, span, width=70):
    s = data[span["start"]:span["end"]].decode("utf-8", "replace").replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def main():
    results, corpus = sys.argv[1], sys.argv[2]
    clusters, files = [], []
    with open(results, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            (clusters if "cluster" in o else files).append(o)

    failures = []
    print("Repeated passages found, per article (spans are UTF-8 byte offsets):")
    for o in files:
        name = os.path.basename(o["id"])
        data = open(o["id"], "rb").read()
        found = o["passages"]
        print(f"  {name}: {len(found)} repeated passage(s)")
        for p in found:
            places = ", ".join("title" if s["start"] == s["end"] else f'{s["start"]}-{s["end"]}' for s in p["spans"])
            first = next((s for s in p["spans"] if s["end"] > s["start"]), None)
            print(f'    {p["kind"]:9} x{len(p["spans"])}  similarity {p["similarity"]:.2f}  at {places}: {excerpt(data, first) if first else ""}')
        for kind, starts in EXPECTED.get(name, []):
            if not any(p["kind"] == kind and [s["start"] for s in p["spans"]] == starts for p in found):
                failures.append(f"{name}: the {kind} repeated at bytes {starts} was not found")

    names = {os.path.basename(o["id"]) for o in files}
    for name in EXPECTED:
        if name not in names:
            print(f"  (expected {name}, which is not in {corpus}: its bar is skipped)")

    print(f"\nNear-duplicate articles: {len(clusters)} cluster(s)")
    for c in clusters:
        members = ", ".join(f'{os.path.basename(m["id"])} ({m["similarity"]:.2f})' for m in c["members"])
        print(f"  cluster {c['cluster']}: {members}")
        failures.append(f"distinct articles reported as near-duplicates: {members}")

    expected = sum(len(v) for k, v in EXPECTED.items() if k in names)
    print(f"\nBar 1, every known repeat found: {expected - sum('was not found' in f for f in failures)}/{expected}")
    print(f"Bar 2, no distinct articles as near-duplicates: {'met' if not clusters else 'MISSED'}")
    for f in failures:
        print("FAIL " + f)
    print("eval dedup: " + ("all bars met" if not failures else f"{len(failures)} bar(s) missed"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
