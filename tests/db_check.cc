/*
 * db_check.cc — the fault tests' integrity check of a frana database, through
 * Xapian directly (frana's C API does not walk documents).
 *
 * usage: db_check DB [--ids]
 *        db_check DB --set-layout VALUE
 *        db_check DB --dump
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
 * With --dump, it prints everything a search can see, in an order that does
 * not depend on document ids: per document (sorted by id term) its data, its
 * terms with wdf and positions, and its values; then the synonym table and
 * the metadata (but frana:commits). Two databases with the same dump hold the same index (the
 * allocation-failure sweep compares them so).
 */
#include <jansson.h>
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

namespace {

/* Escapes bytes below 0x20 and backslash, so that every line stays a line. */
std::string esc(const std::string &s)
{
    std::string o;
    for (unsigned char c : s) {
        if (c < 0x20 || c == '\\') {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            o += b;
        } else {
            o += static_cast<char>(c);
        }
    }
    return o;
}

int dump(const Xapian::Database &db)
{
    std::map<std::string, std::string> docs; /* id term -> the document's lines */
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        std::string key, out = "data " + esc(doc.get_data()) + "\n";
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t)[0] == 'Q' && key.empty())
                key = *t;
            out += "term " + esc(*t) + " wdf " + std::to_string(t.get_wdf()) + " pos";
            for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end();
                 ++p)
                out += " " + std::to_string(*p);
            out += "\n";
        }
        for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
            out += "value " + std::to_string(v.get_valueno()) + " " + esc(*v) + "\n";
        docs[key + "#" + std::to_string(docs.size())] = out;
    }
    std::printf("documents %u\n", db.get_doccount());
    for (const auto &d : docs)
        std::printf("doc %s\n%s", esc(d.first.substr(0, d.first.rfind('#'))).c_str(),
                    d.second.c_str());
    for (Xapian::TermIterator k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k)
        for (Xapian::TermIterator v = db.synonyms_begin(*k); v != db.synonyms_end(*k); ++v)
            std::printf("synonym %s %s\n", esc(*k).c_str(), esc(*v).c_str());
    /* frana:commits counts the writer's commits: how the articles were
     * committed, not what a search sees. */
    for (Xapian::TermIterator k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
        if (*k != "frana:commits")
            std::printf("metadata %s %s\n", esc(*k).c_str(), esc(db.get_metadata(*k)).c_str());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: db_check DB [--ids]\n");
        return 2;
    }
    bool print_ids = argc > 2 && std::strcmp(argv[2], "--ids") == 0;
    try {
        if (argc > 3 && std::strcmp(argv[2], "--set-layout") == 0) {
            Xapian::WritableDatabase wdb(argv[1], Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
            wdb.set_metadata("frana:layout", argv[3]);
            wdb.commit();
            return 0;
        }
        Xapian::Database db(argv[1], Xapian::DB_BACKEND_GLASS);
        if (argc > 2 && std::strcmp(argv[2], "--dump") == 0)
            return dump(db);
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
