/*
 * test_nomem.c — one failed allocation never changes data. Runs with
 * tests/failmalloc.c preloaded (ctest sets LD_PRELOAD) and makes the kth
 * allocation of a call fail, for every k until the call allocates no more:
 * each call must either fail with FRANA_ERR_NOMEM or give exactly what it
 * gives without failures, and the session must give that again afterwards
 * (a failed sb_stemmer_new does not leave the language unstemmed, a failed
 * sb_stemmer_stem is not remembered as "no stem"). Covers the analysis
 * (French index side, query side with every convention), the JSON Lines
 * record parser (jansson's lexer drops a byte when an allocation fails) and
 * the document data (built in one allocation, which must fail cleanly),
 * and searches: a search whose allocation fails inside Xapian leaves the
 * reader answering the next search as before (it opens a new handle).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frana.h"
#include "frana_db.h"
#include "store.h"

#include "check.h"

static void (*fail_after)(unsigned long);
static unsigned long (*failed_count)(void);

typedef struct text {
    char buf[8192];
    size_t n;
} text;

static int collect(void *ctx, const frana_token *t)
{
    text *o = ctx;
    for (size_t i = 0; i < t->nterms; i++) {
        int w = snprintf(o->buf + o->n, sizeof o->buf - o->n, "%u:%.*s ", (unsigned)t->pos,
                         (int)t->terms[i].len, t->terms[i].text);
        if (w > 0 && (size_t)w < sizeof o->buf - o->n)
            o->n += (size_t)w;
    }
    return 0;
}

static const char *SENTENCE = "Les élections présidentielles à Minsk : Loukachenko, Путина et "
                              "l’université de Moscou";

/* The analysis of SENTENCE by a fresh session with the kth allocation
 * failing, then again by the same session without failure. */
static void sweep_analysis(const frana_analyzer *a, frana_mode mode, const char *lang,
                           const char *what)
{
    text clean = {{0}, 0};
    frana_session *s = frana_session_new(a);
    if (!check(s != NULL, "session"))
        return;
    check(frana_analyze(s, SENTENCE, strlen(SENTENCE), lang, mode, collect, &clean) == 0,
          "%s: clean analysis", what);
    frana_session_free(s);
    int points = 0, errors = 0;
    for (unsigned long k = 1; k < 2000; k++) {
        s = frana_session_new(a);
        if (!s)
            break;
        unsigned long before = failed_count();
        text got = {{0}, 0};
        fail_after(k);
        int rc = frana_analyze(s, SENTENCE, strlen(SENTENCE), lang, mode, collect, &got);
        fail_after(0);
        if (failed_count() == before) { /* the analysis made fewer than k allocations */
            frana_session_free(s);
            break;
        }
        points++;
        if (rc) {
            errors++;
            check(rc == FRANA_ERR_NOMEM, "%s, allocation %lu failing: FRANA_ERR_NOMEM (%d)", what,
                  k, rc);
        } else {
            check(strcmp(got.buf, clean.buf) == 0,
                  "%s, allocation %lu failing: the same terms\n  got  %s\n  want %s", what, k,
                  got.buf, clean.buf);
        }
        text again = {{0}, 0};
        rc = frana_analyze(s, SENTENCE, strlen(SENTENCE), lang, mode, collect, &again);
        check(rc == 0 && strcmp(again.buf, clean.buf) == 0,
              "%s, after allocation %lu failed: the session gives the same terms again\n"
              "  got  %s\n  want %s",
              what, k, again.buf, clean.buf);
        frana_session_free(s);
    }
    check(points >= 3 && errors >= 1, "%s: %d failure points, %d errors", what, points, errors);
    printf("%s: %d failure points, %d ended in FRANA_ERR_NOMEM\n", what, points, errors);
}

static const char *LINE = "{\"id\":\"fr-1\",\"title\":\"La nuit noire à Minsk\",\"body\":\"Une "
                          "nuit noire, très noire, sur l’université.\",\"lang\":\"fr\","
                          "\"date\":\"2020-09-14\",\"url\":\"https://example.org/a\"}";

/* The article's fields, joined, for comparison. */
static void fields(const frana_db_article *art, char *out, size_t cap)
{
    snprintf(out, cap, "%.*s|%.*s|%.*s|%.*s|%.*s|%.*s", (int)art->id_len, art->id,
             (int)art->title_len, art->title ? art->title : "", (int)art->body_len,
             art->body ? art->body : "", (int)art->lang_len, art->lang ? art->lang : "",
             (int)art->date_len, art->date ? art->date : "", (int)art->url_len,
             art->url ? art->url : "");
}

static void sweep_json(void)
{
    frana_db_record *rec = frana_db_record_new();
    if (!check(rec != NULL, "record"))
        return;
    char clean[1024], got[1024];
    check(frana_db_record_parse_json(rec, LINE, strlen(LINE), NULL) == 0, "clean parse");
    fields(frana_db_record_article(rec), clean, sizeof clean);
    char *clean_data = NULL, *data = NULL;
    size_t clean_len = 0, len = 0;
    check(frana_article_to_data(frana_db_record_article(rec), &clean_data, &clean_len) == 0,
          "clean document data");
    int points = 0, errors = 0;
    for (unsigned long k = 1; k < 500; k++) {
        unsigned long before = failed_count();
        fail_after(k);
        int rc = frana_db_record_parse_json(rec, LINE, strlen(LINE), NULL);
        fail_after(0);
        if (failed_count() == before)
            break;
        points++;
        if (rc) {
            errors++;
            check(rc == FRANA_ERR_NOMEM, "parse, allocation %lu failing: FRANA_ERR_NOMEM (%d)", k,
                  rc);
            continue;
        }
        fields(frana_db_record_article(rec), got, sizeof got);
        check(strcmp(got, clean) == 0, "parse, allocation %lu failing: the same fields\n  got  %s",
              k, got);
    }
    check(points >= 3 && errors >= 1, "parse: %d failure points, %d errors", points, errors);
    printf("JSON Lines parse: %d failure points, %d ended in FRANA_ERR_NOMEM\n", points, errors);
    check(frana_db_record_parse_json(rec, LINE, strlen(LINE), NULL) == 0, "parse again");
    points = errors = 0;
    for (unsigned long k = 1; k < 500; k++) {
        unsigned long before = failed_count();
        fail_after(k);
        int rc = frana_article_to_data(frana_db_record_article(rec), &data, &len);
        fail_after(0);
        if (failed_count() == before) {
            free(data);
            break;
        }
        points++;
        if (rc) {
            errors++;
            check(rc == FRANA_ERR_NOMEM, "data, allocation %lu failing: FRANA_ERR_NOMEM (%d)", k,
                  rc);
        } else {
            check(len == clean_len && memcmp(data, clean_data, len) == 0,
                  "data, allocation %lu failing: the same document data\n  got  %.*s", k,
                  (int)len, data);
        }
        free(data);
        data = NULL;
    }
    check(points >= 1 && errors >= 1, "data: %d failure points, %d errors", points, errors);
    printf("document data: %d failure points, %d ended in FRANA_ERR_NOMEM\n", points, errors);
    free(clean_data);
    frana_db_record_free(rec);
}

/* The hits of q as "id weight percent;" (or "ERR:code"). */
static void hits_of(frana_db_reader *r, const char *q, char *out, size_t cap)
{
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
    o.limit = 5;
    frana_db_results *res = NULL;
    int rc = frana_db_search(r, q, strlen(q), &o, &res);
    if (rc) {
        snprintf(out, cap, "ERR:%d", rc);
        return;
    }
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < frana_db_results_count(res) && n < cap; i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        int w = snprintf(out + n, cap - n, "%s %.6f %d;", h->id, h->weight, h->percent);
        if (w > 0)
            n += (size_t)w;
    }
    frana_db_results_free(res);
}

/* A database of tests/data/corpus_fr.jsonl in dir; 0 when it was built. */
static int build_db(const frana_analyzer *a, const char *dir)
{
    frana_db_writer *w = NULL;
    char *err = NULL;
    if (!check(frana_db_writer_new(a, dir, &w, &err) == 0, "writer: %s", err ? err : ""))
        return -1;
    FILE *f = fopen("data/corpus_fr.jsonl", "rb");
    frana_db_record *rec = frana_db_record_new();
    char *line = NULL;
    size_t cap = 0, added = 0;
    ssize_t n;
    while (f && rec && (n = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)n;
        while (len && line[len - 1] == '\n')
            len--;
        if (len && frana_db_record_parse_json(rec, line, len, NULL) == 0 &&
            frana_db_writer_add(w, frana_db_record_article(rec), NULL) == 0)
            added++;
    }
    free(line);
    if (f)
        fclose(f);
    frana_db_record_free(rec);
    int rc = frana_db_writer_commit(w);
    frana_db_writer_free(w);
    return check(rc == 0 && added > 20, "corpus_fr.jsonl indexed (%zu articles)", added) ? 0 : -1;
}

/* For every k, in a child process: a search with its kth allocation
 * failing, then two other searches without failure. The failing one gives
 * the clean hits or FRANA_ERR_NOMEM, the next ones exactly the clean hits:
 * after a failure inside Xapian's match, the reader's old handle could crash
 * the next query, so the reader opens a new one. Xapian 1.4 itself could
 * die inside the failing call (a bad_alloc while it builds the postlists of
 * an OR), which the reserve the shim gives operator new during a match
 * prevents: the child reports each step on a pipe, and a child killed by a
 * signal fails the test. */
static void sweep_search(const frana_analyzer *a)
{
    static const char *const queries[] = {"Loukachenko OR Lukashenko", "minsk",
                                          "(poutine AND sotchi) OR \"Afrique du Sud\"",
                                          "universites", "chat -chien"};
    enum { NQ = sizeof queries / sizeof *queries };
    char tmpl[] = "/tmp/frana_nomem_XXXXXX", dir[64];
    if (!check(mkdtemp(tmpl) != NULL, "temporary folder"))
        return;
    snprintf(dir, sizeof dir, "%s/db", tmpl);
    frana_db_reader *r = NULL;
    char *err = NULL;
    if (build_db(a, dir) == 0 &&
        check(frana_db_reader_new(a, dir, &r, &err) == 0, "reader: %s", err ? err : "")) {
        static char clean[NQ][2048], got[2048];
        for (size_t q = 0; q < NQ; q++) {
            hits_of(r, queries[q], clean[q], sizeof clean[q]);
            check(strncmp(clean[q], "ERR", 3) != 0 && clean[q][0], "%s: clean search: %s",
                  queries[q], clean[q]);
        }
        int points = 0, errors = 0;
        for (size_t q = 0; q < NQ; q++) {
            for (unsigned long k = 1; k < 100000; k++) {
                int fds[2];
                if (!check(pipe(fds) == 0, "pipe"))
                    break;
                fflush(NULL);
                pid_t pid = fork();
                if (pid == 0) {
                    /* the child: one byte per step ('f': the failing search
                     * failed, 's': it gave the clean hits, 'n': nothing
                     * failed, 'x': a wrong answer; then '1' or 'x' for each
                     * search after it) */
                    close(fds[0]);
                    unsigned long before = failed_count();
                    fail_after(k);
                    hits_of(r, queries[q], got, sizeof got);
                    fail_after(0);
                    char c = failed_count() == before ? 'n'
                             : strncmp(got, "ERR", 3) == 0
                                 ? (atoi(got + 4) == FRANA_ERR_NOMEM ? 'f' : 'x')
                                 : (strcmp(got, clean[q]) == 0 ? 's' : 'x');
                    if (write(fds[1], &c, 1) != 1 || c == 'n')
                        _exit(0);
                    for (size_t j = 1; j <= 2; j++) {
                        hits_of(r, queries[(q + j) % NQ], got, sizeof got);
                        c = strcmp(got, clean[(q + j) % NQ]) == 0 ? '1' : 'x';
                        if (write(fds[1], &c, 1) != 1)
                            _exit(1);
                    }
                    _exit(0);
                }
                close(fds[1]);
                char steps[4] = {0};
                size_t n = 0;
                ssize_t got_n;
                while (n < 3 && (got_n = read(fds[0], steps + n, 3 - n)) > 0)
                    n += (size_t)got_n;
                close(fds[0]);
                int status = 0;
                if (!check(pid > 0 && waitpid(pid, &status, 0) == pid, "fork and wait"))
                    break;
                if (n >= 1 && steps[0] == 'n')
                    break;
                points++;
                int died = WIFSIGNALED(status);
                errors += steps[0] == 'f';
                check(n == 3 && !died && (strcmp(steps, "f11") == 0 || strcmp(steps, "s11") == 0),
                      "%s, allocation %lu failing: '%s'%s (f or s: the failing search; 1: each "
                      "search after it gives the clean hits)",
                      queries[q], k, steps, died ? ", killed by a signal" : "");
            }
        }
        check(points > 100 && errors > 0, "search sweep: %d points, %d failed", points, errors);
        printf("searches: %d failure points, %d ended in FRANA_ERR_NOMEM\n", points, errors);
        frana_db_reader_free(r);
    }
    free(err);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    check(system(cmd) == 0, "temporary folder removed");
}

int main(void)
{
    fail_after = (void (*)(unsigned long))dlsym(RTLD_DEFAULT, "failmalloc_after");
    failed_count = (unsigned long (*)(void))dlsym(RTLD_DEFAULT, "failmalloc_failed");
    if (!check(fail_after && failed_count, "tests/failmalloc.c is preloaded (LD_PRELOAD)"))
        return check_report();
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : ""))
        return check_report();
    sweep_analysis(a, FRANA_MODE_INDEX, "fr", "index analysis (fr)");
    sweep_analysis(a, FRANA_MODE_QUERY, NULL, "query analysis (every convention)");
    sweep_analysis(a, FRANA_MODE_INDEX, "en", "index analysis (en)");
    sweep_json();
    sweep_search(a);
    frana_analyzer_free(a);
    return check_report();
}
