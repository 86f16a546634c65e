/*
 * bench_scale.cc — frana at archive scale, next to stock Xapian, in one run:
 * indexing (one process, and N shards written in parallel), database size
 * before and after xapian-compact, and query latency on one database, on a
 * stub of two local shards and on two shards behind xapian-tcpsrv on
 * 127.0.0.1, with and without snippets; and how many queries answer
 * differently on those three set-ups.
 *
 *   bench_scale [DATA_DIR] [--articles N] [--queries N] [--shards N] [--dir DIR]
 *
 * Corpus (seeded, the same on every run): the unique French sentences of
 * DATA_DIR/news (bench_common.c's files: WMT newstest French sides, FLORES-200
 * devtest French); article i gets 15-20 sentences drawn at random
 * (std::mt19937, seed 42), the first one, cut to 12 words, as its title, id
 * "n%06zu", a date in 2020. --articles: 5,000 by default (a few minutes on
 * two cores), 100000 for the archive of the scale issue.
 * Stock: TermGenerator + Stem("french") + the same stopwords (bench_stock.h),
 * title under "S" and in the body, the body as data; snippets with
 * MSet::snippet. frana without snippets: frana::QueryParser's query (the one
 * frana_db_search runs) and the match, no document read; frana's hits without
 * snippets: frana_db_search with no_snippets (the hits' fields read, as
 * `frana search --no-snippets` prints them). Each frana run starts from a
 * reader that has asked the index nothing (reopened); "the queries again"
 * runs them a second time on the remote reader, whose answers it kept. Times: wall and
 * this process's CPU per query (for the remote set-up the servers' CPU is not
 * counted; the wall time is the honest figure there).
 * Queries: --queries (1000) English capitalized words and pairs of French
 * words (as bench_index), top 10. A query differs when its total or its top
 * 10 differs (weights rank by rank, ids within a group of equal weights;
 * the group that the cut at 10 splits aside).
 * "One database in 2 segments": what `frana index --segments 2` does for a
 * new database (2 shards in parallel, then frana_db_merge), merge included.
 * Then, on one database: the postings that frana's query terms and stock's
 * hold (the sum of their term frequencies: what an exact total walks), and
 * the same timings with Xapian's estimate of the total (`frana search
 * --estimate`, get_mset's checkatleast 0), which lets the matcher stop early.
 * The queries are left in DIR/queries.txt beside the databases, for
 * bench/bench_match_parts.py.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "bench_queries.h"
#include "bench_stock.h"
#include "frana.h"
#include "frana_db.h"
#include "frana_xapian.hpp"

namespace {

struct article {
    std::string id, title, body, date;
};

double cpu_now()
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

std::vector<article> make_corpus(const std::string &data, size_t n)
{
    bench_corpus c;
    if (bench_corpus_load(data.c_str(), 0, &c))
        std::exit(1);
    std::vector<std::string> sentences;
    for (size_t i = 0; i < c.narticles_unique; i++) {
        const char *t = c.text + c.offsets[i];
        size_t len = c.lengths[i], s = 0;
        for (size_t k = 0; k <= len; k++)
            if (k == len || t[k] == '\n') {
                if (k > s)
                    sentences.emplace_back(t + s, k - s);
                s = k + 1;
            }
    }
    bench_corpus_free(&c);
    std::mt19937 rng(42);
    std::vector<article> out(n);
    for (size_t i = 0; i < n; i++) {
        article &a = out[i];
        char buf[32];
        std::snprintf(buf, sizeof buf, "n%06zu", i);
        a.id = buf;
        std::snprintf(buf, sizeof buf, "2020-%02zu-%02zu", 1 + i % 12, 1 + i % 28);
        a.date = buf;
        size_t k = 15 + rng() % 6;
        for (size_t j = 0; j < k; j++) {
            const std::string &s = sentences[rng() % sentences.size()];
            if (j == 0) {
                size_t words = 0, cut = 0;
                while (cut < s.size() && words < 12) {
                    if (s[cut] == ' ')
                        words++;
                    cut++;
                }
                a.title = s.substr(0, words < 12 ? s.size() : cut - 1);
            } else {
                if (!a.body.empty())
                    a.body += ' ';
                a.body += s;
            }
        }
    }
    return out;
}

frana_db_article to_frana(const article &a)
{
    frana_db_article art{};
    art.id = a.id.data();
    art.id_len = a.id.size();
    art.title = a.title.data();
    art.title_len = a.title.size();
    art.body = a.body.data();
    art.body_len = a.body.size();
    art.lang = "fr";
    art.lang_len = 2;
    art.date = a.date.data();
    art.date_len = a.date.size();
    return art;
}

void die(const char *what, const char *msg)
{
    std::fprintf(stderr, "bench_scale: %s: %s\n", what, msg ? msg : "?");
    std::exit(1);
}

/* Writes the articles of shard `shard` of `nshards` (all when nshards is 0). */
void index_frana_part(const frana_analyzer *an, const std::vector<article> &arts,
                      const std::string &dir, size_t shard, size_t nshards)
{
    frana_db_writer *w = nullptr;
    char *err = nullptr;
    if (frana_db_writer_new(an, dir.c_str(), &w, &err))
        die(dir.c_str(), err);
    /* Shards as frana index --shards writes them: the writer's own thread
     * for Xapian's writes only with two cores per shard. */
    if (nshards)
        frana_db_writer_threaded(w, std::thread::hardware_concurrency() >= 2 * nshards);
    size_t pending = 0;
    for (const article &a : arts) {
        if (nshards && frana_db_shard_of(a.id.data(), a.id.size(), nshards) != shard)
            continue;
        frana_db_article art = to_frana(a);
        if (frana_db_writer_add(w, &art, nullptr))
            die(dir.c_str(), frana_db_writer_errmsg(w));
        if (++pending == 1000) {
            if (frana_db_writer_commit(w))
                die(dir.c_str(), frana_db_writer_errmsg(w));
            pending = 0;
        }
    }
    if (frana_db_writer_commit(w))
        die(dir.c_str(), frana_db_writer_errmsg(w));
    frana_db_writer_free(w);
}

double index_frana_shards(const frana_analyzer *an, const std::vector<article> &arts,
                          const std::string &dir, size_t n)
{
    char *err = nullptr;
    if (frana_db_shards_create(dir.c_str(), n, &err))
        die(dir.c_str(), err);
    double t0 = bench_now();
    std::vector<std::thread> ts;
    for (size_t k = 0; k < n; k++)
        ts.emplace_back(index_frana_part, an, std::cref(arts), dir + "/shard" + std::to_string(k),
                        k, n);
    for (auto &t : ts)
        t.join();
    return bench_now() - t0;
}

double index_stock(const std::vector<article> &arts, const char *stopwords, const std::string &dir)
{
    Xapian::SimpleStopper stopper;
    bench_stock_stopper(stopper, stopwords);
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    bench_stock_termgen(tg, stopper);
    double t0 = bench_now();
    size_t i = 0;
    for (const article &a : arts) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(a.title, 1, "S");
        tg.index_text(a.title);
        tg.increase_termpos();
        tg.index_text(a.body);
        std::string idterm = "Q" + a.id;
        doc.add_boolean_term(idterm);
        doc.add_value(0, a.date.substr(0, 4) + a.date.substr(5, 2) + a.date.substr(8, 2));
        doc.set_data(a.body);
        db.replace_document(idterm, doc);
        if (++i % 1000 == 0)
            db.commit();
    }
    db.commit();
    db.close();
    return bench_now() - t0;
}

/* xapian-compact src dst; the size of dst (0 when it failed). */
uint64_t compacted(const std::string &src, const std::string &dst)
{
    std::string cmd = "xapian-compact -F '" + src + "' '" + dst + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0)
        return 0;
    return bench_dir_bytes(dst);
}

/* ---- queries ---------------------------------------------------------------------- */

struct answer {
    int rc = 0;
    size_t total = 0;
    std::vector<double> w;
    std::vector<std::string> id;
};

struct timing {
    std::vector<double> wall, cpu;
    void add(double w, double c)
    {
        wall.push_back(w);
        cpu.push_back(c);
    }
};

double pct(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, (size_t)((double)v.size() * p));
    return v[i] * 1e3;
}

bool same_w(double a, double b)
{
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

bool same(const answer &a, const answer &b)
{
    if (a.rc != b.rc || a.total != b.total || a.w.size() != b.w.size())
        return false;
    for (size_t i = 0; i < a.w.size(); i++)
        if (!same_w(a.w[i], b.w[i]))
            return false;
    for (size_t g = 0; g < a.w.size();) {
        size_t e = g + 1;
        while (e < a.w.size() && same_w(a.w[e], a.w[g]))
            e++;
        if (!(e == a.w.size() && e == 10)) {
            std::vector<std::string> x(a.id.begin() + (long)g, a.id.begin() + (long)e);
            std::vector<std::string> y(b.id.begin() + (long)g, b.id.begin() + (long)e);
            std::sort(x.begin(), x.end());
            std::sort(y.begin(), y.end());
            if (x != y)
                return false;
        }
        g = e;
    }
    return true;
}

/* frana_db_search over reader r (snippets unless no_snippets): answers and times. */
std::vector<answer> run_frana(frana_db_reader *r, const std::vector<std::string> &qs, timing &t,
                              bool no_snippets = false, bool estimate = false)
{
    std::vector<answer> out;
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
    o.limit = 10;
    o.no_snippets = no_snippets;
    o.estimate = estimate;
    for (const std::string &q : qs) {
        frana_db_results *res = nullptr;
        double w0 = bench_now(), c0 = cpu_now();
        answer a;
        a.rc = frana_db_search(r, q.data(), q.size(), &o, &res);
        t.add(bench_now() - w0, cpu_now() - c0);
        if (a.rc == 0) {
            a.total = frana_db_results_total(res);
            for (size_t i = 0; i < frana_db_results_count(res); i++) {
                const frana_db_hit *h = frana_db_results_hit(res, i);
                a.w.push_back(h->weight);
                a.id.push_back(h->id);
            }
        }
        frana_db_results_free(res);
        out.push_back(std::move(a));
    }
    return out;
}

/* frana's query and the match only (no snippet, no document read); in
 * match (when not NULL) the match alone, of the queries built beforehand.
 * check: get_mset's checkatleast (the database's size: exact totals; 0:
 * Xapian's estimate). */
void run_frana_bare(const frana::Analyzer &an, const Xapian::Database &db,
                    const std::vector<std::string> &qs, timing &t, timing *match = nullptr,
                    Xapian::doccount check = Xapian::doccount(-1))
{
    if (check == Xapian::doccount(-1))
        check = db.get_doccount();
    frana::QueryParser qp(an);
    qp.set_database(db);
    Xapian::Enquire e(db);
    std::vector<Xapian::Query> built;
    for (const std::string &q : qs) {
        double w0 = bench_now(), c0 = cpu_now();
        try {
            Xapian::Query xq = qp.parse_query(q);
            e.set_query(xq);
            Xapian::MSet m = e.get_mset(0, 10, check);
            for (auto it = m.begin(); it != m.end(); ++it)
                (void)*it;
            built.push_back(xq);
        } catch (const frana::Error &) {
            /* stopwords only: refused, as by frana_db_search */
        }
        t.add(bench_now() - w0, cpu_now() - c0);
    }
    for (size_t i = 0; match && i < built.size(); i++) {
        double w0 = bench_now(), c0 = cpu_now();
        e.set_query(built[i]);
        Xapian::MSet m = e.get_mset(0, 10, check);
        for (auto it = m.begin(); it != m.end(); ++it)
            (void)*it;
        match->add(bench_now() - w0, cpu_now() - c0);
    }
}

/* The postings a query's terms hold (the sum of their term frequencies in
 * db): what a match with exact totals walks through, at most. */
double postings(const Xapian::Query &q, const Xapian::Database &db)
{
    double n = 0;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
        n += db.get_termfreq(*t);
    return n;
}

/* Per query, the postings of frana's query over those of stock's, on
 * databases holding the same articles: the median and the ratio of the sums,
 * over the queries both answer. */
void postings_ratio(const frana::Analyzer &an, const Xapian::Database &db, const char *stopwords,
                    const Xapian::Database &xs, const std::vector<std::string> &qs, double &median,
                    double &sums)
{
    bench_stock_parser stock(stopwords, xs);
    frana::QueryParser fqp(an);
    fqp.set_database(db);
    std::vector<double> r;
    double f = 0, st = 0;
    for (const std::string &q : qs) {
        double a = 0, b = 0;
        try {
            a = postings(fqp.parse_query(q), db);
            b = postings(stock.qp.parse_query(q), xs);
        } catch (...) {
            continue;
        }
        if (a > 0 && b > 0) {
            r.push_back(a / b);
            f += a;
            st += b;
        }
    }
    std::sort(r.begin(), r.end());
    median = r.empty() ? 0 : r[r.size() / 2];
    sums = st > 0 ? f / st : 0;
}

void run_stock(const char *stopwords, const Xapian::Database &db, const std::vector<std::string> &qs,
               bool snippets, timing &t, bool estimate = false)
{
    Xapian::doccount check = estimate ? 0 : db.get_doccount();
    bench_stock_parser stock(stopwords, db);
    Xapian::QueryParser &qp = stock.qp;
    Xapian::Enquire e(db);
    Xapian::Stem stem("french");
    for (const std::string &q : qs) {
        double w0 = bench_now(), c0 = cpu_now();
        try {
            e.set_query(qp.parse_query(q));
            Xapian::MSet m = e.get_mset(0, 10, check);
            for (auto it = m.begin(); it != m.end(); ++it) {
                if (snippets) {
                    std::string body = it.get_document().get_data();
                    (void)m.snippet(body, 200, stem);
                }
            }
        } catch (const Xapian::Error &) {
        }
        t.add(bench_now() - w0, cpu_now() - c0);
    }
}

/* ---- xapian-tcpsrv on 127.0.0.1 ---------------------------------------------------- */

struct server {
    pid_t pid = -1;
    unsigned port = 0;
};

bool can_connect(unsigned port)
{
    try {
        Xapian::Database db = Xapian::Remote::open("127.0.0.1", port, 2000, 2000);
        return true;
    } catch (const Xapian::Error &) {
        return false;
    }
}

server start_server(const std::string &db, unsigned seed)
{
    std::mt19937 rng(seed);
    for (int attempt = 0; attempt < 40; attempt++) {
        unsigned port = 20000 + rng() % 40000;
        if (can_connect(port))
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            setsid(); /* tcpsrv signals its process group on SIGTERM: not ours */
            std::string p = std::to_string(port);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                   "--port", p.c_str(), db.c_str(), (char *)nullptr);
            _exit(127);
        }
        for (int i = 0; i < 50; i++) {
            usleep(100000);
            int st;
            if (waitpid(pid, &st, WNOHANG) == pid)
                break; /* it could not listen there */
            if (can_connect(port))
                return server{pid, port};
        }
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    die("xapian-tcpsrv", "could not start on 127.0.0.1");
    return server{};
}

void stop_server(server &s)
{
    if (s.pid > 0) {
        kill(-s.pid, SIGKILL);
        waitpid(s.pid, nullptr, 0);
        s.pid = -1;
    }
}

std::vector<server> servers;

void stop_all(int)
{
    for (server &s : servers)
        if (s.pid > 0)
            kill(-s.pid, SIGKILL);
    _exit(130);
}

void print_times(const char *name, const timing &t)
{
    std::printf("%-46s %7.2f %7.2f %7.2f   %7.2f %7.2f %7.2f\n", name, pct(t.cpu, 0.5),
                pct(t.cpu, 0.95), pct(t.cpu, 0.99), pct(t.wall, 0.5), pct(t.wall, 0.95),
                pct(t.wall, 0.99));
}

} // namespace

int main(int argc, char **argv)
{
    std::string data = "../shared/data", dir = "/tmp/frana_bench_scale";
    size_t narticles = 5000, nq = 1000, nshards = 2;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--articles" && i + 1 < argc)
            narticles = (size_t)std::atol(argv[++i]);
        else if (a == "--queries" && i + 1 < argc)
            nq = (size_t)std::atol(argv[++i]);
        else if (a == "--shards" && i + 1 < argc)
            nshards = std::max<size_t>(2, (size_t)std::atol(argv[++i]));
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a[0] != '-')
            data = a;
        else {
            std::fprintf(stderr, "usage: bench_scale [DATA_DIR] [--articles N] [--queries N] "
                                 "[--shards N] [--dir DIR]\n");
            return 2;
        }
    }
    const char *stopwords = nullptr;
    for (const char *p : {"stopwords/french.txt", "../stopwords/french.txt",
                          "../../stopwords/french.txt"})
        if (access(p, R_OK) == 0) {
            stopwords = p;
            break;
        }
    if (!stopwords)
        die("stopwords", "run from the source tree (stopwords/french.txt)");
    signal(SIGINT, stop_all);
    signal(SIGTERM, stop_all);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<article> arts = make_corpus(data, narticles);
    uint64_t bytes = 0;
    for (const article &a : arts)
        bytes += a.title.size() + a.body.size();
    std::printf("corpus: %zu articles (15-20 random sentences each, seed 42), %.1f MB\n",
                arts.size(), (double)bytes / 1e6);

    frana::Analyzer an;
    /* ---- indexing ---- */
    int rc = std::system("sync");
    (void)rc;
    double c0 = cpu_now();
    double t_stock = index_stock(arts, stopwords, dir + "/stock");
    double cpu_stock = cpu_now() - c0;
    rc = std::system("sync");
    double t0 = bench_now();
    c0 = cpu_now();
    index_frana_part(an.get(), arts, dir + "/one", 0, 0);
    double t_one = bench_now() - t0, cpu_one = cpu_now() - c0;
    rc = std::system("sync");
    c0 = cpu_now();
    double t_sh = index_frana_shards(an.get(), arts, dir + "/sh", nshards);
    double cpu_shards = cpu_now() - c0;
    /* One database built as `frana index --segments 2` builds a new one: 2
     * shards in parallel, merged by Xapian's compactor (frana_db_merge). */
    rc = std::system("sync");
    c0 = cpu_now();
    double t_seg = index_frana_shards(an.get(), arts, dir + "/seg.parts", 2);
    double m0 = bench_now();
    {
        char *err = nullptr;
        if (frana_db_merge((dir + "/seg.parts").c_str(), (dir + "/seg").c_str(), nullptr, &err))
            die("merge", err);
    }
    double t_merge = bench_now() - m0;
    t_seg += t_merge;
    double cpu_seg = cpu_now() - c0;
    std::filesystem::remove_all(dir + "/seg.parts");
    double n = (double)arts.size();
    /* CPU seconds next to wall seconds: on a machine whose cores other jobs
     * hold, CPU / wall says how much parallelism the shards actually got. */
    std::printf("\nindexing (commit every 1000)          seconds  CPU s  articles/s  vs stock\n");
    std::printf("stock, one process                    %7.1f %6.1f  %10.0f     1.00x\n", t_stock,
                cpu_stock, n / t_stock);
    std::printf("frana, one process                    %7.1f %6.1f  %10.0f     %.2fx\n", t_one,
                cpu_one, n / t_one, t_stock / t_one);
    std::printf("frana, %zu shards in parallel           %7.1f %6.1f  %10.0f     %.2fx\n", nshards,
                t_sh, cpu_shards, n / t_sh, t_stock / t_sh);
    std::printf("frana, one database in 2 segments     %7.1f %6.1f  %10.0f     %.2fx   (the merge "
                "%.1f s)\n",
                t_seg, cpu_seg, n / t_seg, t_stock / t_seg, t_merge);

    /* ---- size ---- */
    uint64_t s_stock = bench_dir_bytes(dir + "/stock"), s_one = bench_dir_bytes(dir + "/one"), s_sh = 0,
             c_sh = 0;
    uint64_t c_stock = compacted(dir + "/stock", dir + "/stock.c");
    uint64_t c_one = compacted(dir + "/one", dir + "/one.c");
    for (size_t k = 0; k < nshards; k++) {
        std::string sd = dir + "/sh/shard" + std::to_string(k);
        s_sh += bench_dir_bytes(sd);
        c_sh += compacted(sd, dir + "/shard" + std::to_string(k) + ".c");
    }
    std::printf("\nsize (MB)                             before   after xapian-compact\n");
    std::printf("stock                                 %7.1f  %7.1f\n", s_stock / 1e6, c_stock / 1e6);
    std::printf("frana, one database                   %7.1f  %7.1f   (%.2fx / %.2fx stock)\n",
                s_one / 1e6, c_one / 1e6, (double)s_one / (double)s_stock,
                (double)c_one / (double)c_stock);
    std::printf("frana, %zu shards                      %7.1f  %7.1f\n", nshards, s_sh / 1e6,
                c_sh / 1e6);
    std::printf("frana, one database in 2 segments     %7.1f  (merged by the compactor)\n",
                bench_dir_bytes(dir + "/seg") / 1e6);

    /* ---- queries: one database, 2 local shards, 2 remote shards ---- */
    std::vector<std::string> qs = make_queries(data, nq);
    {
        std::ofstream qf(dir + "/queries.txt"); /* for bench/bench_match_parts.py */
        for (const std::string &q : qs)
            qf << q << '\n';
    }
    std::string two = dir + "/two";
    frana_db_shards_create(two.c_str(), 2, nullptr);
    std::filesystem::remove_all(two);
    index_frana_shards(an.get(), arts, two, 2);
    for (unsigned k = 0; k < 2; k++)
        servers.push_back(start_server(two + "/shard" + std::to_string(k), 7 + k));
    {
        std::ofstream st(dir + "/remote.stub");
        for (const server &s : servers)
            st << "remote 127.0.0.1:" << s.port << "\n";
    }
    frana_db_reader *r[3] = {nullptr, nullptr, nullptr};
    char *err = nullptr;
    if (frana_db_reader_new(an.get(), (dir + "/one").c_str(), &r[0], &err) ||
        frana_db_reader_new_stub(an.get(), two.c_str(), 0, &r[1], &err) ||
        frana_db_reader_new_stub(an.get(), (dir + "/remote.stub").c_str(),
                                 FRANA_STUB_ALLOW_REMOTE, &r[2], &err))
        die("open", err);
    Xapian::Database x[3];
    x[0] = Xapian::Database(dir + "/one", Xapian::DB_BACKEND_GLASS);
    for (unsigned k = 0; k < 2; k++) {
        x[1].add_database(Xapian::Database(two + "/shard" + std::to_string(k),
                                           Xapian::DB_BACKEND_GLASS));
        x[2].add_database(Xapian::Remote::open("127.0.0.1", servers[k].port, 30000, 30000));
    }
    Xapian::Database xs(dir + "/stock", Xapian::DB_BACKEND_GLASS);
    const char *names[3] = {"one database", "2 local shards (stub)", "2 shards, xapian-tcpsrv"};
    timing ts_snip, ts_bare, tf[3], tb[3], th[3];
    std::vector<answer> ans[3], ans_hits[3];
    run_stock(stopwords, xs, qs, true, ts_snip);
    run_stock(stopwords, xs, qs, false, ts_bare);
    timing tagain, tmatch;
    for (int k = 0; k < 3; k++) {
        /* each run from a reader that has answered nothing yet (a reopen
         * empties what the reader keeps of the index's answers) */
        ans[k] = run_frana(r[k], qs, tf[k]);
        if (k == 2)
            run_frana(r[k], qs, tagain); /* the same queries again: the reader's answers kept */
        frana_db_reader_reopen(r[k]);
        ans_hits[k] = run_frana(r[k], qs, th[k], true);
        run_frana_bare(an, x[k], qs, tb[k], k == 0 ? &tmatch : nullptr);
    }
    std::printf("\nqueries: %zu, top 10, exact totals           CPU ms: p50     p95     p99   wall ms: "
                "p50     p95     p99\n",
                qs.size());
    print_times("stock, snippets (MSet::snippet)", ts_snip);
    print_times("stock, no snippets", ts_bare);
    for (int k = 0; k < 3; k++) {
        std::string a = std::string("frana, snippets, ") + names[k];
        std::string b = std::string("frana, no snippets, ") + names[k];
        std::string h = std::string("frana, hits w/o snippets, ") + names[k];
        print_times(a.c_str(), tf[k]);
        print_times(h.c_str(), th[k]);
        print_times(b.c_str(), tb[k]);
    }
    print_times("frana, snippets, tcpsrv, the queries again", tagain);
    print_times("frana, no snippets, one db, the match alone", tmatch);
    std::printf("ratios (p50 wall): frana no snippets / stock no snippets %.2fx (the match alone "
                "%.2fx); remote / one database %.2fx (snippets), %.2fx (no snippets)\n",
                pct(tb[0].wall, 0.5) / pct(ts_bare.wall, 0.5),
                pct(tmatch.wall, 0.5) / pct(ts_bare.wall, 0.5),
                pct(tf[2].wall, 0.5) / pct(tf[0].wall, 0.5),
                pct(tb[2].wall, 0.5) / pct(tb[0].wall, 0.5));
    double pmed = 0, psum = 0;
    postings_ratio(an, x[0], stopwords, xs, qs, pmed, psum);
    std::printf("postings the query terms hold, frana / stock: median %.2fx, all queries %.2fx\n",
                pmed, psum);

    /* The same on one database with Xapian's estimate of the total
     * (`frana search --estimate`, get_mset's checkatleast 0), which lets the
     * matcher stop early. */
    timing es_snip, es_bare, ef_snip, ef_bare;
    run_stock(stopwords, xs, qs, true, es_snip, true);
    run_stock(stopwords, xs, qs, false, es_bare, true);
    frana_db_reader_reopen(r[0]);
    run_frana(r[0], qs, ef_snip, false, true);
    run_frana_bare(an, x[0], qs, ef_bare, nullptr, 0);
    std::printf("\nqueries: %zu, top 10, estimated totals       CPU ms: p50     p95     p99   wall ms: "
                "p50     p95     p99\n",
                qs.size());
    print_times("stock, snippets, estimate", es_snip);
    print_times("stock, no snippets, estimate", es_bare);
    print_times("frana, snippets, one database, estimate", ef_snip);
    print_times("frana, no snippets, one database, estimate", ef_bare);
    std::printf("ratios (p50 wall): frana no snippets / stock no snippets %.2fx\n",
                pct(ef_bare.wall, 0.5) / pct(es_bare.wall, 0.5));

    size_t d1 = 0, d2 = 0, d_hits = 0, empty = 0, hits = 0;
    for (size_t i = 0; i < qs.size(); i++) {
        d1 += !same(ans[0][i], ans[1][i]);
        d2 += !same(ans[0][i], ans[2][i]);
        /* the same hits without snippets, on every set-up */
        for (int k = 0; k < 3; k++)
            d_hits += !same(ans[k][i], ans_hits[k][i]);
        empty += ans[0][i].rc == FRANA_ERR_EMPTY;
        hits += ans[0][i].total > 0;
    }
    std::printf("\nqueries answering differently (total or top 10, ties aside): local shards %zu, "
                "remote shards %zu of %zu (%zu find something, %zu stopwords only)\n",
                d1, d2, qs.size(), hits, empty);
    std::printf("searches answering differently without snippets than with: %zu of %zu\n", d_hits,
                3 * qs.size());
    for (int k = 0; k < 3; k++)
        frana_db_reader_free(r[k]);
    for (server &s : servers)
        stop_server(s);
    return 0;
}
