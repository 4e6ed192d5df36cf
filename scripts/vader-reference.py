#!/usr/bin/env python3
"""Scores sentences with the reference VADER (PyPI vaderSentiment 3.3.2) as JSON lines.

Regenerate the scorer's fixture with:

    pip install vaderSentiment==3.3.2
    python3 scripts/vader-reference.py Tests/SentimentScorerTests/reference-sentences.txt \
        > Tests/SentimentScorerTests/reference.jsonl

Input: one text per line (UTF-8); blank lines and lines starting with '#' are skipped.
Output, one line per text:

    {"text": "...", "compound": C, "pos": P, "neg": N, "neu": U}

The numbers are polarity_scores' values BEFORE its final rounding (compound to 4 places,
the others to 3), printed with repr so that they round-trip exactly; the scorer in
plugins/sentiment/scorer returns unrounded values too. With --rounded the public, rounded
values are written instead.

Only for evaluation and tests: nothing at run time depends on Python.
"""
import argparse
import importlib.metadata
import json
import sys

from vaderSentiment import vaderSentiment as vader_module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sentences", nargs="?", default="-", help="file of sentences, one a line ('-': stdin)")
    parser.add_argument("--rounded", action="store_true", help="write polarity_scores' rounded values")
    parser.add_argument("--all-lines", action="store_true", help="keep blank and '#' lines too")
    args = parser.parse_args()

    if not args.rounded:
        # polarity_scores ends with round(x, 3) / round(x, 4) looked up as a module global;
        # shadow it in that module so the raw values come out.
        vader_module.round = lambda x, ndigits=None: x
    analyzer = vader_module.SentimentIntensityAnalyzer()

    source = sys.stdin if args.sentences == "-" else open(args.sentences, encoding="utf-8")
    out = sys.stdout
    with source:
        for raw in source:
            line = raw[:-1] if raw.endswith("\n") else raw
            if not args.all_lines and (not line.strip() or line.startswith("#")):
                continue
            s = analyzer.polarity_scores(line)
            out.write("{" + '"text": ' + json.dumps(line, ensure_ascii=False)
                      + ', "compound": ' + repr(float(s["compound"]))
                      + ', "pos": ' + repr(float(s["pos"]))
                      + ', "neg": ' + repr(float(s["neg"]))
                      + ', "neu": ' + repr(float(s["neu"])) + "}\n")
    version = importlib.metadata.version("vaderSentiment")
    if version != "3.3.2":
        print(f"warning: vaderSentiment is {version}, not 3.3.2", file=sys.stderr)


if __name__ == "__main__":
    main()
