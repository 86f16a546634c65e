/*
 * test_shards.c QUERIES DB STUB [REMOTE_STUB] — the same answers from one
 * database, from a stub of local shards holding the same articles, and (when
 * given) from a stub of `remote HOST:PORT` lines served by xapian-tcpsrv.
 * tests/shards_remote.sh builds the databases and starts the servers.
 *
 * Every query of QUERIES (one a line) runs with AND and with OR between its
 * words, top 10, and with OR from the sixth hit on (paging): the totals must be equal, the weights rank by rank equal
 * (to 1e-9), and the ids equal within each group of equal weights; only the
 * group that the cut at 10 splits (and on the second page the first group)
 * may hold other ids (ties aside). A hit found on both sides has the same
 * fields and snippet (over remote shards, read through the reader's worker
 * connections). Queries
 * that fail on one set-up fail the test, and enough queries must find
 * something, and some fill the top 10, for the comparison to mean anything.
 *
 * test_shards --down REMOTE_STUB PART_NAME QUERY — a server that goes away:
 * the search finds QUERY; the program prints "searched" and waits for a line
 * on stdin (the caller kills the server of PART_NAME, "HOST:PORT"), searches
 * again, which must fail with a message naming PART_NAME, prints "failed",
 * and waits for a line (the caller starts the server again): the same reader
 * then finds the same hits again. It prints "back" and waits for a line (the
 * caller lets the server's --idle-timeout close the reader's connections):
 * the same hits again.
 *
 * test_shards --stale REMOTE_STUB QUERY — a reader reads the revision it
 * opened: it opens, prints "opened" and waits for a line (the caller
 * re-imports every article with "https://stale." in its url, which changes
 * no statistic of the shards, only their data and frana's commit count);
 * then every hit of QUERY must still show the url of the revision the match
 * read (none with "https://stale.", although the reader's worker connections
 * open only now, on the newer revision), and after a reopen every hit shows
 * the newer url.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frana.h"
#include "frana_db.h"

#include "check.h"

#define TOP 10

typedef struct answer {
    int rc;
    size_t total, n;
    double w[TOP];
    char id[TOP][256];
    char fields[TOP][1024]; /* title, date, url, source, lang and snippet */
} answer;

/* or_: 2 is OR from the sixth hit on (a second page, offset 5). */
static void ask(frana_db_reader *r, const char *q, int or_, answer *out)
{
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
    o.limit = TOP;
    o.default_or = or_ != 0;
    o.offset = or_ == 2 ? 5 : 0;
    frana_db_results *res = NULL;
    memset(out, 0, sizeof *out);
    out->rc = frana_db_search(r, q, strlen(q), &o, &res);
    if (out->rc)
        return;
    out->total = frana_db_results_total(res);
    out->n = frana_db_results_count(res);
    for (size_t i = 0; i < out->n && i < TOP; i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        out->w[i] = h->weight;
        snprintf(out->id[i], sizeof out->id[i], "%s", h->id);
        snprintf(out->fields[i], sizeof out->fields[i], "%s|%s|%s|%s|%s|%s", h->title, h->date,
                 h->url, h->source, h->lang, h->snippet);
    }
    frana_db_results_free(res);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int same_w(double a, double b)
{
    return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1);
}

/* Whether b answers as a does (see the header); why says how not. */
static int same(const answer *a, const answer *b, int paged, char *why, size_t cap)
{
    if (a->rc != b->rc) {
        snprintf(why, cap, "return code %d against %d", a->rc, b->rc);
        return 0;
    }
    if (a->total != b->total || a->n != b->n) {
        snprintf(why, cap, "total %zu (%zu hits) against %zu (%zu hits)", a->total, a->n,
                 b->total, b->n);
        return 0;
    }
    for (size_t i = 0; i < a->n; i++)
        if (!same_w(a->w[i], b->w[i])) {
            snprintf(why, cap, "rank %zu: weight %.12g against %.12g", i + 1, a->w[i], b->w[i]);
            return 0;
        }
    for (size_t g = 0; g < a->n;) {
        size_t e = g + 1;
        while (e < a->n && same_w(a->w[e], a->w[g]))
            e++;
        /* not a group that the cut at the end, or the page's start, splits */
        if (!(e == a->n && a->n == TOP) && !(paged && g == 0)) {
            const char *x[TOP], *y[TOP];
            for (size_t i = g; i < e; i++) {
                x[i - g] = a->id[i];
                y[i - g] = b->id[i];
            }
            qsort(x, e - g, sizeof *x, cmp_str);
            qsort(y, e - g, sizeof *y, cmp_str);
            for (size_t i = 0; i < e - g; i++)
                if (strcmp(x[i], y[i]) != 0) {
                    snprintf(why, cap, "ranks %zu-%zu: other ids (%s against %s)", g + 1, e,
                             x[i], y[i]);
                    return 0;
                }
        }
        g = e;
    }
    /* a hit found on both sides: the same fields and snippet */
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (strcmp(a->id[i], b->id[j]) == 0 && strcmp(a->fields[i], b->fields[j]) != 0) {
                snprintf(why, cap, "%s: other fields or snippet (%.200s against %.200s)",
                         a->id[i], a->fields[i], b->fields[j]);
                return 0;
            }
    return 1;
}

/* A reader of the remote stub, or NULL (a failed check). */
static frana_db_reader *open_remote(frana_analyzer *a, const char *stub)
{
    frana_db_reader *r = NULL;
    char *err = NULL;
    if (!check(frana_db_reader_new_stub(a, stub, FRANA_STUB_ALLOW_REMOTE, &r, &err) == 0,
               "open %s: %s", stub, err ? err : ""))
        r = NULL;
    frana_free(err);
    return r;
}

/* test_shards --down (see the header). */
static int down(frana_analyzer *a, const char *stub, const char *part, const char *q)
{
    frana_db_reader *r = open_remote(a, stub);
    if (!r)
        return check_report();
    answer before, gone, back;
    char line[64], why[512];
    ask(r, q, 1, &before);
    check(before.rc == 0 && before.n > 1, "%s: found (%d, %zu hits)", q, before.rc, before.n);
    printf("searched\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin)) {
        ask(r, q, 1, &gone);
        const char *msg = frana_db_reader_errmsg(r);
        check(gone.rc != 0, "with %s down the search fails (%d)", part, gone.rc);
        check(strstr(msg, part) != NULL && strstr(msg, " of 2): ") != NULL,
              "the message names the shard %s: %s", part, msg);
    }
    printf("failed\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin)) {
        ask(r, q, 1, &back);
        check(back.rc == 0, "%s back: the same reader searches again (%d %s)", part, back.rc,
              frana_db_reader_errmsg(r));
        check(back.rc != 0 || same(&before, &back, 0, why, sizeof why),
              "%s back: the same answer: %s", part, why);
    }
    printf("back\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin)) {
        ask(r, q, 1, &back);
        check(back.rc == 0, "%s idle past its timeout: the reader searches again (%d %s)", part,
              back.rc, frana_db_reader_errmsg(r));
        check(back.rc != 0 || same(&before, &back, 0, why, sizeof why),
              "%s idle past its timeout: the same answer: %s", part, why);
    }
    frana_db_reader_free(r);
    return check_report();
}

/* Hits of a whose url holds "https://stale.". */
static size_t stale_hits(const answer *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        n += strstr(a->fields[i], "|https://stale.") != NULL;
    return n;
}

/* test_shards --stale (see the header). */
static int stale(frana_analyzer *a, const char *stub, const char *q)
{
    frana_db_reader *r = open_remote(a, stub);
    if (!r)
        return check_report();
    char line[64];
    answer old, fresh;
    printf("opened\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin)) {
        ask(r, q, 1, &old);
        check(old.rc == 0 && old.n > 1, "%s: found (%d, %zu hits)", q, old.rc, old.n);
        check(stale_hits(&old) == 0,
              "%zu of %zu hits show the url of a revision newer than the match's",
              stale_hits(&old), old.n);
        check(frana_db_reader_reopen(r) == 0, "reopen: %s", frana_db_reader_errmsg(r));
        ask(r, q, 1, &fresh);
        check(fresh.rc == 0 && fresh.n == old.n && stale_hits(&fresh) == fresh.n,
              "after a reopen every hit shows the newer url (%zu of %zu)", stale_hits(&fresh),
              fresh.n);
    }
    frana_db_reader_free(r);
    return check_report();
}

int main(int argc, char **argv)
{
    int down_mode = argc == 5 && strcmp(argv[1], "--down") == 0;
    if (argc == 4 && strcmp(argv[1], "--stale") == 0) {
        frana_analyzer *a = NULL;
        char *err = NULL;
        if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "?"))
            return check_report();
        int rc = stale(a, argv[2], argv[3]);
        frana_analyzer_free(a);
        return rc;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: test_shards QUERIES DB STUB [REMOTE_STUB]\n"
                        "       test_shards --down REMOTE_STUB PART_NAME QUERY\n"
                        "       test_shards --stale REMOTE_STUB QUERY\n");
        return 2;
    }
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "?"))
        return check_report();
    if (down_mode) {
        int rc = down(a, argv[2], argv[3], argv[4]);
        frana_analyzer_free(a);
        return rc;
    }
    const char *names[3] = {"one database", "local shards", "remote shards"};
    frana_db_reader *r[3] = {NULL, NULL, NULL};
    int nr = argc > 4 ? 3 : 2;
    int rc = frana_db_reader_new(a, argv[2], &r[0], &err);
    check(rc == 0, "open %s: %s", argv[2], err ? err : "");
    frana_free(err);
    err = NULL;
    rc = frana_db_reader_new_stub(a, argv[3], 0, &r[1], &err);
    check(rc == 0, "open stub %s: %s", argv[3], err ? err : "");
    frana_free(err);
    err = NULL;
    if (nr == 3) {
        /* a stub of remote lines is refused unless remote databases are allowed */
        frana_db_reader *no = NULL;
        rc = frana_db_reader_new_stub(a, argv[4], 0, &no, &err);
        check(rc == FRANA_ERR_DB_OPEN && no == NULL && err && strstr(err, ": names a remote database"),
              "remote stub without FRANA_STUB_ALLOW_REMOTE: %d %s", rc, err ? err : "");
        frana_free(err);
        err = NULL;
        rc = frana_db_reader_new_stub(a, argv[4], FRANA_STUB_ALLOW_REMOTE, &r[2], &err);
        check(rc == 0, "open remote stub %s: %s", argv[4], err ? err : "");
        frana_free(err);
        err = NULL;
    }
    FILE *f = fopen(argv[1], "r");
    check(f != NULL, "open %s", argv[1]);
    size_t runs = 0, found = 0, full = 0, differ = 0;
    char line[1024];
    while (f && r[0] && r[1] && (nr == 2 || r[2]) && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0])
            continue;
        for (int or_ = 0; or_ <= 2; or_++) {
            answer base, other;
            ask(r[0], line, or_, &base);
            if (base.rc == FRANA_ERR_EMPTY) { /* stopwords only: refused everywhere */
                for (int k = 1; k < nr; k++) {
                    ask(r[k], line, or_, &other);
                    check(other.rc == FRANA_ERR_EMPTY, "%s on %s: %d, not empty", line,
                          names[k], other.rc);
                }
                continue;
            }
            check(base.rc == 0, "%s on one database: %d %s", line, base.rc,
                  frana_db_reader_errmsg(r[0]));
            runs++;
            found += base.total > 0;
            full += base.n == TOP;
            for (int k = 1; k < nr; k++) {
                char why[512];
                ask(r[k], line, or_, &other);
                int ok = same(&base, &other, or_ == 2, why, sizeof why);
                differ += !ok;
                check(ok, "%s (%s) on %s: %s", line, or_ == 2 ? "OR, offset 5" : or_ ? "OR" : "AND",
                      names[k], why);
            }
        }
    }
    if (f)
        fclose(f);
    printf("%zu query runs, %zu with hits, %zu with a full top %d; %zu differ\n", runs, found,
           full, TOP, differ);
    check(runs >= 300, "at least 300 query runs (%zu)", runs);
    check(found >= runs / 2, "most queries find something (%zu of %zu)", found, runs);
    check(full >= 20, "at least 20 queries fill the top %d (%zu)", TOP, full);
    for (int k = 0; k < nr; k++)
        frana_db_reader_free(r[k]);
    frana_analyzer_free(a);
    return check_report();
}
