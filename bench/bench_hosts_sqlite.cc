/*
 * bench_hosts_sqlite.cc — frana inside SQLite FTS5 (plugin/sqlite/, loaded
 * as an extension) next to FTS5's stock tokenizer for French,
 * `unicode61 remove_diacritics 2`, in the same run.
 *
 * xlang: the cross-language known-item benchmark of bench_xlang, with the
 *   same documents and queries (bench_xlang_queries.h): each French sentence
 *   one row of fts5(body); each query word a quoted FTS5 string, OR'ed;
 *   ranked by FTS5's bm25() (ORDER BY rank), top 10; success@1 and MRR@10;
 *   frana with its defaults and with `query_names capitalized`;
 *   next to frana on Xapian as bench_xlang runs it (bench_xlang_xapian.h),
 *   unless --no-xapian.
 * index: indexing throughput on bench_index's corpus (>= --mb MB of French
 *   news in articles of 20 sentences, bench_common.c) into an on-disk
 *   database, one transaction per --batch articles, --rounds rounds in
 *   alternating order after a sync(), median round and the ratio.
 *
 * usage: bench_hosts_sqlite [DATA_DIR] [--ext PATH/frana.so] [--only xlang|index]
 *                           [--no-xapian] [--mb N] [--batch N] [--rounds N] [--dir DIR]
 */
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "bench_common.h"
#include "bench_xlang_queries.h"
#include "bench_xlang_xapian.h"

#ifndef FRANA_SQLITE_EXT
#define FRANA_SQLITE_EXT "build/plugin/sqlite/frana.so"
#endif

namespace {

const char *const FRANA_TOK = "frana";
const char *const FRANA_CAP_TOK = "frana query_names capitalized";
const char *const STOCK_TOK = "unicode61 remove_diacritics 2";

[[noreturn]] void die(sqlite3 *db, const char *what)
{
    std::fprintf(stderr, "bench_hosts_sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    std::exit(1);
}

void exec(sqlite3 *db, const std::string &sql)
{
    char *err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "bench_hosts_sqlite: %s: %s\n", sql.c_str(), err ? err : "?");
        std::exit(1);
    }
}

sqlite3 *open_db(const std::string &path, const char *ext)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        die(db, path.c_str());
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
    char *err = nullptr;
    if (sqlite3_load_extension(db, ext, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "bench_hosts_sqlite: cannot load %s: %s (give --ext)\n", ext,
                     err ? err : "?");
        std::exit(1);
    }
    return db;
}

/* One FTS5 table over the French sentences, searched with OR'ed quoted words. */
struct fts_engine {
    sqlite3 *db;
    std::string table;
    sqlite3_stmt *search = nullptr;
    fts_engine(sqlite3 *d, const char *name, const char *tokenize) : db(d), table(name)
    {
        exec(db, "CREATE VIRTUAL TABLE " + table + " USING fts5(body, tokenize = '" +
                     tokenize + "')");
    }
    ~fts_engine() { sqlite3_finalize(search); }
    void index(const std::vector<std::string> &docs)
    {
        exec(db, "BEGIN");
        sqlite3_stmt *st = nullptr;
        std::string sql = "INSERT INTO " + table + "(rowid, body) VALUES (?, ?)";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            die(db, "prepare insert");
        for (size_t i = 0; i < docs.size(); i++) {
            sqlite3_bind_int64(st, 1, (sqlite3_int64)(i + 1));
            sqlite3_bind_text(st, 2, docs[i].data(), (int)docs[i].size(), SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                die(db, "insert");
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        exec(db, "COMMIT");
        sql = "SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? ORDER BY rank LIMIT 10";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &search, nullptr) != SQLITE_OK)
            die(db, "prepare search");
    }
    /* q: words separated by spaces (xlang_plain); each becomes "word", OR'ed. */
    int rank_of(const std::string &q, sqlite3_int64 want)
    {
        std::string m;
        size_t i = 0;
        while (i < q.size()) {
            size_t j = q.find(' ', i);
            if (j == std::string::npos)
                j = q.size();
            if (j > i)
                m += (m.empty() ? "\"" : " OR \"") + q.substr(i, j - i) + "\"";
            i = j + 1;
        }
        if (m.empty())
            return 0;
        sqlite3_bind_text(search, 1, m.data(), (int)m.size(), SQLITE_TRANSIENT);
        int r = 0, at = 0;
        int rc;
        while ((rc = sqlite3_step(search)) == SQLITE_ROW) {
            at++;
            if (sqlite3_column_int64(search, 0) == want && !r)
                r = at;
        }
        if (rc != SQLITE_DONE)
            die(db, m.c_str());
        sqlite3_reset(search);
        return r;
    }
};

void run_xlang(const std::string &data, const char *ext, bool xapian)
{
    std::printf("cross-language known-item search (bench_xlang's documents and queries), "
                "OR, top 10; FTS5 ranks by bm25\n");
    std::printf("%-7s %-4s %-6s %6s | %-19s | %-19s | %-19s | %-19s\n", "", "", "", "",
                "FTS5 unicode61 rd2", "FTS5 frana", "FTS5 frana capnames",
                xapian ? "Xapian frana" : "");
    std::printf("%-7s %-4s %-6s %6s | %9s %9s | %9s %9s | %9s %9s | %9s %9s\n", "set", "lang",
                "form", "n", "s@1", "MRR@10", "s@1", "MRR@10", "s@1", "MRR@10", "s@1", "MRR@10");
    for (const auto &set : xlang_datasets(data)) {
        std::vector<std::string> docs = xlang_read_lines(set.french);
        if (docs.empty()) {
            std::fprintf(stderr, "bench_hosts_sqlite: cannot read %s\n", set.french.c_str());
            std::exit(1);
        }
        sqlite3 *db = open_db(":memory:", ext);
        {
            fts_engine stock(db, "stock", STOCK_TOK), fr(db, "frana", FRANA_TOK),
                cap(db, "capnames", FRANA_CAP_TOK);
            double t0 = bench_now();
            stock.index(docs);
            double t1 = bench_now();
            fr.index(docs);
            double t2 = bench_now();
            cap.index(docs);
            double t3 = bench_now();
            std::unique_ptr<xlang_frana_xapian> xa;
            if (xapian)
                xa.reset(new xlang_frana_xapian(nullptr, true));
            if (xa)
                xa->index(docs);
            std::fprintf(stderr, "%s: %zu French sentences indexed (FTS5 stock %.2f s, FTS5 frana "
                                 "%.2f s, Xapian frana %.2f s)\n",
                         set.name, docs.size(), t1 - t0, t2 - t1, bench_now() - t3);
            for (const auto &lang : set.langs) {
                std::vector<std::string> qs = xlang_read_lines(lang.second);
                if (qs.size() != docs.size()) {
                    std::fprintf(stderr, "bench_hosts_sqlite: %s has %zu lines, %zu expected\n",
                                 lang.second.c_str(), qs.size(), docs.size());
                    std::exit(1);
                }
                for (int form = 0; form < 2; form++) {
                    xlang_score s, f, k, x;
                    for (size_t i = 0; i < qs.size(); i++) {
                        std::string q =
                            xlang_plain(form == 0 ? qs[i] : xlang_names_only(qs[i]));
                        if (q.empty())
                            continue;
                        s.add(stock.rank_of(q, (sqlite3_int64)(i + 1)));
                        f.add(fr.rank_of(q, (sqlite3_int64)(i + 1)));
                        k.add(cap.rank_of(q, (sqlite3_int64)(i + 1)));
                        if (xa)
                            x.add(xa->rank_of(q, i + 1, nullptr));
                    }
                    std::printf("%-7s %-4s %-6s %6zu | %9.3f %9.3f | %9.3f %9.3f | %9.3f %9.3f",
                                set.name, lang.first, form == 0 ? "whole" : "names", s.n,
                                s.success(), s.rr(), f.success(), f.rr(), k.success(), k.rr());
                    if (xa)
                        std::printf(" | %9.3f %9.3f", x.success(), x.rr());
                    std::printf("\n");
                    std::fflush(stdout);
                }
            }
        }
        sqlite3_close(db);
    }
}

struct index_result {
    double seconds = 0;
    uint64_t bytes = 0;
    long long tokens = 0, terms = 0; /* token instances and distinct terms stored */
};

index_result index_once(const bench_corpus &c, const std::string &path, const char *ext,
                        const char *tokenize, size_t batch)
{
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-journal");
    sync();
    sqlite3 *db = open_db(path, ext);
    exec(db, std::string("CREATE VIRTUAL TABLE news USING fts5(body, tokenize = '") + tokenize +
                 "')");
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT INTO news(body) VALUES (?)", -1, &st, nullptr) != SQLITE_OK)
        die(db, "prepare insert");
    double t0 = bench_now();
    exec(db, "BEGIN");
    for (size_t i = 0; i < c.narticles; i++) {
        sqlite3_bind_text(st, 1, c.text + c.offsets[i], (int)c.lengths[i], SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(db, "insert");
        sqlite3_reset(st);
        if ((i + 1) % batch == 0) {
            exec(db, "COMMIT");
            exec(db, "BEGIN");
        }
    }
    exec(db, "COMMIT");
    double t1 = bench_now();
    sqlite3_finalize(st);
    index_result r;
    exec(db, "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, news, 'row')");
    if (sqlite3_prepare_v2(db, "SELECT sum(cnt), count(*) FROM temp.vocab", -1, &st, nullptr) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        die(db, "fts5vocab");
    r.tokens = sqlite3_column_int64(st, 0);
    r.terms = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    r.seconds = t1 - t0;
    r.bytes = std::filesystem::file_size(path);
    return r;
}

void run_index(const std::string &data, const char *ext, double mb, size_t batch, int rounds,
               const std::string &dir)
{
    bench_corpus c;
    if (bench_corpus_load(data.c_str(), (size_t)(mb * 1e6), &c))
        std::exit(1);
    std::printf("indexing: %.1f MB, %zu articles, one transaction per %zu, on disk, "
                "%d rounds in alternating order\n",
                (double)c.bytes / 1e6, c.narticles, batch, rounds);
    std::vector<double> ts, tf;
    index_result rs, rf;
    const std::string sp = dir + "/stock.db", fp = dir + "/frana.db";
    for (int round = 0; round < rounds; round++)
        for (int k = 0; k < 2; k++) {
            bool stock_turn = (k == 0) == (round % 2 == 0);
            if (stock_turn) {
                rs = index_once(c, sp, ext, STOCK_TOK, batch);
                ts.push_back(rs.seconds);
            } else {
                rf = index_once(c, fp, ext, FRANA_TOK, batch);
                tf.push_back(rf.seconds);
            }
        }
    std::filesystem::remove(sp);
    std::filesystem::remove(fp);
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    auto list = [](const std::vector<double> &v) {
        std::string out;
        char buf[32];
        for (double x : v) {
            std::snprintf(buf, sizeof buf, "%s%.2f", out.empty() ? "" : " ", x);
            out += buf;
        }
        return out;
    };
    double ms = median(ts), mf = median(tf), mbytes = (double)c.bytes / 1e6;
    std::printf("stock  (%s): %6.2f s  %6.2f MB/s  %7.0f articles/s  db %6.1f MB  (rounds: %s s)\n",
                STOCK_TOK, ms, mbytes / ms, (double)c.narticles / ms, (double)rs.bytes / 1e6,
                list(ts).c_str());
    std::printf("frana  (%s): %6.2f s  %6.2f MB/s  %7.0f articles/s  db %6.1f MB  (rounds: %s s)\n",
                FRANA_TOK, mf, mbytes / mf, (double)c.narticles / mf, (double)rf.bytes / 1e6,
                list(tf).c_str());
    std::printf("frana/stock indexing speed (median of %d rounds): %.2fx   size: %.2fx\n", rounds,
                ms / mf, (double)rf.bytes / (double)rs.bytes);
    std::printf("tokens stored: stock %lld (%lld distinct terms), frana %lld (%lld distinct "
                "terms): %.2fx\n",
                rs.tokens, rs.terms, rf.tokens, rf.terms, (double)rf.tokens / (double)rs.tokens);
    bench_corpus_free(&c);
}

} // namespace

int main(int argc, char **argv)
{
    std::string data = "../shared/data", only, dir;
    const char *ext = FRANA_SQLITE_EXT;
    double mb = 20;
    size_t batch = 1000;
    int rounds = 3;
    bool xapian = true;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--ext" && i + 1 < argc)
            ext = argv[++i];
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--mb" && i + 1 < argc)
            mb = std::atof(argv[++i]);
        else if (a == "--batch" && i + 1 < argc)
            batch = (size_t)std::atol(argv[++i]);
        else if (a == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-xapian")
            xapian = false;
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a[0] != '-')
            data = a;
        else {
            std::fprintf(stderr, "usage: bench_hosts_sqlite [DATA_DIR] [--ext PATH/frana.so] "
                                 "[--only xlang|index] [--no-xapian] [--mb N] [--batch N] [--rounds N] "
                                 "[--dir DIR]\n");
            return 2;
        }
    }
    if (batch == 0)
        batch = 1000;
    std::printf("SQLite %s, extension %s\n", sqlite3_libversion(), ext);
    if (only.empty() || only == "xlang")
        run_xlang(data, ext, xapian);
    if (only.empty() || only == "index") {
        bool own = dir.empty();
        if (own) {
            char tmpl[] = "/tmp/frana_bench_sqlite.XXXXXX";
            if (!mkdtemp(tmpl)) {
                std::perror("mkdtemp");
                return 1;
            }
            dir = tmpl;
        }
        run_index(data, ext, mb, batch, rounds, dir);
        if (own)
            std::filesystem::remove_all(dir);
    }
    return 0;
}
