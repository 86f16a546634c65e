/*
 * bench_index.cc — indexing throughput and query latency of frana next to
 * stock Xapian, on disk, in the same run.
 *
 * Corpus: >= 20 MB of French news (bench_common.c: WMT newstest French sides,
 * FLORES-200 devtest French, articles of 20 sentences, repeated).
 *   frana  frana_db_writer (the C API): WORD terms with positions, STEM and
 *          NAME terms, the accent vocabulary (FOLDED → STEM) as boolean pair
 *          terms, "Q" id term, date value, JSON data with body;
 *   stock  Xapian::TermGenerator with Stem("french"), a SimpleStopper holding
 *          the same stopwords (stopwords/french.txt), STEM_SOME, "Q" id term,
 *          the body as document data.
 * Both commit every --batch articles (default 1000), single-threaded; each
 * indexes --rounds times (default 5) in alternating order, median reported.
 *
 * Queries: --queries (default 1000) built from the parallel news sets:
 * capitalized words of English sentences (names: Obama, Moscow, …) and pairs
 * of words of French sentences, run against both databases (top 10; frana
 * includes parsing, accent resolution and snippets; stock includes
 * QueryParser and fetching the document data). p50 and p99 latencies.
 *
 * usage: bench_index [DATA_DIR] [--mb N] [--batch N] [--queries N]
 *                    [--stopwords FILE] [--dir DIR] [--only frana|stock] [--rounds N]
 */
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>
#include <xapian.h>

#include "bench_common.h"
#include "bench_queries.h"
#include "bench_stock.h"
#include "frana.h"
#include "frana_db.h"

namespace {

struct run_result {
    double seconds = 0;
    uint64_t disk = 0;
};

run_result index_frana(const bench_corpus &c, const frana_analyzer *a, const std::string &dir,
                       size_t batch)
{
    frana_db_writer *w = nullptr;
    char *err = nullptr;
    if (frana_db_writer_new(a, dir.c_str(), &w, &err)) {
        std::fprintf(stderr, "frana: %s\n", err);
        std::exit(1);
    }
    char id[32];
    double t0 = bench_now();
    for (size_t i = 0; i < c.narticles; i++) {
        frana_db_article art{};
        int n = std::snprintf(id, sizeof id, "a%zu", i);
        art.id = id;
        art.id_len = (size_t)n;
        art.body = c.text + c.offsets[i];
        art.body_len = c.lengths[i];
        art.lang = "fr";
        art.lang_len = 2;
        art.date = "2020-09-14";
        art.date_len = 10;
        if (frana_db_writer_add(w, &art, nullptr)) {
            std::fprintf(stderr, "frana: %s\n", frana_db_writer_errmsg(w));
            std::exit(1);
        }
        if ((i + 1) % batch == 0)
            frana_db_writer_commit(w);
    }
    frana_db_writer_commit(w);
    frana_db_writer_free(w);
    run_result r;
    r.seconds = bench_now() - t0;
    r.disk = bench_dir_bytes(dir);
    return r;
}

run_result index_stock(const bench_corpus &c, const char *stopwords, const std::string &dir,
                       size_t batch)
{
    Xapian::SimpleStopper stopper;
    bench_stock_stopper(stopper, stopwords);
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    bench_stock_termgen(tg, stopper);
    double t0 = bench_now();
    for (size_t i = 0; i < c.narticles; i++) {
        Xapian::Document doc;
        tg.set_document(doc);
        std::string body(c.text + c.offsets[i], c.lengths[i]);
        tg.index_text(body);
        std::string idterm = "Qa" + std::to_string(i);
        doc.add_boolean_term(idterm);
        doc.add_value(0, "20200914");
        doc.set_data(body);
        db.replace_document(idterm, doc);
        if ((i + 1) % batch == 0)
            db.commit();
    }
    db.commit();
    db.close();
    run_result r;
    r.seconds = bench_now() - t0;
    r.disk = bench_dir_bytes(dir);
    return r;
}

struct latency {
    double p50 = 0, p99 = 0, mean = 0;
    size_t hits = 0, errors = 0;
    size_t empty = 0; /* frana: queries of stopwords only, refused by design */
};

latency summarize(std::vector<double> &t)
{
    latency l;
    if (t.empty())
        return l;
    std::sort(t.begin(), t.end());
    l.p50 = t[t.size() / 2];
    l.p99 = t[std::min(t.size() - 1, (size_t)((double)t.size() * 0.99))];
    for (double x : t)
        l.mean += x;
    l.mean /= (double)t.size();
    return l;
}

latency query_frana(const frana_analyzer *a, const std::string &dir,
                    const std::vector<std::string> &qs)
{
    frana_db_reader *r = nullptr;
    if (frana_db_reader_new(a, dir.c_str(), &r, nullptr)) {
        std::fprintf(stderr, "frana: cannot open %s\n", dir.c_str());
        std::exit(1);
    }
    std::vector<double> t;
    size_t hits = 0, errors = 0, empty = 0;
    frana_search_options o{};
    o.limit = 10;
    for (auto &q : qs) {
        frana_db_results *res = nullptr;
        double t0 = bench_now();
        int rc = frana_db_search(r, q.data(), q.size(), &o, &res);
        t.push_back(bench_now() - t0);
        if (rc == FRANA_ERR_EMPTY)
            empty++;
        else if (rc) {
            if (errors++ == 0)
                std::fprintf(stderr, "frana: query %zu: %s\n", (size_t)(&q - qs.data()),
                             frana_db_reader_errmsg(r));
        } else
            hits += frana_db_results_count(res);
        frana_db_results_free(res);
    }
    frana_db_reader_free(r);
    latency l = summarize(t);
    l.hits = hits;
    l.errors = errors;
    l.empty = empty;
    return l;
}

latency query_stock(const char *stopwords, const std::string &dir,
                    const std::vector<std::string> &qs)
{
    Xapian::Database db(dir);
    bench_stock_parser stock(stopwords, db);
    Xapian::QueryParser &qp = stock.qp;
    Xapian::Enquire enquire(db);
    std::vector<double> t;
    size_t hits = 0, errors = 0;
    for (auto &q : qs) {
        double t0 = bench_now();
        try {
            enquire.set_query(qp.parse_query(q));
            Xapian::MSet m = enquire.get_mset(0, 10);
            for (auto it = m.begin(); it != m.end(); ++it)
                (void)it.get_document().get_data();
            hits += m.size();
        } catch (const Xapian::Error &) {
            errors++;
        }
        t.push_back(bench_now() - t0);
    }
    latency l = summarize(t);
    l.hits = hits;
    l.errors = errors;
    return l;
}

} // namespace

int main(int argc, char **argv)
{
    std::string data = "../shared/data", dir, only;
    int rounds = 5;
    const char *stopwords = nullptr;
    double mb = 20;
    size_t batch = 1000, nq = 1000;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--mb" && i + 1 < argc)
            mb = std::atof(argv[++i]);
        else if (a == "--batch" && i + 1 < argc)
            batch = (size_t)std::atol(argv[++i]);
        else if (a == "--queries" && i + 1 < argc)
            nq = (size_t)std::atol(argv[++i]);
        else if (a == "--stopwords" && i + 1 < argc)
            stopwords = argv[++i];
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (a[0] != '-')
            data = a;
        else {
            std::fprintf(stderr, "usage: bench_index [DATA_DIR] [--mb N] [--batch N] "
                                 "[--queries N] [--stopwords FILE] [--dir DIR] "
                                 "[--only frana|stock]\n");
            return 2;
        }
    }
    if (batch == 0)
        batch = 1000;
    std::string sw_default;
    if (!stopwords) {
        /* stopwords/french.txt of the source tree, next to bench/. */
        for (const char *p : {"stopwords/french.txt", "../stopwords/french.txt",
                              "../../stopwords/french.txt", "../main/stopwords/french.txt"})
            if (access(p, R_OK) == 0) {
                sw_default = p;
                break;
            }
        if (sw_default.empty()) {
            std::fprintf(stderr, "bench_index: give --stopwords PATH/TO/stopwords/french.txt\n");
            return 2;
        }
        stopwords = sw_default.c_str();
    }
    bench_corpus c;
    if (bench_corpus_load(data.c_str(), (size_t)(mb * 1e6), &c))
        return 1;
    bool own_dir = dir.empty();
    if (own_dir) {
        char tmpl[] = "/tmp/frana_bench_index.XXXXXX";
        if (!mkdtemp(tmpl)) {
            std::perror("mkdtemp");
            return 1;
        }
        dir = tmpl;
    }
    std::printf("corpus: %.1f MB, %zu articles (%zu unique sentences), commit every %zu\n",
                (double)c.bytes / 1e6, c.narticles, c.nsentences_unique, batch);
    frana_analyzer *a = nullptr;
    frana_options fo{};
    fo.stopwords_path = stopwords;
    char *err = nullptr;
    if (frana_analyzer_new(&fo, &a, &err)) {
        std::fprintf(stderr, "frana: %s\n", err);
        return 1;
    }
    std::filesystem::create_directories(dir);
    const std::string fdir = dir + "/frana", sdir = dir + "/stock";
    std::filesystem::remove_all(fdir);
    std::filesystem::remove_all(sdir);
    /* Each engine indexes `rounds` times, in alternating order, after a
     * sync(): the engine that runs second would otherwise pay for the first
     * one's dirty pages being written back. Reported: the median round. */
    run_result rs, rf;
    std::vector<double> ts, tf;
    double mbytes = (double)c.bytes / 1e6;
    for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < 2; k++) {
            bool stock_turn = (k == 0) == (round % 2 == 0);
            if (stock_turn && only == "frana")
                continue;
            if (!stock_turn && only == "stock")
                continue;
            std::filesystem::remove_all(stock_turn ? sdir : fdir);
            sync();
            if (stock_turn) {
                rs = index_stock(c, stopwords, sdir, batch);
                ts.push_back(rs.seconds);
            } else {
                rf = index_frana(c, a, fdir, batch);
                tf.push_back(rf.seconds);
            }
        }
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    auto rounds_of = [](const std::vector<double> &v) {
        std::string out;
        for (double x : v)
            out += (out.empty() ? "" : " ") + std::to_string(x).substr(0, 5);
        return out;
    };
    double ms = median(ts), mf = median(tf);
    if (!ts.empty())
        std::printf("stock  index: %6.2f s  %6.2f MB/s  %7.0f articles/s  db %6.1f MB  (rounds: %s s)\n",
                    ms, mbytes / ms, (double)c.narticles / ms, (double)rs.disk / 1e6,
                    rounds_of(ts).c_str());
    if (!tf.empty())
        std::printf("frana  index: %6.2f s  %6.2f MB/s  %7.0f articles/s  db %6.1f MB  (rounds: %s s)\n",
                    mf, mbytes / mf, (double)c.narticles / mf, (double)rf.disk / 1e6,
                    rounds_of(tf).c_str());
    if (only.empty())
        std::printf("frana/stock indexing speed (median of %d rounds): %.2fx   size: %.2fx\n",
                    rounds, ms / mf, (double)rf.disk / (double)rs.disk);
    std::vector<std::string> qs = make_queries(data, nq);
    if (!qs.empty() && only.empty()) {
        latency ls = query_stock(stopwords, sdir, qs);
        latency lf = query_frana(a, fdir, qs);
        std::printf("queries: %zu (English capitalized words, pairs of French words), top 10\n",
                    qs.size());
        std::printf("stock  p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms  hits %zu  errors %zu\n",
                    ls.p50 * 1e3, ls.p99 * 1e3, ls.mean * 1e3, ls.hits, ls.errors);
        std::printf("frana  p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms  hits %zu  errors %zu "
                    "(snippets included; %zu queries of stopwords only refused as empty)\n",
                    lf.p50 * 1e3, lf.p99 * 1e3, lf.mean * 1e3, lf.hits, lf.errors, lf.empty);
    }
    frana_analyzer_free(a);
    bench_corpus_free(&c);
    if (own_dir)
        std::filesystem::remove_all(dir);
    return 0;
}
