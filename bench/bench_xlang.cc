/*
 * bench_xlang.cc — cross-language retrieval on parallel news.
 *
 * The French side of WMT newstest2013 (3,000 sentences) and of FLORES-200
 * devtest (1,012) is indexed, one document per sentence. Each aligned sentence
 * of another language is a query whose one relevant document is its French
 * translation; OR semantics, top 10. Two query forms:
 *   whole  the whole sentence;
 *   names  the capitalized words after the first token; sentences with none
 *          are left out (n counts the queries).
 * Reported: success@1 and MRR@10 for stock Xapian (TermGenerator and
 * QueryParser, Stem("french"), the same stopwords, STEM_SOME) and for frana
 * (frana_db_*, queries without a language: every convention is tried; with
 * --query-lang, each query is given its language), and for a phonetic peer
 * built from Debian packages: ICU "Any-Latin; Latin-ASCII" on both sides,
 * French elision, stock Xapian on the result, and the Double Metaphone codes
 * of capitalized words (PostgreSQL's fuzzystrmatch, bench_dmetaphone.h). The
 * last column is frana's MRR@10 less the peer's; the means close the table.
 * Query text is stripped of the characters both parsers read as syntax
 * (quotes, parentheses, + - :) and of upper-case AND/OR/NOT, the same way for both.
 *
 * With --no-names, frana runs without name keys: next to the default run it
 * shows what the keys add, and that they do not drown the common words of
 * whole-sentence queries.
 *
 * With --misses FILE, every names-only query that frana does not rank first
 * goes to FILE as a line: set, language, sentence number, frana's rank and the
 * peer's (0: not in the top 10), the query, the query words that do not meet
 * the relevant sentence at all (each searched alone within it), and the
 * French sentence. Grouping those words by cause is how the name rules are
 * tuned.
 *
 * usage: bench_xlang [DATA_DIR] [--stopwords FILE] [--query-lang] [--no-names]
 *                    [--misses FILE]
 */
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include "bench_common.h"
#include "bench_dmetaphone.h"
#include "bench_stock.h"
#include "bench_xlang_queries.h"
#include "bench_xlang_xapian.h"
#include "frana.h"
#include "frana_db.h"

namespace {

struct stock_engine {
    Xapian::WritableDatabase db;
    Xapian::SimpleStopper stopper;
    std::string dir;
    explicit stock_engine(const char *stopwords) : dir(xlang_temp_dir("stock"))
    {
        db = Xapian::WritableDatabase(dir + "/db", Xapian::DB_CREATE_OR_OVERWRITE);
        bench_stock_stopper(stopper, stopwords);
    }
    ~stock_engine() { xlang_rm_tree(dir); }
    void index(const std::vector<std::string> &docs)
    {
        Xapian::TermGenerator tg;
        bench_stock_termgen(tg, stopper);
        for (const auto &d : docs) {
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(d);
            db.add_document(doc);
        }
        db.commit();
    }
    int rank_of(const std::string &q, Xapian::docid want)
    {
        if (q.empty())
            return 0;
        Xapian::QueryParser qp;
        bench_stock_queryparser(qp, stopper, Xapian::Query::OP_OR);
        qp.set_database(db);
        Xapian::Query query;
        try {
            query = qp.parse_query(q);
        } catch (const Xapian::Error &) {
            return 0;
        }
        return bench_rank_in_top10(db, query, want);
    }
};

/* What a user of a general search engine would set up instead of frana (the
 * Elasticsearch recipe: icu_transform, elision, phonetic double_metaphone with
 * replace false): ICU "Any-Latin; Latin-ASCII" on both sides, French elision,
 * stock Xapian's French analysis of the result, and the Double Metaphone codes
 * (primary and alternate, prefix XM) of every capitalized word beside its terms. */
struct peer_engine {
    Xapian::WritableDatabase db;
    Xapian::SimpleStopper stopper;
    std::string dir;
    icu::Transliterator *tr = nullptr;
    explicit peer_engine(const char *stopwords) : dir(xlang_temp_dir("peer"))
    {
        db = Xapian::WritableDatabase(dir + "/db", Xapian::DB_CREATE_OR_OVERWRITE);
        bench_stock_stopper(stopper, stopwords);
        UErrorCode st = U_ZERO_ERROR;
        tr = icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, st);
        if (U_FAILURE(st) || !tr) {
            std::fprintf(stderr, "bench_xlang: ICU Any-Latin; Latin-ASCII: %s\n",
                         u_errorName(st));
            std::exit(1);
        }
    }
    ~peer_engine()
    {
        delete tr;
        xlang_rm_tree(dir);
    }
    /* Transliterated, then the elided articles (l' d' qu' jusqu' …) cut off. */
    std::string prepare(const std::string &s) const
    {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
        tr->transliterate(u);
        std::string a, out;
        u.toUTF8String(a);
        static const char *const elided[] = {"l",  "d",  "j",      "m",       "n",
                                             "s",  "t",  "c",      "qu",      "jusqu",
                                             "lorsqu", "puisqu", "quoiqu", nullptr};
        size_t i = 0;
        while (i < a.size()) {
            bool start = i == 0 || !std::isalnum((unsigned char)a[i - 1]);
            size_t j = i;
            while (start && j < a.size() && std::isalpha((unsigned char)a[j]))
                j++;
            if (start && j > i && j + 1 < a.size() && a[j] == '\'' &&
                std::isalpha((unsigned char)a[j + 1])) {
                std::string low = a.substr(i, j - i);
                for (char &c : low)
                    c = (char)std::tolower((unsigned char)c);
                bool hit = false;
                for (size_t k = 0; elided[k] && !hit; k++)
                    hit = low == elided[k];
                if (hit) {
                    i = j + 1;
                    continue;
                }
            }
            out += a[i++];
        }
        return out;
    }
    /* XM codes of the capitalized words of an ASCII text. */
    static std::vector<std::string> codes(const std::string &s)
    {
        std::vector<std::string> out;
        size_t i = 0;
        while (i < s.size()) {
            while (i < s.size() && !std::isalpha((unsigned char)s[i]))
                i++;
            size_t j = i;
            while (j < s.size() && std::isalpha((unsigned char)s[j]))
                j++;
            if (j > i && std::isupper((unsigned char)s[i])) {
                std::string p, a;
                bench_dmetaphone(s.substr(i, j - i), &p, &a);
                if (!p.empty())
                    out.push_back("XM" + p);
                if (!a.empty() && a != p)
                    out.push_back("XM" + a);
            }
            i = j;
        }
        return out;
    }
    void index(const std::vector<std::string> &docs)
    {
        Xapian::TermGenerator tg;
        bench_stock_termgen(tg, stopper);
        for (const auto &d : docs) {
            Xapian::Document doc;
            std::string t = prepare(d);
            tg.set_document(doc);
            tg.index_text(t);
            for (const auto &c : codes(t))
                doc.add_term(c);
            db.add_document(doc);
        }
        db.commit();
    }
    int rank_of(const std::string &q, Xapian::docid want)
    {
        if (q.empty())
            return 0;
        std::string t = prepare(q);
        Xapian::QueryParser qp;
        bench_stock_queryparser(qp, stopper, Xapian::Query::OP_OR);
        qp.set_database(db);
        Xapian::Query query;
        try {
            query = qp.parse_query(t);
        } catch (const Xapian::Error &) {
        }
        std::vector<std::string> cs = codes(t);
        if (!cs.empty())
            query = Xapian::Query(Xapian::Query::OP_OR, query,
                                  Xapian::Query(Xapian::Query::OP_OR, cs.begin(), cs.end()));
        if (query.empty())
            return 0;
        return bench_rank_in_top10(db, query, want);
    }
};

} // namespace

int main(int argc, char **argv)
{
    std::string data = "../shared/data";
    const char *stopwords = "stopwords/french.txt";
    bool lang_aware = false, no_names = false;
    FILE *misses = nullptr;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--stopwords") && i + 1 < argc)
            stopwords = argv[++i];
        else if (!std::strcmp(argv[i], "--misses") && i + 1 < argc) {
            misses = std::fopen(argv[++i], "w");
            if (!misses) {
                std::perror(argv[i]);
                return 1;
            }
        }
        else if (!std::strcmp(argv[i], "--query-lang"))
            lang_aware = true;
        else if (!std::strcmp(argv[i], "--no-names"))
            no_names = true;
        else
            data = argv[i];
    }
    if (access(stopwords, R_OK) != 0) {
        std::fprintf(stderr, "bench_xlang: cannot read %s (run from the repository root)\n",
                     stopwords);
        return 1;
    }
    std::vector<xlang_dataset> sets = xlang_datasets(data);
    std::string why;
    if (!bench_dmetaphone_load(&why)) {
        std::fprintf(stderr, "bench_xlang: the phonetic peer needs %s\n", why.c_str());
        return 1;
    }
    std::printf("%-7s %-4s %-6s %5s | %-13s | %-13s | %-13s | %s\n", "", "", "", "",
                "stock", "ICU+DM+elis.", "frana", "frana");
    std::printf("%-7s %-4s %-6s %5s | %5s %7s | %5s %7s | %5s %7s | %s\n", "set", "lang",
                "form", "n", "s@1", "MRR@10", "s@1", "MRR@10", "s@1", "MRR@10", "- peer");
    double sum[2][3] = {{0}};
    int rows[2] = {0}, behind[2] = {0};
    for (const auto &set : sets) {
        std::vector<std::string> docs = xlang_read_lines(set.french);
        if (docs.empty()) {
            std::fprintf(stderr, "bench_xlang: cannot read %s\n", set.french.c_str());
            return 1;
        }
        stock_engine stock(stopwords);
        peer_engine peer(stopwords);
        xlang_frana_xapian fr(stopwords, !no_names);
        double t0 = bench_now();
        stock.index(docs);
        double t1 = bench_now();
        peer.index(docs);
        double t2 = bench_now();
        fr.index(docs);
        double t3 = bench_now();
        std::fprintf(stderr,
                     "%s: %zu French sentences indexed (stock %.1f s, peer %.1f s, frana %.1f s)\n",
                     set.name, docs.size(), t1 - t0, t2 - t1, t3 - t2);
        for (const auto &lang : set.langs) {
            std::vector<std::string> qs = xlang_read_lines(lang.second);
            if (qs.size() != docs.size()) {
                std::fprintf(stderr, "bench_xlang: %s has %zu lines, %zu expected\n",
                             lang.second.c_str(), qs.size(), docs.size());
                return 1;
            }
            for (int form = 0; form < 2; form++) {
                xlang_score s, ph, f;
                for (size_t i = 0; i < qs.size(); i++) {
                    std::string q = xlang_plain(form == 0 ? qs[i] : xlang_names_only(qs[i]));
                    if (q.empty())
                        continue;
                    s.add(stock.rank_of(q, (Xapian::docid)(i + 1)));
                    int pr = peer.rank_of(q, (Xapian::docid)(i + 1));
                    ph.add(pr);
                    const char *ql = lang_aware ? lang.first : nullptr;
                    int fk = fr.rank_of(q, i + 1, ql);
                    f.add(fk);
                    if (misses && form == 1 && fk != 1) {
                        std::string unmet;
                        std::istringstream in(q);
                        std::string w;
                        while (in >> w)
                            if (!fr.meets(w, i + 1, ql))
                                unmet += (unmet.empty() ? "" : " ") + w;
                        std::fprintf(misses, "%s\t%s\t%zu\t%d\t%d\t%s\t%s\t%s\n", set.name,
                                     lang.first, i + 1, fk, pr, q.c_str(), unmet.c_str(),
                                     docs[i].c_str());
                    }
                }
                double d = f.rr() - ph.rr();
                std::printf("%-7s %-4s %-6s %5zu | %5.3f %7.3f | %5.3f %7.3f | %5.3f %7.3f | "
                            "%+.3f%s\n",
                            set.name, lang.first, form == 0 ? "whole" : "names", s.n,
                            s.success(), s.rr(), ph.success(), ph.rr(), f.success(), f.rr(), d,
                            d < 0 ? "  BEHIND" : "");
                std::fflush(stdout);
                sum[form][0] += s.rr();
                sum[form][1] += ph.rr();
                sum[form][2] += f.rr();
                rows[form]++;
                behind[form] += d < 0;
            }
        }
    }
    for (int form = 1; form >= 0; form--)
        if (rows[form])
            std::printf("mean of %d, %s: MRR@10 stock %.3f, peer %.3f, frana %.3f "
                        "(frana/peer %.2fx; frana behind the peer on %d rows)\n",
                        rows[form], form == 0 ? "whole sentence" : "names only",
                        sum[form][0] / rows[form], sum[form][1] / rows[form],
                        sum[form][2] / rows[form],
                        sum[form][1] > 0 ? sum[form][2] / sum[form][1] : 0.0, behind[form]);
    if (misses)
        std::fclose(misses);
    return 0;
}
