#!/usr/bin/env python3
"""bench_search.py [DATA] [--frana PATH] [--rounds N] — what exact counts and
snippets cost in frana search, side by side in one run.

Index: every sentence of ../shared/data/news (WMT newstest fr-en and multiway,
FLORES-200 devtest; every language) as one article, with its language, a
source (the test set) and a date (spread over 2008-2021 by line number).
Queries: 1,000 drawn with a fixed seed from the French and English sides: two
or three words of four letters or more from one sentence (the words of a real
sentence, so most queries match).

Measured, each over the same 1,000 queries in one --batch run, rounds in
alternating order, median and range of the rounds:
  research workflow  --format jsonl --limit 100 with snippets, and --no-snippets;
  counts             --format jsonl --limit 10 --no-snippets, exact (default)
                     against --estimate.
Prints per-query times and the ratios.
"""
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
data = "../shared/data"
frana = "build/frana"
rounds = 3
i = 0
while i < len(args):
    if args[i] == "--frana":
        frana = args[i + 1]
        i += 2
    elif args[i] == "--rounds":
        rounds = int(args[i + 1])
        i += 2
    else:
        data = args[i]
        i += 1
news = os.path.join(data, "news")
LANGS = {"fra": "fr", "fr": "fr", "eng": "en", "en": "en", "de": "de", "deu": "de", "cs": "cs",
         "ces": "cs", "es": "es", "ru": "ru", "rus": "ru", "pol": "pl", "bel": "be", "ukr": "uk"}

tmp = tempfile.mkdtemp(prefix="frana_bench_search.")
corpus = os.path.join(tmp, "news.jsonl")
n = 0
queries_pool = []
with open(corpus, "w", encoding="utf-8") as out:
    for sub in sorted(os.listdir(news)):
        d = os.path.join(news, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem, _, ext = name.rpartition(".")
            lang = LANGS.get(ext) or LANGS.get(stem.split("_")[0])
            if not lang:
                continue
            for ln, line in enumerate(open(os.path.join(d, name), encoding="utf-8")):
                line = line.strip()
                if not line:
                    continue
                n += 1
                year = 2008 + (ln * 7 + n) % 14
                date = "%04d-%02d-%02d" % (year, 1 + (ln % 12), 1 + (ln % 28))
                out.write(json.dumps({"id": "%s/%s/%d" % (sub, name, ln), "title": "", "body": line,
                                      "lang": lang, "source": stem, "date": date},
                                     ensure_ascii=False) + "\n")
                if lang in ("fr", "en"):
                    queries_pool.append(line)
rng = random.Random(1000)
queries = []
while len(queries) < 1000:
    words = [w for w in re.findall(r"\w+", rng.choice(queries_pool)) if len(w) >= 4]
    if len(words) >= 2:
        k = rng.randint(2, min(3, len(words)))
        start = rng.randint(0, len(words) - k)
        queries.append(" ".join(words[start:start + k]))
qfile = os.path.join(tmp, "queries.txt")
with open(qfile, "w", encoding="utf-8") as f:
    f.write("\n".join(queries) + "\n")

db = os.path.join(tmp, "news.db")
t0 = time.time()
subprocess.run([frana, "index", "--db", db, "--batch", "10000", corpus], check=True,
               stdout=subprocess.DEVNULL)
print("index: %d articles (every sentence of %s) in %.1f s" % (n, news, time.time() - t0))


def run(opts):
    t = time.perf_counter()
    p = subprocess.run([frana, "search", "--db", db, "--batch", qfile] + opts,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    lines = p.stdout.decode("utf-8", "replace").splitlines()
    assert len(lines) == len(queries), (len(lines), len(queries))
    return dt, lines


configs = {
    "jsonl --limit 100, snippets": ["--format", "jsonl", "--limit", "100"],
    "jsonl --limit 100, --no-snippets": ["--format", "jsonl", "--limit", "100", "--no-snippets"],
    "jsonl --limit 10, exact counts": ["--format", "jsonl", "--limit", "10", "--no-snippets"],
    "jsonl --limit 10, --estimate": ["--format", "jsonl", "--limit", "10", "--no-snippets",
                                     "--estimate"],
    "--or --limit 10, exact counts": ["--or", "--format", "jsonl", "--limit", "10", "--no-snippets"],
    "--or --limit 10, --estimate": ["--or", "--format", "jsonl", "--limit", "10", "--no-snippets",
                                    "--estimate"],
}
times = {k: [] for k in configs}
outputs = {}
for r in range(rounds):
    order = list(configs) if r % 2 == 0 else list(reversed(configs))
    for k in order:
        dt, lines = run(configs[k])
        times[k].append(dt)
        outputs[k] = lines

for k, ts in times.items():
    print("%-36s %.2f ms/query (rounds %.2f-%.2f)" % (k, statistics.median(ts) * 1000 / len(queries),
                                                   min(ts) * 1000 / len(queries),
                                                   max(ts) * 1000 / len(queries)))
med = {k: statistics.median(ts) for k, ts in times.items()}
print("snippets cost: %.2fx the time without" % (med["jsonl --limit 100, snippets"] /
                                                 med["jsonl --limit 100, --no-snippets"]))
print("exact counts cost: %.2fx the time of estimates" % (med["jsonl --limit 10, exact counts"] /
                                                          med["jsonl --limit 10, --estimate"]))
print("exact counts cost with --or: %.2fx the time of estimates" %
      (med["--or --limit 10, exact counts"] / med["--or --limit 10, --estimate"]))
# How far the estimates were from the exact counts.
for mode in ("jsonl --limit 10", "--or --limit 10"):
    exact = [json.loads(l) for l in outputs[mode + ", exact counts"]]
    est = [json.loads(l) for l in outputs[mode + ", --estimate"]]
    off = [(e["total"], x["total"]) for e, x in zip(est, exact) if "total" in x]
    wrong = [abs(e - x) / x for e, x in off if e != x]
    inside = sum(1 for e, x in zip(est, exact) if "total" in x and
                 e.get("lower", e["total"]) <= x["total"] <= e.get("upper", e["total"]))
    print("%s: estimates not exact for %d of %d queries (median error %.1f%%); exact count "
          "within the bounds for %d" % (mode, len(wrong), len(off),
                                         100 * statistics.median(wrong or [0]), inside))
errors = sum(1 for l in outputs["jsonl --limit 100, snippets"] if '"error"' in l)
print("queries with an error (all stopwords, etc.): %d" % errors)
subprocess.run(["rm", "-rf", tmp])
