#!/usr/bin/env python3
"""bench_pg_data.py DATA OUT MB — the inputs of bench/bench_pg.sh, as COPY files.

OUT/xdocs.tsv     set, id, sentence: the French sides of WMT newstest2013 and
                  FLORES-200 devtest, one document per sentence (bench_xlang's corpus)
OUT/xqueries.tsv  set, lang, form, id of the one relevant document, query:
                  each aligned sentence of another language, whole or its names
                  (capitalized words after the first token), made the way
                  bench/bench_xlang.cc makes them (names_only, then plain)
OUT/corpus.tsv    id, article: the French news of bench_common.c, articles of 20
                  sentences, repeated to at least MB million bytes (bench_index's corpus)
"""
import os
import sys
import unicodedata


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def wordish(c):
    return unicodedata.category(c)[0] in "LMN"


def trim_word(w):
    a, b = 0, len(w)
    while a < b and not wordish(w[a]):
        a += 1
    while b > a and not wordish(w[b - 1]):
        b -= 1
    return w[a:b]


def names_only(s):
    out = []
    for i, tok in enumerate(s.split()):
        if i == 0:
            continue
        w = trim_word(tok)
        if w and unicodedata.category(w[0]) in ("Lu", "Lt"):
            out.append(w)
    return " ".join(out)


SYNTAX = {ord(c): " " for c in '"()+-:*'}
OPERATORS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}


def plain(s):
    return " ".join(t for t in s.translate(SYNTAX).split() if t not in OPERATORS)


def lines(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def main():
    data, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    wmt = data + "/news/wmt_newstest_multiway/newstest2013."
    fl = data + "/news/flores200_devtest/"
    sets = [
        ("WMT13", wmt + "fr", [("en", wmt + "en"), ("de", wmt + "de"), ("ru", wmt + "ru"),
                               ("cs", wmt + "cs"), ("es", wmt + "es")]),
        ("FLORES", fl + "fra_Latn.devtest",
         [("en", fl + "eng_Latn.devtest"), ("de", fl + "deu_Latn.devtest"),
          ("ru", fl + "rus_Cyrl.devtest"), ("pl", fl + "pol_Latn.devtest"),
          ("be", fl + "bel_Cyrl.devtest"), ("uk", fl + "ukr_Cyrl.devtest")]),
    ]
    with open(out + "/xdocs.tsv", "w", encoding="utf-8") as d, \
            open(out + "/xqueries.tsv", "w", encoding="utf-8") as q:
        for name, french, langs in sets:
            docs = lines(french)
            for i, s in enumerate(docs):
                d.write(f"{name}\t{i + 1}\t{esc(s)}\n")
            for lang, path in langs:
                qs = lines(path)
                if len(qs) != len(docs):
                    sys.exit(f"bench_pg: {path} has {len(qs)} lines, {len(docs)} expected")
                for form in ("whole", "names"):
                    for i, s in enumerate(qs):
                        text = plain(s if form == "whole" else names_only(s))
                        if text:
                            q.write(f"{name}\t{lang}\t{form}\t{i + 1}\t{esc(text)}\n")
    files = ["news/wmt_newstest_fr-en/news-test2008.fra", "news/wmt_newstest_fr-en/newstest2009.fra",
             "news/wmt_newstest_fr-en/newstest2010.fra", "news/wmt_newstest_fr-en/newstest2011.fra",
             "news/wmt_newstest_fr-en/newstest2014.fra", "news/wmt_newstest_fr-en/newssyscomb2009.fra",
             "news/wmt_newstest_fr-en/newsdiscusstest2015.fra",
             "news/wmt_newstest_multiway/newstest2012.fr", "news/wmt_newstest_multiway/newstest2013.fr",
             "news/flores200_devtest/fra_Latn.devtest"]
    articles = []
    for f in files:
        path = os.path.join(data, f)
        if not os.path.exists(path):
            continue
        ls = lines(path)
        for i in range(0, len(ls), 20):
            articles.append("".join(l + "\n" for l in ls[i:i + 20]))
    if not articles:
        sys.exit(f"bench_pg: no French news under {data}/news (pass the data folder)")
    unique = sum(len(a.encode()) for a in articles)
    reps = max(1, -(-int(mb * 1e6) // unique))
    n = 0
    with open(out + "/corpus.tsv", "w", encoding="utf-8") as c:
        for _ in range(reps):
            for a in articles:
                n += 1
                c.write(f"{n}\t{esc(a)}\n")
    print(f"{unique * reps / 1e6:.1f} MB, {n} articles ({len(articles)} distinct)")


main()
