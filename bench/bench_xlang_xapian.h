/*
 * bench_xlang_xapian.h — frana on Xapian as the cross-language benchmark runs
 * it (frana_db_*: one document per sentence, OR semantics, top 10), shared by
 * bench_xlang and bench_hosts_sqlite so that both print the same column.
 */
#ifndef FRANA_BENCH_XLANG_XAPIAN_H
#define FRANA_BENCH_XLANG_XAPIAN_H

#include <ftw.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "frana.h"
#include "frana_db.h"

inline int xlang_rm_entry(const char *p, const struct stat *, int, struct FTW *)
{
    return remove(p);
}

/* Removes a directory tree. */
inline void xlang_rm_tree(const std::string &dir)
{
    nftw(dir.c_str(), xlang_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A new directory /tmp/frana-xlang-TAG-XXXXXX; exits on failure. */
inline std::string xlang_temp_dir(const char *tag)
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

/* frana on Xapian. stopwords: a Snowball-format file, or NULL for the
 * built-in list; lang of rank_of: NULL tries every convention. */
struct xlang_frana_xapian {
    frana_analyzer *a = nullptr;
    frana_db_reader *reader = nullptr;
    std::string dir;
    xlang_frana_xapian(const char *stopwords, bool names) : dir(xlang_temp_dir("frana"))
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
    ~xlang_frana_xapian()
    {
        frana_db_reader_free(reader);
        frana_analyzer_free(a);
        xlang_rm_tree(dir);
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
    /* Whether query word w, searched alone, matches document want at all. */
    bool meets(const std::string &w, size_t want, const char *lang)
    {
        frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
        o.lang = lang;
        o.count_only = 1;
        std::string f = "id:" + std::to_string(want);
        o.filter = f.c_str();
        o.filter_len = f.size();
        frana_db_results *res = nullptr;
        if (frana_db_search(reader, w.data(), w.size(), &o, &res))
            return false;
        bool hit = frana_db_results_total(res) > 0;
        frana_db_results_free(res);
        return hit;
    }
};

#endif
