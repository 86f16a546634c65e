/*
 * test_pipe.c — the writer's thread (frana_db_writer_threaded): the same
 * database as the writer that writes in the caller's thread, *replaced the
 * same and right (ids in the database, ids repeated in one batch, new ids),
 * counts that include what is still queued, free that writes what is queued
 * and joins; and a write that fails in the thread (a file size limit, as a
 * full disk) reported by a later add and by the commit, with every accepted
 * article counted as lost, none lost or doubled once they are added again.
 *
 * usage: test_pipe DB_CHECK (tests/db_check.cc, which dumps a database)
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "frana.h"
#include "frana_db.h"

#include "check.h"
#include "fsize.h"
#include "jsonl.h"

static frana_analyzer *A;
static const char *DB_CHECK;

/* The ids seen so far, to know what *replaced must say. */
typedef struct idset {
    char **ids;
    size_t n, cap;
} idset;

static int idset_has(const idset *s, const char *id, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->ids[i]) == len && memcmp(s->ids[i], id, len) == 0)
            return 1;
    return 0;
}

static void idset_add(idset *s, const char *id, size_t len)
{
    if (idset_has(s, id, len))
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
        if (!s->ids)
            abort();
    }
    s->ids[s->n] = malloc(len + 1);
    if (!s->ids[s->n])
        abort();
    memcpy(s->ids[s->n], id, len);
    s->ids[s->n][len] = 0;
    s->n++;
}

static void idset_free(idset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->ids[i]);
    free(s->ids);
}

/* What one run of the indexing saw: every add's *replaced, in order. */
typedef struct run {
    char rep[600];
    size_t adds, replaced, wrong, counts_wrong;
} run;

typedef struct add_ctx {
    frana_db_writer *w;
    const char *path;
    size_t batch;
    idset *seen;
    run *r;
} add_ctx;

/* One article of add_file. */
static void add_each(void *ctx, const frana_db_article *a)
{
    add_ctx *c = ctx;
    run *r = c->r;
    int rep = -1;
    int rc = frana_db_writer_add(c->w, a, &rep);
    if (!check(rc == 0, "%s: add: %s", c->path, frana_db_writer_errmsg(c->w)))
        return;
    int want = idset_has(c->seen, a->id, a->id_len);
    r->wrong += rep != want;
    if (r->adds < sizeof r->rep)
        r->rep[r->adds] = (char)('0' + rep);
    r->adds++;
    r->replaced += (size_t)rep;
    idset_add(c->seen, a->id, a->id_len);
    if (r->adds % 5 == 0)
        r->counts_wrong += frana_db_writer_count(c->w) != c->seen->n;
    if (r->adds % c->batch == 0)
        check(frana_db_writer_commit(c->w) == 0, "commit: %s", frana_db_writer_errmsg(c->w));
}

/* Adds the articles of a JSON Lines file, committing every `batch` adds;
 * checks each *replaced against `seen` (the ids committed or added before)
 * and, every 5th add, the count against the ids seen. */
static void add_file(frana_db_writer *w, const char *path, size_t batch, idset *seen, run *r)
{
    add_ctx c = {w, path, batch, seen, r};
    check(jsonl_each(path, add_each, &c) == 0, "open %s", path);
}

/* Adds one article of the given id and text. */
static int add_one(frana_db_writer *w, const char *id, const char *body, int *replaced)
{
    frana_db_article a = {0};
    a.id = id;
    a.id_len = strlen(id);
    a.title = "Dépêche";
    a.title_len = strlen(a.title);
    a.body = body;
    a.body_len = strlen(body);
    a.date = "2020-09-14";
    a.date_len = 10;
    return frana_db_writer_add(w, &a, replaced);
}

/* The output of a command, or NULL. Caller frees. */
static char *command_output(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 4096) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    *status = pclose(p);
    if (buf)
        buf[len] = 0;
    return buf;
}

/* Indexes the corpus into db, with the writer's thread or without: two
 * files in batches of 7, the first again (every id replaced), and a batch
 * holding a new id twice and an id of the database. */
static void index_corpus(const char *db, int threaded, run *r)
{
    memset(r, 0, sizeof *r);
    frana_db_writer *w = NULL;
    char *err = NULL;
    if (!check(frana_db_writer_new(A, db, &w, &err) == 0, "writer_new %s: %s", db,
               err ? err : "")) {
        frana_free(err);
        return;
    }
    int on = frana_db_writer_threaded(w, threaded);
    check(on == threaded, "the writer %s its thread (%d)", threaded ? "has" : "stopped", on);
    idset seen = {0};
    add_file(w, "data/corpus_fr.jsonl", 7, &seen, r);
    add_file(w, "data/corpus_flores100.jsonl", 7, &seen, r);
    check(frana_db_writer_commit(w) == 0, "commit: %s", frana_db_writer_errmsg(w));
    add_file(w, "data/corpus_fr.jsonl", 7, &seen, r);
    check(frana_db_writer_commit(w) == 0, "commit: %s", frana_db_writer_errmsg(w));
    /* One batch: a new id, the same id again, an id of the database. */
    int rep[3] = {-1, -1, -1};
    check(add_one(w, "pipe-new", "Une première dépêche sur Minsk.", &rep[0]) == 0, "add new");
    check(add_one(w, "pipe-new", "La même dépêche, corrigée: Minsk et Sotchi.", &rep[1]) == 0,
          "add the same id again");
    check(add_one(w, seen.ids[0], "Une dépêche remplacée sur Moscou.", &rep[2]) == 0,
          "add an id of the database");
    check(rep[0] == 0 && rep[1] == 1 && rep[2] == 1,
          "replaced: a new id 0, the same id again in the batch 1, an id of the database 1 "
          "(%d %d %d)",
          rep[0], rep[1], rep[2]);
    /* An add that does not ask still counts for the next that does. */
    check(add_one(w, "pipe-quiet", "Sans demander.", NULL) == 0, "add without *replaced");
    check(add_one(w, "pipe-quiet", "Puis en demandant.", &rep[0]) == 0 && rep[0] == 1,
          "the same id, asking: replaced (%d)", rep[0]);
    idset_add(&seen, "pipe-new", 8);
    idset_add(&seen, "pipe-quiet", 10);
    check(frana_db_writer_count(w) == seen.n, "count with the batch pending: %zu of %zu",
          frana_db_writer_count(w), seen.n);
    /* Left pending: free writes and commits it. */
    frana_db_writer_free(w);
    check(r->wrong == 0, "every *replaced right (%zu wrong of %zu)", r->wrong, r->adds);
    check(r->counts_wrong == 0, "every count right (%zu wrong)", r->counts_wrong);
    check(r->adds == 152 && r->replaced == 26, "152 adds, 26 of them replacing (%zu, %zu)",
          r->adds, r->replaced);
    frana_db_reader *rd = NULL;
    if (check(frana_db_reader_new(A, db, &rd, NULL) == 0, "reader after free")) {
        frana_db_info info;
        check(frana_db_stats(rd, &info) == 0 && info.articles == seen.n,
              "free committed the last batch: %zu articles (%zu)", (size_t)info.articles,
              seen.n);
        frana_db_reader_free(rd);
    }
    idset_free(&seen);
}

/* The same database with and without the thread: db_check's dump (every
 * document's data, terms with wdf and positions, values; the metadata). */
static void test_same_database(const char *tmp)
{
    char a[600], b[600], cmd[1400];
    snprintf(a, sizeof a, "%s/threaded", tmp);
    snprintf(b, sizeof b, "%s/plain", tmp);
    run ra, rb;
    index_corpus(a, 1, &ra);
    index_corpus(b, 0, &rb);
    check(ra.adds == rb.adds && memcmp(ra.rep, rb.rep, sizeof ra.rep) == 0,
          "the same *replaced, add by add");
    int sa = -1, sb = -1;
    snprintf(cmd, sizeof cmd, "'%s' '%s' --dump", DB_CHECK, a);
    char *da = command_output(cmd, &sa);
    snprintf(cmd, sizeof cmd, "'%s' '%s' --dump", DB_CHECK, b);
    char *db = command_output(cmd, &sb);
    if (check(da && db && sa == 0 && sb == 0, "both databases dump (%d %d)", sa, sb)) {
        check(strlen(da) > 100000 && strstr(da, "pipe-new") && strstr(da, "Sotchi"),
              "the dump holds the articles (%zu bytes)", strlen(da));
        check(strcmp(da, db) == 0, "the same dump with and without the thread (%zu, %zu bytes)",
              strlen(da), strlen(db));
    }
    free(da);
    free(db);
}

/* A long body that names its id. */
static int add_long(frana_db_writer *w, const char *prefix, int i)
{
    static char body[20000];
    char id[64];
    snprintf(id, sizeof id, "%s-%d", prefix, i);
    size_t n = (size_t)snprintf(body, sizeof body, "%s ", id);
    for (int k = 0; n + 40 < sizeof body; k++)
        n += (size_t)snprintf(body + n, sizeof body - n, "mot%d%d élection%d ", i, k, k % 500);
    return add_one(w, id, body, NULL);
}

/* A write that fails in the thread (Xapian made to write during adds, under
 * a file size limit): a later add fails, the commit fails and counts every
 * accepted add as lost, the database holds its last commit; the same writer
 * adds them again and the database then holds each article once. */
static void test_failed_write(const char *tmp)
{
    char db[600], cmd[1400];
    snprintf(db, sizeof db, "%s/fault", tmp);
    setenv("XAPIAN_FLUSH_THRESHOLD", "20", 1);
    frana_db_writer *w = NULL;
    int rc = frana_db_writer_new(A, db, &w, NULL);
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    if (!check(rc == 0, "writer_new"))
        return;
    check(frana_db_writer_threaded(w, 1) == 1, "the writer has its thread");
    for (int i = 0; i < 10; i++)
        add_long(w, "c", i);
    check(frana_db_writer_commit(w) == 0, "first commit: %s", frana_db_writer_errmsg(w));
    file_limit((rlim_t)largest_file(db));
    int accepted = 0, failed = 0;
    const char *msg = "";
    for (int i = 0; i < 300 && !failed; i++) {
        if (add_long(w, "d", i) == 0)
            accepted++;
        else
            failed = 1, msg = frana_db_writer_errmsg(w);
    }
    check(failed, "an add fails after a write failed in the thread (%d accepted)", accepted);
    check(strstr(msg, "an earlier add failed") && strstr(msg, "File too large"),
          "it names the cause: %s", msg);
    rc = frana_db_writer_commit(w);
    msg = frana_db_writer_errmsg(w);
    no_file_limit();
    check(rc == FRANA_ERR_DB, "the commit fails (%d: %s)", rc, msg);
    char want[120];
    snprintf(want, sizeof want, "the %d articles added since the last commit are lost", accepted);
    check(strstr(msg, want) != NULL, "it counts every accepted add as lost (%s): %s", want, msg);
    check(strstr(msg, "the database holds 10") != NULL, "and says what is durable: %s", msg);
    check(frana_db_writer_count(w) == 10, "10 articles (%zu)", frana_db_writer_count(w));
    /* The same writer, again: each lost article added once more. */
    int ok = 1;
    for (int i = 0; i < accepted; i++)
        ok &= add_long(w, "d", i) == 0;
    check(ok, "the lost articles added again: %s", frana_db_writer_errmsg(w));
    check(frana_db_writer_commit(w) == 0, "and committed: %s", frana_db_writer_errmsg(w));
    check(frana_db_writer_threaded(w, 1) == 1, "the writer still has its thread");
    frana_db_writer_free(w);
    int st = -1;
    snprintf(cmd, sizeof cmd, "'%s' '%s' --ids", DB_CHECK, db);
    char *out = command_output(cmd, &st);
    char head[64];
    snprintf(head, sizeof head, "\narticles %d\n", 10 + accepted);
    check(out && st == 0 && strstr(out, head) != NULL,
          "db_check: every article once, %d (%d: %.60s)", 10 + accepted, st, out ? out : "");
    free(out);
}

/* Turning the thread off and on between batches keeps every article. */
static void test_toggle(const char *tmp)
{
    char db[600];
    snprintf(db, sizeof db, "%s/toggle", tmp);
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(A, db, &w, NULL) == 0, "writer_new"))
        return;
    int rep = -1, n = 0;
    char id[32];
    for (int round = 0; round < 4; round++) {
        check(frana_db_writer_threaded(w, round % 2) == round % 2, "thread %d", round % 2);
        for (int i = 0; i < 15; i++, n++) {
            snprintf(id, sizeof id, "t-%d", n);
            check(add_one(w, id, "Minsk, Sotchi et Moscou.", &rep) == 0 && rep == 0, "add %s", id);
        }
        /* Mid-batch, the thread turned the other way. */
        check(frana_db_writer_threaded(w, !(round % 2)) == !(round % 2), "thread toggled");
        check(add_one(w, "t-0", "Minsk encore.", &rep) == 0 && rep == 1, "t-0 replaced (%d)", rep);
        check(frana_db_writer_commit(w) == 0, "commit: %s", frana_db_writer_errmsg(w));
    }
    check(frana_db_writer_count(w) == (size_t)n, "%d articles (%zu)", n, frana_db_writer_count(w));
    check(frana_db_writer_threaded(NULL, 1) == FRANA_ERR_INVALID, "NULL writer");
    frana_db_writer_free(w);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_pipe DB_CHECK\n");
        return 2;
    }
    DB_CHECK = argv[1];
    signal(SIGXFSZ, SIG_IGN);
    char *err = NULL;
    if (frana_analyzer_new(NULL, &A, &err)) {
        printf("analyzer: %s\n", err ? err : "?");
        return 1;
    }
    char tmp[] = "/tmp/frana_pipe.XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    test_same_database(tmp);
    test_failed_write(tmp);
    test_toggle(tmp);
    check_rm_rf(tmp);
    frana_analyzer_free(A);
    return check_report();
}
