/*
 * test_faults.c — the writer when writing fails (a file size limit set with
 * setrlimit, as a full disk): a commit that fails reports it and what the
 * database holds; an add that fails poisons the transaction, so that the next
 * commit fails too instead of reporting success over a lost batch; after a
 * failed commit the same writer can add the articles again, accent vocabulary
 * included. Also: NULL fields with a length are absent, not read.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "frana.h"
#include "frana_db.h"

#include "check.h"
#include "fsize.h"

static frana_analyzer *A;

/* Adds article i of a series: a title with "Université" (but for the
 * "seed" series) and a long body. */
static int add_article(frana_db_writer *w, const char *prefix, int i)
{
    static char body[20000];
    char id[64], title[128];
    snprintf(id, sizeof id, "%s-%d", prefix, i);
    snprintf(title, sizeof title, "L'%s de Minsk, dépêche %d",
             strcmp(prefix, "seed") ? "université" : "école", i);
    size_t n = 0;
    for (int k = 0; n + 40 < sizeof body; k++)
        n += (size_t)snprintf(body + n, sizeof body - n, "mot%d%d élection%d ", i, k, k % 500);
    frana_db_article a = {0};
    a.id = id;
    a.id_len = strlen(id);
    a.title = title;
    a.title_len = strlen(title);
    a.body = body;
    a.body_len = n;
    return frana_db_writer_add(w, &a, NULL);
}

/* Number of hits of q in the database at db (-1 when the search fails). */
static long hits(const char *db, const char *q)
{
    frana_db_reader *r = NULL;
    if (frana_db_reader_new(A, db, &r, NULL))
        return -1;
    frana_search_options o = {0};
    o.limit = 1000;
    frana_db_results *res = NULL;
    long n = -1;
    if (frana_db_search(r, q, strlen(q), &o, &res) == 0)
        n = (long)frana_db_results_count(res);
    frana_db_results_free(res);
    frana_db_reader_free(r);
    return n;
}

/* A commit that fails, then the same writer retries the articles: the accent
 * vocabulary of the retried articles (XAuniversit → Zunivers, new in the
 * failed batch) is written by the retry. */
static void test_failed_commit_retry(const char *tmp)
{
    char db[600];
    snprintf(db, sizeof db, "%s/retry", tmp);
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, db, &w, NULL) == 0, "writer_new"))
        return;
    check(add_article(w, "seed", 0) == 0, "seed add");
    check(frana_db_writer_commit(w) == 0, "seed commit: %s", frana_db_writer_errmsg(w));
    file_limit((rlim_t)largest_file(db));
    int added = 0;
    for (int i = 1; i <= 20; i++)
        added += add_article(w, "u", i) == 0;
    int rc = frana_db_writer_commit(w);
    const char *msg = frana_db_writer_errmsg(w);
    no_file_limit();
    check(added > 0, "adds under the limit (%d)", added);
    check(rc == FRANA_ERR_DB, "commit past the file size limit fails (%d: %s)", rc, msg);
    check(strstr(msg, "File too large") != NULL, "the cause is named: %s", msg);
    check(strstr(msg, "the database holds 1") != NULL, "what is durable is said: %s", msg);
    check(frana_db_writer_count(w) == 1, "the writer counts 1 article (%zu)",
          frana_db_writer_count(w));
    /* The retry, in the same writer. */
    int ok = 1;
    for (int i = 1; i <= 20; i++)
        ok &= add_article(w, "u", i) == 0;
    check(ok, "retried adds: %s", frana_db_writer_errmsg(w));
    check(frana_db_writer_commit(w) == 0, "retry commit: %s", frana_db_writer_errmsg(w));
    frana_db_writer_free(w);
    long all = hits(db, "université");
    check(all == 20, "université finds the 20 articles (%ld)", all);
    long n = hits(db, "universites");
    check(n == 20, "universites finds the 20 articles after the retry (%ld)", n);
}

/* An add that fails while writing (Xapian flushes every 20 changes here)
 * poisons the transaction: later adds and the next commit fail, saying what
 * is durable, and the database holds the last commit only. */
static void test_failed_add(const char *tmp)
{
    char db[600];
    snprintf(db, sizeof db, "%s/add", tmp);
    setenv("XAPIAN_FLUSH_THRESHOLD", "20", 1);
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, db, &w, NULL) == 0, "writer_new")) {
        unsetenv("XAPIAN_FLUSH_THRESHOLD");
        return;
    }
    for (int i = 0; i < 10; i++)
        add_article(w, "c", i);
    check(frana_db_writer_commit(w) == 0, "first commit: %s", frana_db_writer_errmsg(w));
    file_limit((rlim_t)largest_file(db));
    int failed_at = -1, rc = 0;
    for (int i = 0; i < 200 && failed_at < 0; i++)
        if ((rc = add_article(w, "d", i)) != 0)
            failed_at = i;
    check(failed_at > 0, "an add fails under the limit (at %d, rc %d: %s)", failed_at, rc,
          frana_db_writer_errmsg(w));
    rc = add_article(w, "e", 0);
    check(rc == FRANA_ERR_DB, "an add after the failed one fails too (%d)", rc);
    rc = frana_db_writer_commit(w);
    const char *msg = frana_db_writer_errmsg(w);
    no_file_limit();
    check(rc == FRANA_ERR_DB, "the commit after a failed add fails (%d: %s)", rc, msg);
    char want[100];
    snprintf(want, sizeof want, "the %d articles added since the last commit are lost",
             failed_at);
    check(strstr(msg, want) != NULL, "it says what was lost (%s): %s", want, msg);
    check(strstr(msg, "the database holds 10") != NULL, "and what is durable: %s", msg);
    /* The writer goes on after the failed commit. */
    check(add_article(w, "f", 0) == 0, "an add after the failed commit");
    check(frana_db_writer_commit(w) == 0, "and its commit: %s", frana_db_writer_errmsg(w));
    frana_db_writer_free(w);
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    long n = hits(db, "université");
    check(n == 11, "the database holds the 10 committed articles and the last one (%ld)", n);
}

/* A field given as NULL with a non-zero length is absent (frana_db.h), not read. */
static void test_null_fields(const char *tmp)
{
    char db[600];
    snprintf(db, sizeof db, "%s/null", tmp);
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, db, &w, NULL) == 0, "writer_new"))
        return;
    frana_db_article a = {0};
    a.id = "n1";
    a.id_len = 2;
    a.title_len = 5;
    a.body_len = 1000000;
    a.url_len = 3;
    a.date_len = 10;
    check(frana_db_writer_add(w, &a, NULL) == FRANA_OK, "NULL fields with lengths: added");
    a.id = NULL;
    check(frana_db_writer_add(w, &a, NULL) == FRANA_ERR_INPUT, "a NULL id with a length: no id");
    check(frana_db_writer_commit(w) == 0, "commit");
    check(frana_db_writer_count(w) == 1, "one article (%zu)", frana_db_writer_count(w));
    frana_db_writer_free(w);
    frana_db_reader *r = NULL;
    if (!check(frana_db_reader_new(A, db, &r, NULL) == 0, "reader"))
        return;
    frana_search_options o = {0};
    frana_db_results *res = NULL;
    /* n1 holds no word: a search for anything finds nothing, and succeeds. */
    int rc = frana_db_search(r, "minsk", 5, &o, &res);
    check(rc == 0 && frana_db_results_count(res) == 0, "search succeeds, no hit (%d)", rc);
    frana_db_results_free(res);
    frana_db_reader_free(r);
}

int main(void)
{
    /* Past the limit write() fails with EFBIG instead of SIGXFSZ killing us. */
    signal(SIGXFSZ, SIG_IGN);
    char *err = NULL;
    if (frana_analyzer_new(NULL, &A, &err)) {
        printf("analyzer: %s\n", err ? err : "?");
        return 1;
    }
    char tmp[] = "/tmp/frana_faults.XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    test_failed_commit_retry(tmp);
    test_failed_add(tmp);
    test_null_fields(tmp);
    check_rm_rf(tmp);
    frana_analyzer_free(A);
    return check_report();
}
