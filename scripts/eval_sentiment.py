#!/usr/bin/env python3
"""Compares Newswire's sentence sentiment with the reference VADER implementation.

Usage: scripts/eval_sentiment.py RESULTS.ndjson CORPUS_DIR   (scripts/eval sentiment runs it)

RESULTS.ndjson is `newswire sentiment --json` over the corpus files: one object
per article, with sentence spans (UTF-8 byte offsets) and compound scores. For
each sentence, the same bytes are scored with vaderSentiment's
SentimentIntensityAnalyzer.polarity_scores, and the Pearson r between the two
lists of compound scores is printed. Exit status 1 when r < 0.9.
"""
import json
import math
import os
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

BAR = 0.9


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def main():
    results, corpus = sys.argv[1], sys.argv[2]
    vader = SentimentIntensityAnalyzer()
    ours, theirs, exact, worst = [], [], 0, (0.0, "")
    articles = 0
    entities = 0
    with open(results, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            articles += 1
            path = doc["id"] if os.path.isabs(doc["id"]) or os.path.exists(doc["id"]) else os.path.join(corpus, doc["id"])
            with open(path, "rb") as a:
                text = a.read()
            entities += len(doc["sentiment"]["entities"])
            for s in doc["sentiment"]["sentences"]:
                sentence = text[s["span"]["start"]:s["span"]["end"]].decode("utf-8")
                ref = vader.polarity_scores(sentence)["compound"]
                got = s["score"]["compound"]
                ours.append(got)
                theirs.append(ref)
                diff = abs(got - ref)
                if diff <= 1e-4:
                    exact += 1
                if diff > worst[0]:
                    worst = (diff, sentence[:60])
    r = pearson(ours, theirs)
    print(f"sentiment: {articles} articles, {len(ours)} sentences, {entities} entities with sentiment")
    print(f"sentiment: pearson r = {r:.4f} against vaderSentiment (bar {BAR})")
    print(f"sentiment: {exact}/{len(ours)} sentences within 1e-4 of the reference; largest difference {worst[0]:.4f}")
    print("sentiment: PASS" if r >= BAR else "sentiment: FAIL")
    sys.exit(0 if r >= BAR else 1)


if __name__ == "__main__":
    main()
