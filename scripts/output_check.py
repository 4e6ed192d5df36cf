#!/usr/bin/env python3
"""The sentiment plugin's responses, recorded and compared byte for byte.

Usage (scripts/output-check runs it after a release build):
  output_check.py --bin BIN record DIR    write every response to DIR
  output_check.py --bin BIN compare DIR   compare every response with DIR; exit 1 on any difference

For a change that must not change results (a speed-up): record before it, compare after.
The texts: the fixture articles (Tests/Fixtures/articles), the corpus articles
(../shared/corpus or $NEWSWIRE_CORPUS, when present), each sentence of the scorer's reference
list, variants of every article (upper case, lower case, Title Case, CRLF lines, one paragraph,
straight quotes turned curly and curly straight, emojis inserted, all articles in one) and random
texts made of tricky pieces (fixed seed). The variants and random texts are written to a temporary
directory and deleted afterwards; DIR holds only the plugin's responses (protobuf bytes), so keep
it outside the repository when the corpus is used.

Each text goes through the plugin's Analyze (an AnalyzerRequest) and its Score (a ScoreRequest),
called through the plugin ABI by newswire-plugin-bench --dump.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PIECES = [
    "Mr.", "Dr", ".", "..", "...", "…", "!", "?", "\"", "'", "“", "”", "‘", "’", "’s", "'s", "s'", "(", ")", "[", "]",
    " ", " ", " ", "  ", "\n", "\r\n", "\t", "\u00A0", "\u2028", "-", "—", "–", ",", ":", ";", "U.S.", "a.m.",
    "e.g.", "J.", "2.5", "$1.2bn", "3", "The", "the", "of", "and", "Putin", "Vladimir", "Kim", "Jong-un", "KCNA",
    "(KCNA)", "Ministry", "Korea", "North", "Russian", "President", "leader", "said", "in", "Pyongyang", "SEOUL",
    "Путин", "金正恩", "。", "」", "🎉", "😀", "💔", "👩‍👩‍👧", "e\u0301", "\u0301", "\uFEFF", "Jan", "June", "O'Brien", "al-Assad",
    "People's", "Republic", "St.", "Inc.", "no", "ALSO", "A", "I", "x", "Y", "good", "GREAT", "bad", "not", "never",
    "isn't", "very", "extremely", "barely", "but", "BUT", "kind of", "the shit", "without doubt", "least", "at least",
    "so", "this", "nor", "or", "!!", "???", ":)", ":-(", "love", "hate", "war", "peace", "Ünïcödé", "ÉCOLE", "ǅ",
]

EMOJIS = ["😀", "💔", "🎉", "👍", "😢", "🔥"]


def variants(name, text):
    yield f"{name}.upper", text.upper()
    yield f"{name}.lower", text.lower()
    yield f"{name}.title", text.title()
    yield f"{name}.crlf", text.replace("\n", "\r\n")
    yield f"{name}.oneline", " ".join(text.split("\n"))
    yield f"{name}.curly", text.replace("'", "’").replace("\"", "“")
    yield f"{name}.straight", text.replace("’", "'").replace("‘", "'").replace("“", "\"").replace("”", "\"")
    words = text.split(" ")
    yield f"{name}.emoji", " ".join(w + (EMOJIS[i % len(EMOJIS)] if i % 9 == 4 else "") for i, w in enumerate(words))


def texts(corpus):
    out = []
    arts = []
    for d in [os.path.join(ROOT, "Tests/Fixtures/articles"), corpus]:
        if d and os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f.endswith(".txt"):
                    with open(os.path.join(d, f), encoding="utf-8", errors="surrogateescape") as fh:
                        arts.append((os.path.basename(d) + "/" + f, fh.read()))
    out.extend(arts)
    with open(os.path.join(ROOT, "Tests/SentimentScorerTests/reference-sentences.txt"), encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                out.append((f"reference-sentence-{i}", line))
    for name, text in arts:
        out.extend(variants(name, text))
    out.append(("all-articles", "\n".join(t for _, t in arts)))
    rng = random.Random(2026)
    for i in range(400):
        out.append((f"random-{i}", "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 80)))))
    return out


def run(bin_dir, work, names, method, text_request, dump):
    os.makedirs(dump, exist_ok=True)
    cmd = [os.path.join(bin_dir, "newswire-plugin-bench"), "--plugin", os.path.join(bin_dir, "libnewswire-sentiment.so"),
           "--seconds", "0", "--dump", dump, "--json"]
    if method:
        cmd += ["--method", method]
    if text_request:
        cmd += ["--text-request"]
    subprocess.run(cmd + [os.path.join(work, f"{i}.txt") for i in range(len(names))], check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("mode", choices=["record", "compare"])
    ap.add_argument("dir")
    a = ap.parse_args()
    corpus = os.environ.get("NEWSWIRE_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
    items = texts(corpus)
    work = tempfile.mkdtemp(prefix="newswire-output-check-")
    try:
        for i, (_, t) in enumerate(items):
            with open(os.path.join(work, f"{i}.txt"), "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
                fh.write(t)
        names = [n for n, _ in items]
        target = a.dir if a.mode == "record" else os.path.join(work, "now")
        methods = [("analyze", None, False), ("score", "/newswire.sentiment.v1.Sentiment/Score", True)]
        for label, method, text_request in methods:
            run(a.bin, work, names, method, text_request, os.path.join(target, label))
        with open(os.path.join(target, "names.txt") if a.mode == "record" else os.path.join(work, "names.txt"), "w") as fh:
            fh.write("\n".join(names) + "\n")
        total_bytes = sum(len(t.encode("utf-8", "surrogateescape")) for _, t in items)
        if a.mode == "record":
            print(f"output-check: recorded {2 * len(items)} responses ({len(items)} texts, {total_bytes} bytes, Analyze and Score) in {a.dir}")
            return
        with open(os.path.join(a.dir, "names.txt")) as fh:
            recorded = fh.read().split("\n")[:-1]
        if recorded != names:
            sys.exit("output-check: the recorded texts differ from today's (corpus changed?); record again")
        differ = []
        for label, _, _ in methods:
            for i, n in enumerate(names):
                with open(os.path.join(a.dir, label, f"{i}.pb"), "rb") as f1, open(os.path.join(target, label, f"{i}.pb"), "rb") as f2:
                    if f1.read() != f2.read():
                        differ.append(f"{label} {n}")
        if differ:
            print(f"output-check: {len(differ)} of {2 * len(items)} responses differ:")
            for d in differ[:40]:
                print("  " + d)
            sys.exit(1)
        print(f"output-check: all {2 * len(items)} responses identical ({len(items)} texts, {total_bytes} bytes, Analyze and Score)")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
