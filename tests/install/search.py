"""search.py DB CORPUS.jsonl QUERY...: python3-xapian and the installed frana
module index every article of the corpus into DB the way `frana index` does
(title words, their S copies, a gap of 100, the body; Q+id and XL+language;
the id as data)
and print, per query, "query<TAB>id,id,…" of the top 10."""
import json
import sys

import xapian

import frana

db_path, corpus, queries = sys.argv[1], sys.argv[2], sys.argv[3:]
an = frana.Analyzer()
db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
tg = frana.TermGenerator(an)
n = 0
with open(corpus, encoding="utf-8") as f:
    for line in f:
        art = json.loads(line)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.set_lang(art.get("lang"))
        tg.set_termpos(0)
        tg.index_text(art.get("title") or "")
        after_title = tg.get_termpos()
        tg.set_termpos(0)
        tg.index_text(art.get("title") or "", prefix="S")
        tg.set_termpos(after_title)
        tg.increase_termpos()
        tg.index_text(art.get("body") or "")
        doc.set_data(art["id"])
        doc.add_boolean_term("Q" + art["id"])
        doc.add_boolean_term("XL" + (art.get("lang") or "fr").lower())
        db.replace_document("Q" + art["id"], doc)
        n += 1
db.commit()
print("indexed %d articles" % n, file=sys.stderr)
qp = frana.QueryParser(an, db)
for q in queries:
    enq = xapian.Enquire(db)
    enq.set_query(qp.parse_query(q))
    ids = [m.document.get_data().decode() for m in enq.get_mset(0, 10)]
    print("%s\t%s" % (q, ",".join(ids)))
