#!/usr/bin/env python3
"""search_features.py FRANA — frana search checked against independent answers.

Indexes the bundled corpus (tests/data/corpus_fr.jsonl) and a generated one
(600 articles of words drawn from tests/data/snowball/french_voc.txt with a
fixed seed, dates from 2018 to 2021, four languages, five sources, and one
article whose id and title carry terminal escapes), then checks:

- exact totals: the total equals the number of hits retrieved with no limit,
  --count prints it, --estimate gives bounds around it;
- every filter (lang:, source:, id:, date: as a year, a month, a day and
  ranges, and the same as command-line options) against counts computed here
  by scanning the JSON Lines, and that a filter narrows without changing the
  weights of the hits it keeps;
- --sort date / -date against the stored dates, facets against counts of the
  matching articles computed here;
- Xapian's operators: NEAR, NEAR/n, ADJ, ADJ/n and trailing wildcards give
  the set that Xapian's own QueryParser gives over the same database; AND,
  OR, NOT, XOR with Xapian's precedence give the set that the structure of
  Xapian's parse gives, evaluated over frana's own set for each word;
- French typography: « », “ ”, „ “, ‹ › are phrase marks, U+00A0 and U+202F
  separate words;
- both sides alike: 1939-1945 is found by 1939 and 1945, S.N.C.F. by SNCF,
  Putin's by putin;
- output: every batch line gets a record with its line number (blank,
  failing and invalid UTF-8 lines too), csv/tsv parse back, no terminal
  escape reaches text or tsv output raw, JSON keeps the exact id;
- --limit / --offset past 32 bits are errors.

Needs python3-xapian (Debian). Exits non-zero on any failure.
"""
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

import xapian

FRANA = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(args, stdin=None):
    p = subprocess.run([FRANA] + args, input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def search(db, query, *opts):
    """One query as JSON (all hits); None when frana fails."""
    rc, out, err = run(["search", "--db", db, "--format", "json", "--limit", "100000",
                        "--fields", "id,score,date"] + list(opts) + ["--", query])
    if rc != 0:
        print("search failed:", query, err.decode("utf-8", "replace"))
        return None
    return json.loads(out)


def ids(db, query, *opts):
    r = search(db, query, *opts)
    return None if r is None else [h["id"] for h in r["results"]]


# ---- corpora -------------------------------------------------------------------

tmp = tempfile.mkdtemp(prefix="frana_features.")
bundled = [json.loads(l) for l in open(os.path.join(DATA, "corpus_fr.jsonl"), encoding="utf-8")]
vocab = [w.strip() for w in open(os.path.join(DATA, "snowball", "french_voc.txt"), encoding="utf-8")
         if len(w.strip()) > 3][:4000]
rng = random.Random(20200914)
common = ["tournesol", "fleuve", "montagne", "village", "marché"]
sources = ["Le Petit Écho", "La Gazette de frana", "frana Wire", "Radio Plaine", "Nord Matin"]
langs = ["fr", "fr", "fr", "en", "de", "ru"]
gen = []
for i in range(600):
    words = [rng.choice(vocab) for _ in range(25)] + rng.sample(common, rng.randint(0, 3))
    rng.shuffle(words)
    a = {"id": "gen-%04d" % i, "title": " ".join(rng.sample(vocab, 4)), "body": " ".join(words),
         "lang": rng.choice(langs), "source": rng.choice(sources)}
    if i % 37 != 0:  # a few articles without a date
        y, m, d = rng.randint(2018, 2021), rng.randint(1, 12), rng.randint(1, 28)
        a["date"] = "%04d-%02d-%02d" % (y, m, d)
    gen.append(a)
EVIL_ID = "evil\x1b[2J\x00x,\ty"
gen.append({"id": EVIL_ID, "title": "\x1b]52;c;AAAA\x07 titre \u009b31m \u202eabc\u2066 \\x1b",
            "body": "tournesol \x1b[31m rouge \u0085 fin", "lang": "fr", "source": "Nord Matin",
            "date": "2021-06-01"})
gen.append({"id": "both-sides", "title": "Putin's plan", "lang": "fr", "source": "Nord Matin",
            "body": "La S.N.C.F. rappelle la guerre de 1939-1945 et le plan de McDonald’s."})
gen_path = os.path.join(tmp, "gen.jsonl")
with open(gen_path, "w", encoding="utf-8") as f:
    for a in gen:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
by_id = {a["id"]: a for a in gen}
DB = os.path.join(tmp, "gen.db")
BDB = os.path.join(tmp, "bundled.db")
for db, path in ((DB, gen_path), (BDB, os.path.join(DATA, "corpus_fr.jsonl"))):
    rc, out, err = run(["index", "--db", db, path])
    check(rc == 0, "index %s: %s" % (path, err))

# ---- exact counts ---------------------------------------------------------------

for q in ["tournesol", "fleuve OR montagne", "village -marché", "date:2019", "lang:de",
          "tournesol date:2020..2021"]:
    r = search(DB, q)
    if r is None:
        check(False, "search " + q)
        continue
    check(r["exact"] is True and r["total"] == len(r["results"]),
          "%s: exact total %s = %d hits retrieved" % (q, r["total"], len(r["results"])))
    rc, out, _ = run(["search", "--db", DB, "--count", q])
    check(rc == 0 and out.strip() == str(r["total"]).encode(), "--count %s: %s" % (q, out))
    rc, out, _ = run(["search", "--db", DB, "--limit", "0", q])
    check(rc == 0 and out.strip() == str(r["total"]).encode(), "--limit 0 %s: %s" % (q, out))
    rc, out, _ = run(["search", "--db", DB, "--json", "--estimate", "--limit", "1", q])
    e = json.loads(out) if rc == 0 else {}
    lo, hi = e.get("lower", e.get("total")), e.get("upper", e.get("total"))
    check(rc == 0 and lo is not None and lo <= r["total"] <= hi,
          "--estimate %s: %s within [%s, %s]" % (q, r["total"], lo, hi))

# ---- filters against a scan of the JSON Lines ------------------------------------


def scan(pred):
    return sorted(a["id"] for a in gen if pred(a))


def in_range(a, lo, hi):
    d = a.get("date", "")
    return d != "" and lo <= d <= hi


filters = [
    ("lang:de", lambda a: a["lang"] == "de"),
    ("lang:FR", lambda a: a["lang"] == "fr"),
    ("lang:en lang:ru", lambda a: a["lang"] in ("en", "ru")),
    ('source:"le petit  écho"', lambda a: a["source"] == "Le Petit Écho"),
    ("source:«Radio Plaine»", lambda a: a["source"] == "Radio Plaine"),
    ("id:gen-0007", lambda a: a["id"] == "gen-0007"),
    ("date:2019", lambda a: a.get("date", "").startswith("2019")),
    ("date:2019-03", lambda a: a.get("date", "").startswith("2019-03")),
    ("date:2020-02..2020-05", lambda a: in_range(a, "2020-02-01", "2020-05-31")),
    ("date:2019..2020", lambda a: in_range(a, "2019-01-01", "2020-12-31")),
    ("date:..2018-06", lambda a: in_range(a, "0000", "2018-06-31")),
    ("date:2021-03..", lambda a: in_range(a, "2021-03-01", "9999")),
    ("lang:fr date:2020 source:\"Nord Matin\"",
     lambda a: a["lang"] == "fr" and a.get("date", "").startswith("2020") and a["source"] == "Nord Matin"),
]
day = next(a["date"] for a in gen if "date" in a)
filters.append(("date:" + day, lambda a: a.get("date") == day))
for q, pred in filters:
    got = ids(DB, q)
    check(got is not None and sorted(got) == scan(pred),
          "%s: %d ids, scan says %d" % (q, len(got or []), len(scan(pred))))
# The same filters as options, and as narrowing of a word query.
opt_cases = [(["--in-lang", "de"], lambda a: a["lang"] == "de"),
             (["--source", "Le Petit Écho"], lambda a: a["source"] == "Le Petit Écho"),
             (["--date", "2019-03"], lambda a: a.get("date", "").startswith("2019-03")),
             (["--filter", "date:2019..2020", "--id", "gen-0011"],
              lambda a: a["id"] == "gen-0011" and in_range(a, "2019-01-01", "2020-12-31"))]
base = search(DB, "tournesol OR fleuve")
base_w = {h["id"]: h["score"] for h in base["results"]} if base else {}
for opts, pred in opt_cases:
    got = ids(DB, "date:1900..2100 OR lang:fr OR lang:en OR lang:de OR lang:ru", *opts)
    check(got is not None and sorted(got) == scan(pred), "options %s" % opts)
    r = search(DB, "tournesol OR fleuve", *opts)
    want = sorted(i for i in base_w if pred(by_id[i]))
    check(r is not None and sorted(h["id"] for h in r["results"]) == want,
          "options %s narrow tournesol OR fleuve" % opts)
    check(r is not None and all(abs(h["score"] - base_w[h["id"]]) < 1e-9 for h in r["results"]),
          "options %s keep the weights" % opts)
for q, pred in filters[:8]:
    r = search(DB, "(tournesol OR fleuve) " + q)
    want = sorted(i for i in base_w if pred(by_id[i]))
    got = sorted(h["id"] for h in r["results"]) if r else None
    check(got == want, "(tournesol OR fleuve) %s narrows: %s vs %s" % (q, len(got or []), len(want)))
    check(r is not None and all(abs(h["score"] - base_w[h["id"]]) < 1e-9 for h in r["results"]),
          "(tournesol OR fleuve) %s keeps the weights" % q)
rc, _, err = run(["search", "--db", DB, "tournesol", "foo:bar"])
check(rc == 1 and b"unknown field 'foo:'" in err, "unknown field: %s" % err)
rc, _, err = run(["search", "--db", DB, "--filter", "tournesol", "fleuve"])
check(rc == 1 and b"only field filters" in err, "--filter with a word: %s" % err)

# ---- sort and facets -------------------------------------------------------------

rel = search(DB, "tournesol OR marché")
for order, rev in (("date", False), ("-date", True)):
    r = search(DB, "tournesol OR marché", "--sort", order)
    dates = [h["date"] or "" for h in r["results"]] if r else []
    check(r is not None and dates == sorted(dates, reverse=rev) and
          sorted(h["id"] for h in r["results"]) == sorted(h["id"] for h in rel["results"]),
          "--sort %s" % order)
for q in ["tournesol OR marché", "date:2019..2020", "village lang:fr"]:
    all_ids = ids(DB, q)
    rc, out, _ = run(["search", "--db", DB, "--json", "--limit", "1", "--facet",
                      "year,month,lang", "--facet", "source", q])
    r = json.loads(out) if rc == 0 else {}
    f = r.get("facets", {})
    arts = [by_id[i] for i in all_ids or []]
    want = {
        "year": Counter(a["date"][:4] for a in arts if "date" in a),
        "month": Counter(a["date"][:7] for a in arts if "date" in a),
        "lang": Counter(a["lang"] for a in arts),
        "source": Counter(a["source"] for a in arts),
    }
    for k, c in want.items():
        got = {e["value"]: e["count"] for e in f.get(k, [])}
        check(got == dict(c), "facet %s of %s: %s vs %s" % (k, q, got, dict(c)))
    check([e["value"] for e in f.get("month", [])] == sorted(want["month"]), "months in order")
rc, out, _ = run(["search", "--db", DB, "--facet", "month", "--limit", "1", "date:2019"])
check(rc == 0 and b"month (exact, over every match)" in out, "facet table: %s" % out[:200])

# ---- Xapian's operators against Xapian's QueryParser --------------------------------

xdb = xapian.Database(BDB)


def xapian_ids(query_string, flags=0, default_op=xapian.Query.OP_OR):
    qp = xapian.QueryParser()
    qp.set_database(xdb)
    qp.set_default_op(default_op)
    q = qp.parse_query(query_string, flags | qp.FLAG_BOOLEAN | qp.FLAG_PHRASE | qp.FLAG_LOVEHATE)
    e = xapian.Enquire(xdb)
    e.set_query(q)
    return sorted(json.loads(m.document.get_data())["id"] for m in e.get_mset(0, xdb.get_doccount()))


for q in ["minsk NEAR manifestants", "minsk NEAR/3 manifestants", "manifestants NEAR/2 minsk",
          "loukachenko NEAR poutine", "poutine ADJ sotchi", "sotchi ADJ poutine",
          "manifestants ADJ/4 minsk", "minsk ADJ/30 manifestants", "loukachenko NEAR sotchi NEAR poutine"]:
    mine = ids(BDB, q)
    ref = xapian_ids(q)
    check(mine is not None and sorted(mine) == ref, "%s: frana %s, Xapian %s" % (q, mine, ref))
    if q in ("minsk NEAR manifestants", "loukachenko NEAR poutine", "minsk ADJ/30 manifestants"):
        check(len(ref) > 0, "%s finds something in Xapian" % q)
for q in ["elect*", "manif*", "pou*", "minsk elect*"]:
    mine = ids(BDB, q)
    ref = xapian_ids(q, xapian.QueryParser.FLAG_WILDCARD, xapian.Query.OP_AND)
    check(mine is not None and sorted(mine) == ref and ref, "%s: frana %s, Xapian %s" % (q, mine, ref))
check(sorted(ids(BDB, "ÉLECT*") or []) == sorted(ids(BDB, "elect*") or ["x"]), "wildcards fold accents")
rc, out, _ = run(["search", "--db", BDB, "--json", "--limit", "1", "elect*"])
check(rc == 0 and "l’[élection]" in json.loads(out)["results"][0]["snippet"], "wildcard matches highlighted")
rc, _, err = run(["search", "--db", BDB, "--wildcard-max", "3", "m*"])
check(rc == 1 and b"syntax error at 0: the wildcard m* matches more than 3" in err, "wildcard bound: %s" % err)

OPS = {xapian.Query.OP_AND: "and", xapian.Query.OP_OR: "or", xapian.Query.OP_AND_NOT: "andnot",
       xapian.Query.OP_XOR: "xor", xapian.Query.OP_AND_MAYBE: "maybe"}
word_sets = {}


def word_set(w):
    if w not in word_sets:
        word_sets[w] = set(ids(BDB, w) or [])
    return word_sets[w]


def evaluate(q):
    """Xapian's parse structure, each word evaluated as frana searches it."""
    n = q.get_num_subqueries()
    if n == 0:
        terms = [t.decode() for t in q]
        return word_set(terms[0])
    kids = [evaluate(q.get_subquery(i)) for i in range(n)]
    op = OPS[q.get_type()]
    if op == "and":
        return set.intersection(*kids)
    if op == "or":
        return set.union(*kids)
    if op == "andnot":
        return kids[0] - set.union(*kids[1:])
    if op == "maybe":
        return kids[0]
    out = set()
    for k in kids:
        out ^= k
    return out


structure = ["minsk OR poutine NOT sotchi", "minsk poutine OR sotchi", "minsk AND poutine sotchi",
             "minsk XOR poutine", "minsk XOR poutine OR sotchi", "minsk OR poutine XOR sotchi",
             "minsk NOT poutine AND moscou", "(minsk OR sotchi) AND NOT poutine",
             "minsk AND poutine OR sotchi XOR moscou", "minsk XOR poutine XOR moscou",
             "poutine sotchi NOT minsk", "minsk OR poutine AND sotchi"]
for q in structure:
    for default_op, flag in ((xapian.Query.OP_AND, []), (xapian.Query.OP_OR, ["--or"])):
        qp = xapian.QueryParser()
        qp.set_default_op(default_op)
        parsed = qp.parse_query(q, qp.FLAG_BOOLEAN | qp.FLAG_PHRASE | qp.FLAG_LOVEHATE)
        ref = sorted(evaluate(parsed))
        mine = ids(BDB, q, *flag)
        check(mine is not None and sorted(mine) == ref,
              "%s %s: frana %s, Xapian's structure %s (%s)" % (q, flag, mine, ref, parsed))

# ---- laws of the operators on runs of words ---------------------------------------
# With the query language fixed (no recognition of another language between
# a word alone and the word in a run): AND finds no more than any of its
# words, OR no fewer, a quoted phrase no more than its words under AND. The
# runs come from the bundled articles and from 400 generated ones where place
# names of several words are frequent and the other words rare, so that a
# name's key standing for the whole run ("jamais États-Unis") shows.


def totals(db, queries, *opts):
    """Exact totals of queries in one batch: {query: total}, None for an error line."""
    path = os.path.join(tmp, "laws.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    rc, out, _ = run(["search", "--db", db, "--batch", path, "--format", "jsonl", "--limit", "0",
                      "--lang", "fr"] + list(opts))
    got = {}
    for line in out.decode("utf-8").splitlines():
        r = json.loads(line)
        got[r["query"]] = r.get("total")
    return got


law_rng = random.Random(1945)
places = ["États-Unis", "Royaume-Uni", "Afrique du Sud", "Arabie saoudite"]
law_path = os.path.join(tmp, "laws.jsonl")
with open(law_path, "w", encoding="utf-8") as f:
    for i in range(400):
        words = [law_rng.choice(vocab) for _ in range(12)]
        for k, pl in enumerate(places):
            if law_rng.random() < 0.5 / (k + 1):
                words.insert(law_rng.randrange(len(words) + 1), pl)
        f.write(json.dumps({"id": "law-%03d" % i, "title": "", "body": " ".join(words),
                            "lang": "fr"}, ensure_ascii=False) + "\n")
LDB = os.path.join(tmp, "laws.db")
rc, _, err = run(["index", "--db", LDB, law_path])
check(rc == 0, "index %s: %s" % (law_path, err))
runs = []
for a in bundled:
    words = [w.strip(".,;:!?«»\"()") for w in a["body"].replace("’", "'").split()]
    words = [w for w in words if w.isalpha() or "-" in w]
    for _ in range(4):
        if len(words) >= 3:
            i = law_rng.randrange(len(words) - 2)
            runs.append((BDB, words[i:i + law_rng.choice((2, 3))]))
for _ in range(40):
    pl = law_rng.choice(places).split()
    w = law_rng.choice(vocab)
    runs.append((LDB, [w] + pl if law_rng.random() < 0.5 else pl + [w]))
checked = 0
for db in (BDB, LDB):
    mine = [r for d, r in runs if d == db]
    qs = sorted({x for r in mine for x in r}) + [" ".join(r) for r in mine] + \
        [" OR ".join(r) for r in mine] + ['"%s"' % " ".join(r) for r in mine]
    tot = totals(db, qs)
    for r in mine:
        q = " ".join(r)
        one = [tot.get(w) for w in r if tot.get(w) is not None]
        if tot.get(q) is None or not one:
            continue
        checked += 1
        # A place name's own words ("Afrique du Sud") are searched together:
        # the law is about the words around it.
        others = [tot.get(w) for w in r if tot.get(w) is not None and
                  not any(w in pl.split() for pl in places)]
        check(tot[q] <= min(others or one),
              "AND finds no more than its words: %s %s > %s" % (q, tot[q], others or one))
        o = tot.get(" OR ".join(r))
        check(o is not None and o >= max(one), "OR no fewer than its words: %s %s < %s" % (q, o, one))
        ph = tot.get('"%s"' % q)
        check(ph is not None and ph <= tot[q],
              "a phrase no more than its AND: %s %s > %s" % (q, ph, tot[q]))
check(checked >= 60, "%d runs of words checked" % checked)

# ---- French typography ----------------------------------------------------------------

ref = ids(BDB, '"nuit de colère"')
check(bool(ref), "the phrase finds fr-001")
for q in ["« nuit de colère »", "«\u00a0nuit de colère\u00a0»", "“nuit de colère”", "„nuit de colère“",
          "‹nuit de colère›", "\"nuit de colère”"]:
    check(ids(BDB, q) == ref, "%s is the phrase" % q)
plain = ids(BDB, "sotchi poutine")
for sp in ["\u00a0", "\u202f", "\u2009", "\u3000"]:
    check(ids(BDB, "sotchi" + sp + "poutine") == plain and plain, "U+%04X separates words" % ord(sp))

# ---- both sides alike: year ranges, dotted acronyms, possessives ------------------------

for q in ["1939", "1945", "1939-1945", "SNCF", "S.N.C.F.", "sncf", "Putin's", "putin", "mcdonald",
          "McDonald's", '"guerre de 1939-1945"', '"la S.N.C.F. rappelle"', "title:putin"]:
    check("both-sides" in (ids(DB, q) or []), "%s finds the article" % q)
check("both-sides" not in (ids(DB, "1940") or []), "1940 is not in 1939-1945")

# ---- output ------------------------------------------------------------------------------

lines = b"minsk\n\n\xff minsk\nfoo:bar\n((\ntournesol\n"
for fmt in ("jsonl", "json"):
    rc, out, _ = run(["search", "--db", DB, "--batch", "-", "--format", fmt], lines)
    recs = [json.loads(l) for l in out.decode().splitlines() if l] if fmt == "jsonl" else json.loads(out)
    check([r.get("line") for r in recs] == [1, 2, 3, 4, 5, 6], "%s batch: one record per line" % fmt)
    check(len(recs) == 6 and "error" in recs[1] and "error" in recs[3] and "error" in recs[4] and
          "total" in recs[2] and "total" in recs[5], "%s batch: errors and results in place" % fmt)
for fmt, delim in (("csv", ","), ("tsv", "\t")):
    rc, out, _ = run(["search", "--db", DB, "--batch", "-", "--format", fmt, "--limit", "3"], lines)
    rows = list(csv.reader(io.StringIO(out.decode()), delimiter=delim,
                           quoting=csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE))
    check(rows[0][:3] == ["line", "query", "total"] and rows[0][-1] == "error", "%s header" % fmt)
    check(sorted({r[0] for r in rows[1:]}) == ["1", "2", "3", "4", "5", "6"] and
          all(len(r) == len(rows[0]) for r in rows), "%s: every line, same width" % fmt)
    check(all(r[5] and float(r[5]) >= 0 for r in rows[1:] if r[3]), "%s: scores" % fmt)
rc, text, _ = run(["search", "--db", DB, "tournesol", "rouge"])
rc2, tsv, _ = run(["search", "--db", DB, "--format", "tsv", "--fields", "id,title,snippet", "tournesol", "rouge"])
rc3, js, _ = run(["search", "--db", DB, "--json", "tournesol", "rouge"])
for name, out in (("text", text), ("tsv", tsv)):
    raw = [c for c in ("\x1b", "\x00", "\x07", "\u009b", "\u0085", "\u202e", "\u2066")
           if c.encode() in out]
    check(out and not raw, "%s output holds no raw control or bidi character: %r" % (name, raw))
check(b"evil\\x1B[2J\\x00x,\\x09y" in text, "the id is escaped, unambiguous: %r" % text[:300])
check(len(tsv.splitlines()) == 2 and len(tsv.splitlines()[1].split(b"\t")) == 7, "tsv: one line per hit")
hits = json.loads(js)["results"] if rc3 == 0 else []
check(any(h["id"] == EVIL_ID for h in hits), "JSON keeps the exact id")
check(all("\x1b" not in h["snippet"] and "\u202e" not in h["snippet"] for h in hits) and hits,
      "snippets hold no control or bidi character")

for args in (["--limit", "4294967296"], ["--offset", "4294967296"], ["--limit", "-1"]):
    rc, out, err = run(["search", "--db", DB] + args + ["tournesol"])
    check(rc == 2 and b"wants a number" in err and not out, "%s refused: %s" % (args, err))
rc, out, err = run(["search", "--db", DB, "--limit", "4294967295", "--offset", "1", "tournesol"])
check(rc == 1 and b"must not pass 4294967295" in err, "limit + offset past 32 bits: %s" % err)
rc, out, err = run(["search", "--db", DB, "--limit", "4294967295", "--count", "tournesol"])
check(rc == 0, "the largest limit is taken: %s" % err)

shutil.rmtree(tmp, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
