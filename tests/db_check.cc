/*
 * db_check.cc — the fault tests' integrity check of a frana database, through
 * Xapian directly (frana's C API does not walk documents).
 *
 * usage: db_check DB [--ids]
 *        db_check DB --set-layout VALUE
 *
 * Opens DB read-only and checks every document: its data is frana's JSON
 * object with a non-empty string "id"; the document holds the term "Q"+id; that
 * term indexes exactly one document; a non-empty body gave the document
 * terms besides the id term; and the body names the id (the fault tests write each
 * article so). The number of documents walked must equal get_doccount().
 * Prints "articles N" (and the ids, one a line, with --ids); exits 0 when
 * all holds, 1 with a message per broken document otherwise, 2 when DB
 * does not open. With --set-layout, it writes VALUE as the database's layout
 * metadata instead (a database of another frana layout, for the tests).
 */
#include <jansson.h>
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: db_check DB [--ids]\n");
        return 2;
    }
    bool print_ids = argc > 2 && std::strcmp(argv[2], "--ids") == 0;
    try {
        if (argc > 3 && std::strcmp(argv[2], "--set-layout") == 0) {
            Xapian::WritableDatabase wdb(argv[1], Xapian::DB_OPEN);
            wdb.set_metadata("frana:layout", argv[3]);
            wdb.commit();
            return 0;
        }
        Xapian::Database db(argv[1]);
        size_t walked = 0, bad = 0;
        for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            walked++;
            Xapian::docid did = *it;
            Xapian::Document doc = db.get_document(did);
            std::string data = doc.get_data();
            json_error_t jerr;
            json_t *root = json_loadb(data.data(), data.size(), JSON_ALLOW_NUL, &jerr);
            json_t *id = root ? json_object_get(root, "id") : nullptr;
            json_t *body = root ? json_object_get(root, "body") : nullptr;
            if (!id || !json_is_string(id) || json_string_length(id) == 0 ||
                (body && !json_is_string(body))) {
                std::printf("doc %u: data is not a frana article: %.80s\n", did, data.c_str());
                bad++;
                json_decref(root);
                continue;
            }
            std::string sid(json_string_value(id), json_string_length(id));
            std::string qterm = "Q" + sid;
            Xapian::TermIterator t = doc.termlist_begin();
            t.skip_to(qterm);
            if (t == doc.termlist_end() || *t != qterm) {
                std::printf("doc %u (%s): no id term\n", did, sid.c_str());
                bad++;
            } else if (db.get_termfreq(qterm) != 1) {
                std::printf("doc %u (%s): id term in %u documents\n", did, sid.c_str(),
                            db.get_termfreq(qterm));
                bad++;
            }
            const char *b = body ? json_string_value(body) : "";
            if (b[0] && doc.termlist_count() < 2) {
                std::printf("doc %u (%s): body without terms\n", did, sid.c_str());
                bad++;
            }
            if (b[0] && !std::strstr(b, sid.c_str())) {
                std::printf("doc %u (%s): body of another article\n", did, sid.c_str());
                bad++;
            }
            if (print_ids)
                std::printf("%s\n", sid.c_str());
            json_decref(root);
        }
        if (walked != db.get_doccount()) {
            std::printf("walked %zu documents, doccount %u\n", walked, db.get_doccount());
            bad++;
        }
        std::printf("articles %zu\n", walked);
        return bad ? 1 : 0;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "db_check: %s\n", e.get_description().c_str());
        return 2;
    }
}
