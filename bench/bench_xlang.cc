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
 * --query-lang, each query is given its language).
 * Query text is stripped of the characters both parsers read as syntax
 * (quotes, parentheses, + - :) and of upper-case AND/OR/NOT, the same way for both.
 *
 * With --no-names, frana runs without name keys: next to the default run it
 * shows what the keys add, and that they do not drown the common words of
 * whole-sentence queries.
 *
 * usage: bench_xlang [DATA_DIR] [--stopwords FILE] [--query-lang] [--no-names]
 */
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <xapian.h>

#include "bench_common.h"
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
        Xapian::Enquire enq(db);
        enq.set_query(query);
        Xapian::MSet m = enq.get_mset(0, 10);
        int r = 1;
        for (auto it = m.begin(); it != m.end(); ++it, ++r)
            if (*it == want)
                return r;
        return 0;
    }
};

} // namespace

int main(int argc, char **argv)
{
    std::string data = "../shared/data";
    const char *stopwords = "stopwords/french.txt";
    bool lang_aware = false, no_names = false;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--stopwords") && i + 1 < argc)
            stopwords = argv[++i];
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
    std::printf("%-7s %-4s %-6s %6s | %9s %9s | %9s %9s\n", "set", "lang", "form", "n",
                "stock s@1", "MRR@10", "frana s@1", "MRR@10");
    for (const auto &set : sets) {
        std::vector<std::string> docs = xlang_read_lines(set.french);
        if (docs.empty()) {
            std::fprintf(stderr, "bench_xlang: cannot read %s\n", set.french.c_str());
            return 1;
        }
        stock_engine stock(stopwords);
        xlang_frana_xapian fr(stopwords, !no_names);
        double t0 = bench_now();
        stock.index(docs);
        double t1 = bench_now();
        fr.index(docs);
        double t2 = bench_now();
        std::fprintf(stderr, "%s: %zu French sentences indexed (stock %.1f s, frana %.1f s)\n",
                     set.name, docs.size(), t1 - t0, t2 - t1);
        for (const auto &lang : set.langs) {
            std::vector<std::string> qs = xlang_read_lines(lang.second);
            if (qs.size() != docs.size()) {
                std::fprintf(stderr, "bench_xlang: %s has %zu lines, %zu expected\n",
                             lang.second.c_str(), qs.size(), docs.size());
                return 1;
            }
            for (int form = 0; form < 2; form++) {
                xlang_score s, f;
                for (size_t i = 0; i < qs.size(); i++) {
                    std::string q = xlang_plain(form == 0 ? qs[i] : xlang_names_only(qs[i]));
                    if (q.empty())
                        continue;
                    s.add(stock.rank_of(q, (Xapian::docid)(i + 1)));
                    f.add(fr.rank_of(q, i + 1, lang_aware ? lang.first : nullptr));
                }
                std::printf("%-7s %-4s %-6s %6zu | %9.3f %9.3f | %9.3f %9.3f\n", set.name,
                            lang.first, form == 0 ? "whole" : "names", s.n, s.success(), s.rr(),
                            f.success(), f.rr());
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
