// index_search — a user's own Xapian indexer with frana (frana_xapian.hpp):
// index_search DB CORPUS.jsonl QUERY... indexes every article of the corpus
// into DB with its own prefixes (XBODY for the body, XTITLE for the title,
// the id as its own boolean term ID…, the id as document data), then prints,
// per query, the ids of the top 10 as "query<TAB>id,id,…".
#include <frana_xapian.hpp>
#include <jansson.h>
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

static std::string field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? std::string(json_string_value(v), json_string_length(v)) : "";
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: index_search DB CORPUS QUERY...\n");
        return 2;
    }
    try {
        frana::Analyzer an;
        {
            Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
            frana::TermGenerator tg(an);
            std::ifstream in(argv[2]);
            std::string line;
            int n = 0;
            while (std::getline(in, line)) {
                json_error_t e;
                json_t *o = json_loadb(line.data(), line.size(), 0, &e);
                if (!o) {
                    std::fprintf(stderr, "%s: bad JSON: %s\n", argv[2], e.text);
                    return 1;
                }
                Xapian::Document doc;
                tg.set_document(doc);
                tg.set_termpos(0);
                // The title twice, as frana does: once in the body's field and
                // once under its own prefix, at the same positions.
                tg.index_text(field(o, "title"), 1, "XBODY");
                Xapian::termpos after_title = tg.get_termpos();
                tg.set_termpos(0);
                tg.index_text(field(o, "title"), 1, "XTITLE");
                tg.set_termpos(after_title);
                tg.increase_termpos();
                tg.index_text(field(o, "body"), 1, "XBODY");
                std::string id = field(o, "id");
                doc.add_boolean_term("ID" + id);
                doc.set_data(id);
                db.replace_document("ID" + id, doc);
                json_decref(o);
                n++;
            }
            db.commit();
            std::fprintf(stderr, "indexed %d articles\n", n);
        }
        Xapian::Database db(argv[1]);
        frana::QueryParser qp(an);
        qp.set_database(db);
        qp.set_prefixes("XBODY", "XTITLE");
        for (int i = 3; i < argc; i++) {
            Xapian::Enquire enq(db);
            enq.set_query(qp.parse_query(argv[i]));
            Xapian::MSet m = enq.get_mset(0, 10);
            std::cout << argv[i] << '\t';
            const char *sep = "";
            for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it, sep = ",")
                std::cout << sep << it.get_document().get_data();
            std::cout << '\n';
        }
    } catch (const frana::Error &e) {
        std::fprintf(stderr, "frana: %s\n", e.what());
        return 1;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}
