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
#include <ftw.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utf8proc.h>
#include <vector>
#include <xapian.h>

#include "bench_common.h"
#include "bench_stock.h"
#include "frana.h"
#include "frana_db.h"

namespace {

std::vector<std::string> read_lines(const std::string &path)
{
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

bool is_upper_start(const std::string &w)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)w.data(), (utf8proc_ssize_t)w.size(), &cp) <= 0)
        return false;
    auto c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool is_wordish(utf8proc_int32_t cp)
{
    auto c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Strips leading and trailing characters that are not letters, marks or digits. */
std::string trim_word(const std::string &w)
{
    std::vector<std::pair<size_t, utf8proc_int32_t>> cps;
    size_t i = 0;
    while (i < w.size()) {
        utf8proc_int32_t cp;
        auto n = utf8proc_iterate((const utf8proc_uint8_t *)w.data() + i,
                                  (utf8proc_ssize_t)(w.size() - i), &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        cps.push_back({i, cp});
        i += (size_t)n;
    }
    size_t a = 0, b = cps.size();
    while (a < b && !is_wordish(cps[a].second))
        a++;
    while (b > a && !is_wordish(cps[b - 1].second))
        b--;
    if (a == b)
        return "";
    size_t end = b < cps.size() ? cps[b].first : w.size();
    return w.substr(cps[a].first, end - cps[a].first);
}

std::string names_only(const std::string &s)
{
    std::istringstream in(s);
    std::string tok, out;
    bool first = true;
    while (in >> tok) {
        if (first) {
            first = false;
            continue;
        }
        std::string w = trim_word(tok);
        if (!w.empty() && is_upper_start(w))
            out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

std::string plain(const std::string &s)
{
    std::string out = s;
    for (char &c : out)
        if (c == '"' || c == '(' || c == ')' || c == '+' || c == '-' || c == ':' || c == '*')
            c = ' ';
    std::istringstream in(out);
    std::string tok, res;
    while (in >> tok) {
        if (tok == "AND" || tok == "OR" || tok == "NOT" || tok == "XOR" || tok == "NEAR" ||
            tok == "ADJ")
            continue;
        res += (res.empty() ? "" : " ") + tok;
    }
    return res;
}

struct score {
    double s1 = 0, mrr = 0;
    size_t n = 0;
    void add(int rank) /* 0: not in the top 10 */
    {
        n++;
        if (rank == 1)
            s1 += 1;
        if (rank >= 1 && rank <= 10)
            mrr += 1.0 / rank;
    }
    double success() const { return n ? s1 / n : 0; }
    double rr() const { return n ? mrr / n : 0; }
};

int rm_entry(const char *p, const struct stat *, int, struct FTW *)
{
    return remove(p);
}

std::string temp_dir(const char *tag)
{
    std::string t = std::string("/tmp/frana-xlang-") + tag + "-XXXXXX";
    std::vector<char> buf(t.begin(), t.end());
    buf.push_back(0);
    if (!mkdtemp(buf.data())) {
        std::perror("mkdtemp");
        std::exit(1);
    }
    return buf.data();
}

struct stock_engine {
    Xapian::WritableDatabase db;
    Xapian::SimpleStopper stopper;
    std::string dir;
    explicit stock_engine(const char *stopwords) : dir(temp_dir("stock"))
    {
        db = Xapian::WritableDatabase(dir + "/db", Xapian::DB_CREATE_OR_OVERWRITE);
        bench_stock_stopper(stopper, stopwords);
    }
    ~stock_engine() { nftw(dir.c_str(), rm_entry, 16, FTW_DEPTH | FTW_PHYS); }
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

struct frana_engine {
    frana_analyzer *a = nullptr;
    frana_db_reader *reader = nullptr;
    std::string dir;
    frana_engine(const char *stopwords, bool names) : dir(temp_dir("frana"))
    {
        frana_options o{};
        o.stopwords_path = stopwords;
        if (!names)
            o.flags |= FRANA_NO_NAMES;
        char *err = nullptr;
        if (frana_analyzer_new(&o, &a, &err)) {
            std::fprintf(stderr, "frana: %s\n", err);
            std::exit(1);
        }
    }
    ~frana_engine()
    {
        frana_db_reader_free(reader);
        frana_analyzer_free(a);
        nftw(dir.c_str(), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    void index(const std::vector<std::string> &docs)
    {
        frana_db_writer *w = nullptr;
        char *err = nullptr;
        std::string path = dir + "/db";
        if (frana_db_writer_new(a, path.c_str(), &w, &err)) {
            std::fprintf(stderr, "frana: %s\n", err);
            std::exit(1);
        }
        for (size_t i = 0; i < docs.size(); i++) {
            std::string id = std::to_string(i + 1);
            frana_db_article art{};
            art.id = id.c_str();
            art.id_len = id.size();
            art.body = docs[i].data();
            art.body_len = docs[i].size();
            if (frana_db_writer_add(w, &art, nullptr)) {
                std::fprintf(stderr, "frana: %s\n", frana_db_writer_errmsg(w));
                std::exit(1);
            }
        }
        if (frana_db_writer_commit(w)) {
            std::fprintf(stderr, "frana: %s\n", frana_db_writer_errmsg(w));
            std::exit(1);
        }
        frana_db_writer_free(w);
        if (frana_db_reader_new(a, path.c_str(), &reader, &err)) {
            std::fprintf(stderr, "frana: %s\n", err);
            std::exit(1);
        }
    }
    int rank_of(const std::string &q, size_t want, const char *lang)
    {
        if (q.empty())
            return 0;
        frana_search_options o{};
        o.lang = lang;
        o.limit = 10;
        o.default_or = 1;
        o.snippet_words = 1;
        frana_db_results *res = nullptr;
        if (frana_db_search(reader, q.data(), q.size(), &o, &res))
            return 0;
        int r = 0;
        std::string ws = std::to_string(want);
        for (size_t i = 0; i < frana_db_results_count(res); i++)
            if (ws == frana_db_results_hit(res, i)->id) {
                r = (int)i + 1;
                break;
            }
        frana_db_results_free(res);
        return r;
    }
};

struct dataset {
    const char *name;
    std::string french;
    std::vector<std::pair<const char *, std::string>> langs;
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
    std::string wmt = data + "/news/wmt_newstest_multiway/newstest2013.";
    std::string fl = data + "/news/flores200_devtest/";
    std::vector<dataset> sets = {
        {"WMT13", wmt + "fr",
         {{"en", wmt + "en"}, {"de", wmt + "de"}, {"ru", wmt + "ru"}, {"cs", wmt + "cs"},
          {"es", wmt + "es"}}},
        {"FLORES", fl + "fra_Latn.devtest",
         {{"en", fl + "eng_Latn.devtest"},
          {"de", fl + "deu_Latn.devtest"},
          {"ru", fl + "rus_Cyrl.devtest"},
          {"pl", fl + "pol_Latn.devtest"},
          {"be", fl + "bel_Cyrl.devtest"},
          {"uk", fl + "ukr_Cyrl.devtest"}}},
    };
    std::printf("%-7s %-4s %-6s %6s | %9s %9s | %9s %9s\n", "set", "lang", "form", "n",
                "stock s@1", "MRR@10", "frana s@1", "MRR@10");
    for (const auto &set : sets) {
        std::vector<std::string> docs = read_lines(set.french);
        if (docs.empty()) {
            std::fprintf(stderr, "bench_xlang: cannot read %s\n", set.french.c_str());
            return 1;
        }
        stock_engine stock(stopwords);
        frana_engine fr(stopwords, !no_names);
        double t0 = bench_now();
        stock.index(docs);
        double t1 = bench_now();
        fr.index(docs);
        double t2 = bench_now();
        std::fprintf(stderr, "%s: %zu French sentences indexed (stock %.1f s, frana %.1f s)\n",
                     set.name, docs.size(), t1 - t0, t2 - t1);
        for (const auto &lang : set.langs) {
            std::vector<std::string> qs = read_lines(lang.second);
            if (qs.size() != docs.size()) {
                std::fprintf(stderr, "bench_xlang: %s has %zu lines, %zu expected\n",
                             lang.second.c_str(), qs.size(), docs.size());
                return 1;
            }
            for (int form = 0; form < 2; form++) {
                score s, f;
                for (size_t i = 0; i < qs.size(); i++) {
                    std::string q = plain(form == 0 ? qs[i] : names_only(qs[i]));
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
