#!/usr/bin/env python3
"""The dedup plugin's speed: MinHash signatures beside datasketch, and query latency with a
large collection. Prints a Markdown section for docs/BENCHMARKS.md. A benchmark, not a test.

Usage: scripts/bench_dedup.py --bin .build/release [--seconds 5] [--documents 100000]
                              [--queries 2000] ARTICLE...

1. Signatures per second, one thread, 128 permutations, word 3-shingles of the articles:
   - `newswire-dedup-bench signatures` times ours from ready 32-bit shingle hashes (the
     permutations alone), from the shingle strings (each hashed with FNV-1a first), and from
     raw text (normalisation and shingling included), and dumps
     the permutations (a, b) and each article's shingles as strings and as hashes;
   - datasketch (pip install datasketch) gets the same shingles and the same permutations
     (MinHash(num_perm=128, scheme="affine32", permutations=(a, b))): from the shingle strings
     (its default SHA-1 hash; the strings are encoded beforehand, outside the timing), and
     from our 32-bit hashes (hashfunc identity), whose signatures must equal ours bit for bit.
2. Query latency: newswired (this build) with only the dedup plugin and an empty data
   directory; `newswire-dedup-bench collection` adds --documents synthetic articles over RPC,
   then times --queries Dedup/Query calls one at a time (half near-copies, half new articles).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from datasketch import MinHash


def datasketch_rate(docs, a, b, seconds, key, hashfunc=None):
    """Signatures per second over docs[i][key], repeated for `seconds`; and the last signatures."""
    perms = (np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32))
    kwargs = {"hashfunc": hashfunc} if hashfunc else {}
    n, sigs = 0, []
    start = time.perf_counter()
    while True:
        sigs = []
        for d in docs:
            m = MinHash(num_perm=len(a), scheme="affine32", permutations=perms, **kwargs)
            m.update_batch(d[key])
            sigs.append(m.hashvalues)
        n += len(docs)
        if time.perf_counter() - start >= seconds:
            break
    return n / (time.perf_counter() - start), [list(map(int, s)) for s in sigs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("articles", nargs="+")
    args = ap.parse_args()
    bench = os.path.join(args.bin, "newswire-dedup-bench")
    tmp = tempfile.mkdtemp(prefix="bench-dedup-")
    try:
        # 1. Signatures.
        dump = os.path.join(tmp, "shingles.json")
        ours = json.loads(subprocess.check_output([bench, "signatures", "--seconds", str(args.seconds), "--dump", dump] + args.articles))
        d = json.load(open(dump))
        docs = [{"strings": [s.encode("utf-8") for s in doc["shingles"]], "hashes": doc["hashes"], "signature": doc["signature"]}
                for doc in d["documents"]]
        ds_strings, _ = datasketch_rate(docs, d["a"], d["b"], args.seconds, "strings")
        ds_hashes, sigs = datasketch_rate(docs, d["a"], d["b"], args.seconds, "hashes", hashfunc=lambda v: v)
        identical = all(s == doc["signature"] for s, doc in zip(sigs, docs))
        if not identical:
            print("bench_dedup: datasketch's signatures differ from ours on the same hashes and permutations", file=sys.stderr)
            sys.exit(1)

        # 2. Query latency with a large collection.
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        log = open(os.path.join(tmp, "newswired.log"), "w+")
        server = subprocess.Popen([os.path.join(args.bin, "newswired"), "--listen", "127.0.0.1:0", "--data-dir", data,
                                   "--plugin", os.path.join(args.bin, "libnewswire-dedup.so"), "--strict-plugins", "--log-level", "notice"],
                                  stderr=log, stdout=subprocess.DEVNULL)
        try:
            addr = None
            for _ in range(200):
                log.seek(0)
                m = re.search(r"listening on (127\.0\.0\.1:\d+)", log.read())
                if m:
                    addr = m.group(1)
                    break
                time.sleep(0.05)
            if not addr:
                log.seek(0)
                sys.exit("bench_dedup: newswired did not start:\n" + log.read())
            coll = json.loads(subprocess.check_output([bench, "collection", "--server", addr, "--documents", str(args.documents),
                                                       "--queries", str(args.queries)]))
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n_docs, n_shingles = ours["documents"], ours["shingles"]
    print("### Dedup\n")
    print(f"MinHash signatures, one thread: 128 permutations (datasketch's affine32 scheme, the same (a, b) for both), "
          f"word 3-shingles of {n_docs} articles ({n_shingles} shingles, {n_shingles / n_docs:.0f} per article), {args.seconds:g} s each. "
          f"On the same 32-bit shingle hashes the two give identical signatures (checked).\n")
    print("| input | Newswire signatures/s | datasketch signatures/s | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| shingle hashes (the permutations alone) | {ours['from_hashes_per_s']:.0f} | {ds_hashes:.0f} | **{ours['from_hashes_per_s'] / ds_hashes:.0f}×** |")
    print(f"| shingle strings (each hashed: Newswire FNV-1a, datasketch SHA-1; then the permutations) "
          f"| {ours['from_strings_per_s']:.0f} | {ds_strings:.0f} | **{ours['from_strings_per_s'] / ds_strings:.0f}×** |")
    print(f"| text (Newswire from the raw article: normalise, shingle, hash, permute; datasketch from the ready shingle strings) "
          f"| {ours['from_text_per_s']:.0f} | {ds_strings:.0f} | **{ours['from_text_per_s'] / ds_strings:.0f}×** |")
    print()
    print(f"Collection queries through the server (`Dedup/Query` over loopback, one at a time, synchronous = full): "
          f"{coll['documents']} synthetic articles of 250 to 450 words, added {args.documents // 500} calls of 500 "
          f"in {coll['add_seconds']:.1f} s ({coll['adds_per_s']:.0f} documents/s); database {coll['database_bytes'] / 1e6:.0f} MB. "
          f"{coll['queries']} queries, half near-copies of stored articles (2% of words edited; {coll['copies_found']}/{coll['copies']} found), half new articles.\n")
    print("| documents | median | p99 | max |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {coll['documents']} | {coll['median_ms']:.2f} ms | {coll['p99_ms']:.2f} ms | {coll['max_ms']:.2f} ms |")
    print()
    print(f"Command: `scripts/bench_dedup.py --bin .build/release --seconds {args.seconds:g} --documents {args.documents} "
          f"--queries {args.queries} {' '.join(os.path.basename(a) for a in args.articles)}` (the articles from "
          f"`{os.path.dirname(args.articles[0]) or '.'}`).")


if __name__ == "__main__":
    main()
