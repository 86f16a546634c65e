/*
 * test_concurrency.c — one writer thread imports articles into a real Xapian
 * database, committing every 50, while reader threads search it without a
 * pause, each with its own reader over the shared analyzer.
 *
 * Checks: at least 1,000 queries run during the import; no search fails
 * except with the retryable FRANA_ERR_DB_MODIFIED (then the reader reopens and
 * retries); every hit is an article that was written, with the title and body
 * written for its id; a reader only ever sees whole batches (the article count
 * is a multiple of 50 until the last commit) and never sees the count go down;
 * at the end every reader sees every article.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "frana.h"
#include "frana_db.h"

#define BATCH 50
#define MIN_ARTICLES 2000
#define MAX_ARTICLES 100000
#define MIN_QUERIES 1000
#define READERS 3

static frana_analyzer *A;
static char dbpath[512];
static atomic_int writer_done;
static atomic_long announced;   /* articles a commit has started for: what a reader may see */
static atomic_long final_total; /* the article count once the last commit starts; -1 before */
static atomic_long queries;     /* searches completed while the writer ran */
static atomic_long commits;     /* commits done */

static const char *const words[] = {"élection", "minsk", "université", "sotchi",
                                    "manifestants", "poutine", "réforme", "châtiment"};
#define NWORDS (sizeof words / sizeof words[0])

/* Article i: its title names i; its body holds two of the words and i. */
static void make_article(long i, char *title, size_t tcap, char *body, size_t bcap)
{
    snprintf(title, tcap, "Dépêche %ld sur %s", i, words[i % NWORDS]);
    snprintf(body, bcap,
             "L’%s et %s : article numéro %ld, écrit pendant les recherches. Mot%ld, "
             "terme%ld et racine%ld grossissent le vocabulaire.",
             words[i % NWORDS], words[(i / NWORDS) % NWORDS], i, i, i * 7, i * 13);
}

static void *writer_main(void *arg)
{
    (void)arg;
    frana_db_writer *w = NULL;
    char *err = NULL;
    if (!check(frana_db_writer_new(A, dbpath, &w, &err) == 0, "writer: %s", err ? err : "?")) {
        frana_free(err);
        atomic_store(&writer_done, 1);
        return NULL;
    }
    long i = 0;
    /* Runs until enough articles are in and enough queries ran during the import. */
    while (i < MAX_ARTICLES && (i < MIN_ARTICLES || atomic_load(&queries) < MIN_QUERIES)) {
        char id[32], title[128], body[512];
        snprintf(id, sizeof id, "c-%ld", i);
        make_article(i, title, sizeof title, body, sizeof body);
        frana_db_article art = {0};
        art.id = id;
        art.id_len = strlen(id);
        art.title = title;
        art.title_len = strlen(title);
        art.body = body;
        art.body_len = strlen(body);
        art.date = "2020-09-14";
        art.date_len = 10;
        if (!check(frana_db_writer_add(w, &art, NULL) == 0, "add %s: %s", id,
                   frana_db_writer_errmsg(w)))
            break;
        i++;
        if (i % BATCH == 0) {
            atomic_store(&announced, i);
            if (!check(frana_db_writer_commit(w) == 0, "commit: %s", frana_db_writer_errmsg(w)))
                break;
            atomic_fetch_add(&commits, 1);
        }
    }
    atomic_store(&announced, i);
    atomic_store(&final_total, i);
    check(frana_db_writer_commit(w) == 0, "last commit: %s", frana_db_writer_errmsg(w));
    frana_db_writer_free(w);
    atomic_store(&writer_done, 1);
    return NULL;
}

typedef struct reader_stats {
    int lazy; /* never reopens by itself: only frana_db_search's own retries move it on */
    long searches, hits, retries, reopens, bad;
    long last_count;
} reader_stats;

/* Whether a hit is an article that was written, with the fields written for its id. */
static int hit_ok(const frana_db_hit *h, long upto)
{
    long i;
    char end;
    if (sscanf(h->id, "c-%ld%c", &i, &end) != 1 || i < 0 || i >= upto)
        return 0;
    char title[128], body[512];
    make_article(i, title, sizeof title, body, sizeof body);
    return strcmp(h->title, title) == 0 && strcmp(h->date, "2020-09-14") == 0 &&
           h->snippet[0] != 0;
}

static void *reader_main(void *arg)
{
    reader_stats *st = arg;
    frana_db_reader *r = NULL;
    /* Open on a revision that holds articles, so that later commits overtake it. */
    while (atomic_load(&commits) == 0 && !atomic_load(&writer_done))
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    char *err = NULL;
    if (!check(frana_db_reader_new(A, dbpath, &r, &err) == 0, "reader: %s", err ? err : "?")) {
        frana_free(err);
        return NULL;
    }
    frana_search_options o = {0};
    o.limit = 20;
    o.default_or = 1;
    for (long n = 0;; n++) {
        int done = atomic_load(&writer_done);
        const char *q = words[(size_t)n % NWORDS];
        char qbuf[64];
        if (n % 3 == 1) {
            snprintf(qbuf, sizeof qbuf, "%s OR %s", q, words[(size_t)(n / 3) % NWORDS]);
            q = qbuf;
        } else if (n % 3 == 2) {
            snprintf(qbuf, sizeof qbuf, "title:dépêche date:2020-09-14 %s", q);
            q = qbuf;
        }
        frana_db_results *res = NULL;
        int rc = frana_db_search(r, q, strlen(q), &o, &res);
        if (rc == FRANA_ERR_DB_MODIFIED) {
            st->retries++;
            if (!check(frana_db_reader_reopen(r) == 0, "reopen: %s", frana_db_reader_errmsg(r)))
                break;
            continue;
        }
        if (!check(rc == 0, "search '%s': %d %s", q, rc, frana_db_reader_errmsg(r))) {
            st->bad++;
            break;
        }
        long upto = atomic_load(&announced); /* read after the search: an upper bound */
        st->searches++;
        if (!done)
            atomic_fetch_add(&queries, 1);
        for (size_t k = 0; k < frana_db_results_count(res); k++) {
            const frana_db_hit *h = frana_db_results_hit(res, k);
            st->hits++;
            if (!hit_ok(h, upto)) {
                st->bad++;
                check(0, "hit '%s' title '%s' is not an article that was written", h->id,
                      h->title);
            }
        }
        frana_db_results_free(res);
        /* Now and then: the latest revision, and a whole number of batches. */
        if (n % 10 == 0) {
            if (!st->lazy) {
                if (!check(frana_db_reader_reopen(r) == 0, "reopen: %s",
                           frana_db_reader_errmsg(r)))
                    break;
                st->reopens++;
            }
            frana_db_info info;
            int src = frana_db_stats(r, &info);
            if (src == FRANA_ERR_DB_MODIFIED) {
                st->retries++;
                if (!check(frana_db_reader_reopen(r) == 0, "reopen: %s",
                           frana_db_reader_errmsg(r)))
                    break;
            } else
                check(src == 0, "stats: %s", frana_db_reader_errmsg(r));
            if (src == 0) {
                long c = (long)info.articles;
                if (c < st->last_count || (c % BATCH != 0 && c != atomic_load(&final_total))) {
                    st->bad++;
                    check(0, "a reader saw %ld articles after %ld", c, st->last_count);
                }
                st->last_count = c;
            }
        }
        if (done)
            break;
    }
    /* After the writer (a reader that stopped early waits for it): everything is there. */
    while (!atomic_load(&writer_done))
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    if (frana_db_reader_reopen(r) == 0) {
        frana_db_info info;
        long total = atomic_load(&final_total);
        check(frana_db_stats(r, &info) == 0 && (long)info.articles == total,
              "the reader sees all %ld articles at the end", total);
    }
    frana_db_reader_free(r);
    return NULL;
}

int main(void)
{
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &A, &err) == 0, "analyzer: %s", err ? err : "?"))
        return check_report();
    const char *base = getenv("TMPDIR");
    char tmp[400];
    snprintf(tmp, sizeof tmp, "%s/frana_conc.XXXXXX", base && *base ? base : "/tmp");
    if (!check(mkdtemp(tmp) != NULL, "mkdtemp"))
        return check_report();
    snprintf(dbpath, sizeof dbpath, "%s/db", tmp);

    /* The readers need a database to open: one committed batch first. */
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, dbpath, &w, &err) == 0, "create: %s", err ? err : "?"))
        return check_report();
    frana_db_writer_free(w);

    atomic_store(&final_total, -1);
    pthread_t wt, rt[READERS];
    reader_stats st[READERS];
    memset(st, 0, sizeof st);
    st[0].lazy = 1;
    pthread_create(&wt, NULL, writer_main, NULL);
    for (int i = 0; i < READERS; i++)
        pthread_create(&rt[i], NULL, reader_main, &st[i]);
    pthread_join(wt, NULL);
    for (int i = 0; i < READERS; i++)
        pthread_join(rt[i], NULL);

    long searches = 0, hits = 0, retries = 0, reopens = 0, bad = 0;
    for (int i = 0; i < READERS; i++) {
        searches += st[i].searches;
        hits += st[i].hits;
        retries += st[i].retries;
        reopens += st[i].reopens;
        bad += st[i].bad;
    }
    printf("writer: %ld articles in batches of %d; %d readers: %ld searches during the import "
           "(%ld in all), %ld hits checked, %ld reopens, %ld DB_MODIFIED retries, %ld bad\n",
           (long)atomic_load(&final_total), BATCH, READERS, (long)atomic_load(&queries), searches, hits, reopens,
           retries, bad);
    check(atomic_load(&queries) >= MIN_QUERIES, "at least %d queries during the import (%ld)",
          MIN_QUERIES, (long)atomic_load(&queries));
    check(bad == 0, "no bad hit or failed search");
    printf("the reader that never reopens by itself saw up to %ld articles\n", st[0].last_count);

    check_rm_rf(tmp);
    frana_analyzer_free(A);
    return check_report();
}
