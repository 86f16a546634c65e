#!/usr/bin/env python3
"""sqlite_fts5.py EXTENSION FRANA search|highlight|hostile — the FTS5 tokenizer
"frana" through Python's sqlite3 module (enable_load_extension). Run from
tests/ (ctest does).

  search     the bundled corpus in FTS5 tables (one per language), queries
             next to `frana search --json` on the same corpus
  highlight  highlight() and snippet() mark the words the query found, with
             accents, elided articles and names in another script
  hostile    invalid UTF-8, NUL bytes and a 1 MB word: FTS5 stores exactly the
             terms `frana analyze` gives, the words around survive, the same
             word as a query finds the row; never a crash
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

EXT, FRANA, WHAT = sys.argv[1], sys.argv[2], sys.argv[3]
passed = failed = 0


def check(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", msg)


def connect(path=":memory:"):
    db = sqlite3.connect(path)
    if not hasattr(db, "enable_load_extension"):
        sys.exit("this python3's sqlite3 module cannot load extensions: " + sys.executable)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    db.enable_load_extension(False)
    return db


def load_corpus(db):
    db.execute("CREATE TABLE articles(id TEXT, lang TEXT, title TEXT, body TEXT)")
    with open("data/corpus_fr.jsonl", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            db.execute("INSERT INTO articles VALUES (?, ?, ?, ?)",
                       (a["id"], a.get("lang", "fr"), a.get("title", ""), a.get("body", "")))
    langs = [r[0] for r in db.execute("SELECT DISTINCT lang FROM articles")]
    for lang in langs:
        db.execute(f"CREATE VIRTUAL TABLE news_{lang} USING fts5(title, body, "
                   f"tokenize = 'frana lang {lang}')")
        db.execute(f"INSERT INTO news_{lang}(rowid, title, body) "
                   f"SELECT rowid, title, body FROM articles WHERE lang = ?", (lang,))
    return langs


def fts_ids(db, langs, q):
    ids = set()
    for lang in langs:
        ids |= {r[0] for r in db.execute(
            f"SELECT id FROM articles WHERE rowid IN "
            f"(SELECT rowid FROM news_{lang} WHERE news_{lang} MATCH ?)", (q,))}
    return ids


def search():
    with tempfile.TemporaryDirectory() as tmp:
        xap = os.path.join(tmp, "xapian")
        r = subprocess.run([FRANA, "index", "--db", xap, "data/corpus_fr.jsonl"],
                           capture_output=True, text=True)
        check(r.returncode == 0, "frana index: " + r.stderr)
        db = connect()
        langs = load_corpus(db)
        check(sorted(langs) == ["de", "en", "fr", "ru"], f"languages {langs}")
        for fq, sq, extra in [("election", "election", []),
                              ("l'élection", "\"l'élection\"", []),
                              ("\"election presidentielle\"", "\"election presidentielle\"", []),
                              ("Tikhanovskaya", "Tikhanovskaya", []),
                              ("Lukashenko Sochi", "Lukashenko Sochi", []),
                              ("Лукашенко", "Лукашенко", []),
                              ("Lukaschenko Sotschi", "Lukaschenko OR Sotschi", ["--or"])]:
            r = subprocess.run([FRANA, "search", "--db", xap, "--json", "--limit", "100"]
                               + extra + [fq], capture_output=True, text=True)
            want = {h["id"] for h in json.loads(r.stdout)["results"]} if r.returncode == 0 else None
            check(bool(want), f"frana search {fq!r} finds something ({r.stderr})")
            got = fts_ids(db, langs, sq)
            check(got == want, f"{sq!r}: FTS5 finds {sorted(got)}, frana search {sorted(want or [])}")
        # An all-stopword query finds nothing, as frana search refuses it.
        check(fts_ids(db, langs, "le") == set(), "le: nothing")
        # A broken FTS5 query is FTS5's error, not a crash.
        try:
            db.execute("SELECT * FROM news_fr WHERE news_fr MATCH ?", ('"unbalanced',)).fetchall()
            check(False, "unbalanced quote: no error")
        except sqlite3.OperationalError as e:
            check("syntax error" in str(e) or "unterminated" in str(e), f"unbalanced quote: {e}")
        # Bad options: the CREATE fails, frana_tokenizer_check names the option.
        try:
            db.execute("CREATE VIRTUAL TABLE bad USING fts5(b, tokenize = 'frana names yes')")
            check(False, "names yes: no error")
        except sqlite3.OperationalError as e:
            check("tokenizer" in str(e), f"names yes: {e}")
        msg = db.execute("SELECT frana_tokenizer_check('names yes')").fetchone()[0]
        check(msg is not None and "'names'" in msg and "'yes'" in msg, f"check message: {msg}")


def highlight():
    db = connect()
    langs = load_corpus(db)
    check("fr" in langs, "the corpus has French articles")

    def hl(q, col=1, rid="fr-001"):
        r = db.execute("SELECT highlight(news_fr, ?, '[', ']') FROM news_fr "
                       "JOIN articles a ON a.rowid = news_fr.rowid "
                       "WHERE news_fr MATCH ? AND a.id = ?", (col, q, rid)).fetchall()
        return r[0][0] if r else ""

    for q, want, rid in [("election", "l’[élection]", "fr-001"),
                         ("ELECTION", "l’[élection]", "fr-001"),
                         ("\"l'élection\"", "l’[élection]", "fr-001"),
                         ("elect*", "l’[élection]", "fr-001"),
                         ("\"election presidentielle\"", "l’[élection présidentielle]", "fr-001"),
                         ("resultats", "les [résultats] de", "fr-001"),
                         ("Lukashenko", "Alexandre [Loukachenko] est", "fr-002"),
                         ("Лукашенко", "Alexandre [Loukachenko] est", "fr-002"),
                         ("Sotschi", "arrivé à [Sotchi] pour", "fr-002"),
                         ("Tikhanovskaya", "Svetlana [Tikhanovskaïa] appelle", "fr-002"),
                         ("\"C’est sa\"", "[C’est sa] première", "fr-002"),
                         ("\"C’est\"", "C’[est] sa", "fr-002")]:
        got = hl(q, 1, rid)
        check(want in got, f"highlight {q!r}: {want!r} not in {got!r}")
        check(got.replace("[", "").replace("]", "") ==
              db.execute("SELECT body FROM articles WHERE id = ?", (rid,)).fetchone()[0],
              f"highlight {q!r} keeps the text")
    got = hl("etudiants", 0, "fr-006")
    check(got == "Rentrée sous tension pour les [étudiants]", f"title highlight: {got!r}")
    got = db.execute("SELECT snippet(news_fr, 1, '[', ']', '…', 6) FROM news_fr "
                     "WHERE news_fr MATCH 'Loukachenko'").fetchall()
    check(any("[Loukachenko]" in r[0] and r[0].count(" ") <= 7 for r in got),
          f"snippet Loukachenko: {got}")
    got = db.execute("SELECT snippet(news_fr, 1, '[', ']', '…', 5) FROM news_fr "
                     "JOIN articles a ON a.rowid = news_fr.rowid "
                     "WHERE news_fr MATCH 'election' AND a.id = 'fr-001'").fetchone()
    check(got is not None and "l’[élection]" in got[0], f"snippet election: {got}")


def analyze(data):
    """frana analyze --json on data (bytes): the terms FTS5 should store, as
    {(term bytes, position)}, and the tokens."""
    r = subprocess.run([FRANA, "analyze", "--json"], input=data, capture_output=True)
    check(r.returncode == 0, f"frana analyze: {r.stderr[:200]!r}")
    toks = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    want = set()
    for t in toks:
        terms = [x.encode("utf-8") for x in t["terms"]]
        word = next((x for x in terms if not x[:1].isupper()), None)
        kept = [x for x in terms if not (word is not None and x == b"Z" + word)]
        if not kept:
            kept = [t["surface"].encode("utf-8") + b"'"]
        want |= {(x, t["pos"]) for x in kept}
    return want, toks, r.stderr


def stored(db, rowid):
    db.execute("DROP TABLE IF EXISTS v")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(h, 'instance')")
    return {(t, off) for t, off in
            db.execute("SELECT CAST(term AS BLOB), offset FROM v WHERE doc = ?", (rowid,))}


def hostile():
    db = connect()
    db.text_factory = bytes
    db.execute("CREATE VIRTUAL TABLE h USING fts5(b, tokenize = 'frana')")
    cases = {
        "invalid UTF-8": b"Minsk \xff\xfe l\xe2\x80\x99\xc3\xa9lection caf\xc3 Loukachenko "
                         b"\xed\xa0\x80 \xf4\x90\x80\x80 fin \xc0\xaf\xe2\x82 Sotchi",
        "NUL bytes": b"Minsk\x00Loukachenko \x00\x00 l\xe2\x80\x99\xc3\xa9lection\x00fin",
        "1 MB word": b"d\xc3\xa9but " + "é".encode() * 300000 + b"x" * 400000 + b" Sotchi fin",
    }
    for rowid, (name, data) in enumerate(cases.items(), 1):
        db.execute("INSERT INTO h(rowid, b) VALUES (?, CAST(? AS TEXT))", (rowid, data))
        want, toks, err = analyze(data)
        got = stored(db, rowid)
        check(got == want, f"{name}: FTS5 stores what frana analyze gives "
                           f"(only FTS5: {sorted(got - want)[:5]}, only frana: {sorted(want - got)[:5]})")
        check(len(toks) >= 3, f"{name}: the words around survive ({len(toks)} tokens)")
    check(b"invalid UTF-8" in analyze(cases["invalid UTF-8"])[2], "frana analyze counts it")

    def rows(q):
        return [r[0] for r in db.execute("SELECT rowid FROM h WHERE h MATCH CAST(? AS TEXT)", (q,))]

    check(rows(b"Loukachenko") == [1, 2], f"Loukachenko: {rows(b'Loukachenko')}")
    check(rows(b"Sotchi") == [1, 3], f"Sotchi: {rows(b'Sotchi')}")
    check(rows(b"election") == [1, 2], f"election: {rows(b'election')}")
    check(rows(b"fin") == [1, 2, 3], f"fin: {rows(b'fin')}")
    # The invalid bytes as a query: the same replacement, the same token.
    check(rows(b"caf\xc3") == [1], f"caf\\xc3: {rows(b'caf' + bytes([0xc3]))}")
    # The 1 MB word as a query (quoted): cut and hashed the same, it finds its row.
    big = "é".encode() * 300000 + b"x" * 400000
    check(rows(b'"' + big + b'"') == [3], "the 1 MB word finds its row")
    check(rows(b'"' + big[:-1] + b'"') == [], "the 1 MB word less one byte does not")
    got = db.execute("SELECT highlight(h, 0, '[', ']') FROM h WHERE h MATCH 'Loukachenko' "
                     "AND rowid = 1").fetchone()[0]
    check(b"[Loukachenko]" in got and got.replace(b"[", b"").replace(b"]", b"") == cases["invalid UTF-8"],
          f"highlight across invalid bytes: {got!r}")
    got = db.execute("SELECT highlight(h, 0, '[', ']') FROM h WHERE h MATCH 'Sotchi' "
                     "AND rowid = 3").fetchone()[0]
    check(got.endswith(b" [Sotchi] fin"), f"highlight after the 1 MB word: {got[-20:]!r}")


{"search": search, "highlight": highlight, "hostile": hostile}[WHAT]()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
