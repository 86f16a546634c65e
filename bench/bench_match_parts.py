#!/usr/bin/python3
"""bench_match_parts.py - what each part of frana's query costs the match, next
to stock Xapian's, on the databases bench_scale leaves behind.

    cmake --install build --prefix /tmp/frana-inst
    build/bench/bench_scale DATA --articles 100000 --dir /tmp/frana_bench_scale
    PYTHONPATH=/tmp/frana-inst/lib/python3/dist-packages \\
        /usr/bin/python3 bench/bench_match_parts.py [/tmp/frana_bench_scale] [--runs N]

DIR holds bench_scale's `one` (frana) and `stock` databases and queries.txt
(its 1,000 queries). Each query is parsed once by frana's Python QueryParser
(the query frana_db_search runs) and by stock's QueryParser (Stem("french"),
the same stopwords, STEM_SOME, AND: bench_stock.h). frana's query is then
matched as it is and rewritten three ways, to measure what its parts cost:
without the word's exact form in a SYNONYM that also holds a Z stem, without
the name-key branch (the OR'ed 0.5 * SYNONYM of XN keys), and without both.
The rewrites search something else (fewer articles, other weights): they are
measurements of the layout's costs, not options. CPU per query of get_mset
(top 10) only, exact totals and Xapian's estimate; the queries are built
beforehand. Last, the p50 of frana's query and of stock's for each kind of
query bench_queries.h draws (one capitalized English word; two French words),
with the median number of articles each finds.
"""
import os
import re
import sys
import time

import frana
import xapian

args = sys.argv[1:]
runs = 2
if "--runs" in args:
    i = args.index("--runs")
    runs = int(args[i + 1])
    del args[i:i + 2]
d = args[0] if args else "/tmp/frana_bench_scale"
here = os.path.dirname(os.path.abspath(__file__))
one = xapian.Database(os.path.join(d, "one"))
stock = xapian.Database(os.path.join(d, "stock"))
with open(os.path.join(d, "queries.txt"), encoding="utf-8") as f:
    queries = [line.rstrip("\n") for line in f]

fqp = frana.QueryParser(frana.Analyzer(), db=one)
sqp = xapian.QueryParser()
sqp.set_stemmer(xapian.Stem("french"))
sqp.set_database(stock)
stopper = xapian.SimpleStopper()
with open(os.path.join(here, "..", "stopwords", "french.txt"), encoding="utf-8") as f:
    for line in f:
        w = line.split("|")[0].strip()
        if w:
            stopper.add(w)
sqp.set_stopper(stopper)
sqp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
sqp.set_default_op(xapian.Query.OP_AND)

OPS = {"SYNONYM": xapian.Query.OP_SYNONYM, "OR": xapian.Query.OP_OR, "AND": xapian.Query.OP_AND}


def parse(desc):
    """frana's query as a tree, from Xapian's description of it: ("T", term),
    ("S", scale, node), (op, [nodes]); op is ("PHRASE"|"NEAR", window) for those."""
    toks = re.findall(r"\(|\)|[^\s()]+", desc[len("Query("):-1])
    pos = [0]

    def expr():
        items, op = [], None
        while pos[0] < len(toks) and toks[pos[0]] != ")":
            t = toks[pos[0]]
            if t in OPS:
                op = t
                pos[0] += 1
                continue
            if t in ("PHRASE", "NEAR"):
                op = (t, int(toks[pos[0] + 1]))
                pos[0] += 2
                continue
            scale = None
            if re.match(r"^[0-9.]+$", t) and toks[pos[0] + 1] == "*":
                scale = float(t)
                pos[0] += 2
                t = toks[pos[0]]
            if t == "(":
                pos[0] += 1
                sub = expr()
                pos[0] += 1
            else:
                pos[0] += 1
                sub = ("T", t)
            items.append(("S", scale, sub) if scale else sub)
        if len(items) > 1 and op is None:
            raise ValueError("unexpected query shape: " + desc)
        return (op, items) if len(items) > 1 else items[0]

    return expr()


def build(n, drop_word, drop_keys):
    if n[0] == "T":
        return xapian.Query(n[1])
    if n[0] == "S":
        return None if drop_keys else xapian.Query(xapian.Query.OP_SCALE_WEIGHT,
                                                   build(n[2], drop_word, drop_keys), n[1])
    op, items = n
    if isinstance(op, tuple):
        kids = [build(i, False, False) for i in items]
        return xapian.Query(xapian.Query.OP_PHRASE if op[0] == "PHRASE" else xapian.Query.OP_NEAR,
                            kids, op[1])
    if op == "SYNONYM" and drop_word and any(i[0] == "T" and i[1].startswith("Z") for i in items):
        items = [i for i in items if not (i[0] == "T" and not i[1][:1].isupper())]
    kids = [k for k in (build(i, drop_word, drop_keys) for i in items) if k is not None]
    return kids[0] if len(kids) == 1 else xapian.Query(OPS[op], kids)


trees, stock_q, kept = [], [], []
for q in queries:
    try:
        fq = fqp.parse_query(q)
    except frana.Error:
        continue  # stopwords only, refused as by frana_db_search
    t = parse(str(fq))
    if str(build(t, False, False)) != str(fq):
        sys.exit("bench_match_parts: the rebuilt query differs: %s" % fq)
    trees.append(t)
    stock_q.append(sqp.parse_query(q))
    kept.append(q)

variants = [("frana's query", False, False), ("without the exact word", True, False),
            ("without the name keys", False, True), ("without both", True, True)]
built = [[build(t, w, k) for t in trees] for _, w, k in variants]


def per_query(db, qs, check):
    """Per query: (CPU ms of get_mset, matches)."""
    e = xapian.Enquire(db)
    out = []
    for q in qs:
        t0 = time.process_time()
        e.set_query(q)
        m = e.get_mset(0, 10, check)
        for x in m:
            x.docid
        out.append(((time.process_time() - t0) * 1e3, m.get_matches_estimated()))
    return out


def times(db, qs, check):
    ts = sorted(t for t, _ in per_query(db, qs, check))
    n = len(ts)
    return [ts[n // 2], ts[int(n * .95)], ts[int(n * .99)]]


print("%d queries on %d articles (%s); CPU ms of get_mset, top 10" %
      (len(trees), one.get_doccount(), d))
for check, label in ((one.get_doccount(), "exact totals"), (0, "estimate")):
    for r in range(runs):
        s = times(stock, stock_q, check)
        print("%s, run %d                p50     p95     p99   p50 / stock" % (label, r + 1))
        print("  stock                       %6.2f  %6.2f  %6.2f" % tuple(s))
        for (name, _, _), qs in zip(variants, built):
            f = times(one, qs, check)
            print("  %-26s  %6.2f  %6.2f  %6.2f   %5.2fx" % tuple([name] + f + [f[0] / s[0]]))


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


# The two kinds of bench_queries.h: a capitalized English word (a name:
# Obama, Moscow) and a pair of French words. Exact totals; each query once.
print("\nby kind of query, exact totals   n   p50 ms stock  frana  frana / stock"
      "   matches (median) stock  frana")
for r in range(runs):
    s_q = per_query(stock, stock_q, stock.get_doccount())
    f_q = per_query(one, built[0], one.get_doccount())
    for kind, label in (("name", "one English word"), ("pair", "two French words")):
        ix = [i for i, q in enumerate(kept) if (" " in q) == (kind == "pair")]
        st = median([s_q[i][0] for i in ix])
        fr = median([f_q[i][0] for i in ix])
        print("  run %d, %-22s %4d   %6.2f %6.2f   %5.2fx          %7d %6d" %
              (r + 1, label, len(ix), st, fr, fr / st, median([s_q[i][1] for i in ix]),
               median([f_q[i][1] for i in ix])))
