/*
 * shards.c — frana index --shards N (see shards.h). Each shard has a bounded
 * queue of copied articles and a thread that adds them with its own
 * frana_db_writer (its own session: analysis runs in parallel too) and commits
 * every batch of that shard's articles: each commit is one shard's atomic
 * batch; the writer's own thread for Xapian's writes only with two cores per
 * shard. Messages go to stderr under one lock.
 */
#define _POSIX_C_SOURCE 200809L
#include "shards.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Articles waiting per shard: enough to keep a writer busy, little memory. */
#define QUEUE_LEN 64

/* One queued article: the fields point into buf, which the item owns. */
typedef struct item {
    frana_db_article art;
    const char *file;
    size_t line;
    char buf[];
} item;

typedef struct shard {
    struct shards *sh;
    size_t index;
    char *path;
    frana_db_writer *w;
    pthread_t thread;
    int started;
    /* the queue, under lock */
    pthread_mutex_t lock;
    pthread_cond_t more, room;
    item *q[QUEUE_LEN];
    size_t head, count;
    int closed;
    /* the writer thread's counts */
    size_t committed, replaced, pending, pending_replaced, skipped;
    int failed;
} shard;

struct shards {
    const char *prog, *dir;
    size_t n, batch;
    int strict;
    int quiet; /* shards_quiet: no line per shard at close */
    int nomem; /* shards_add ran out of memory (the reading thread's alone) */
    shard *s;
    atomic_size_t added;
    atomic_int stop; /* a shard failed, or --strict met a malformed article */
    pthread_mutex_t out; /* stderr */
};

static char *copy_field(char **dst, const char *src, size_t len)
{
    if (!src || !len)
        return NULL;
    char *p = *dst;
    memcpy(p, src, len);
    p[len] = 0;
    *dst += len + 1;
    return p;
}

static item *item_new(const frana_db_article *a, const char *file, size_t line)
{
    size_t flen = strlen(file);
    size_t need = a->id_len + a->title_len + a->body_len + a->lang_len + a->date_len +
                  a->url_len + a->source_len + flen + 8;
    item *it = malloc(sizeof *it + need);
    if (!it)
        return NULL;
    char *p = it->buf;
    it->art = *a;
    it->art.id = copy_field(&p, a->id, a->id_len);
    it->art.title = copy_field(&p, a->title, a->title_len);
    it->art.body = copy_field(&p, a->body, a->body_len);
    it->art.lang = copy_field(&p, a->lang, a->lang_len);
    it->art.date = copy_field(&p, a->date, a->date_len);
    it->art.url = copy_field(&p, a->url, a->url_len);
    it->art.source = copy_field(&p, a->source, a->source_len);
    it->file = copy_field(&p, file, flen);
    if (!it->file)
        it->file = "";
    it->line = line;
    return it;
}

static void say(shards *sh, const char *fmt, const char *a, const char *b)
{
    pthread_mutex_lock(&sh->out);
    fprintf(stderr, fmt, sh->prog, a, b);
    pthread_mutex_unlock(&sh->out);
}

static int commit(shard *s)
{
    if (frana_db_writer_commit(s->w)) {
        say(s->sh, "%s: %s: commit failed: %s\n", s->path, frana_db_writer_errmsg(s->w));
        s->failed = 1;
        atomic_store(&s->sh->stop, 1);
        return -1;
    }
    s->committed += s->pending;
    s->replaced += s->pending_replaced;
    s->pending = s->pending_replaced = 0;
    return 0;
}

static void *writer_thread(void *arg)
{
    shard *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->count == 0 && !s->closed)
            pthread_cond_wait(&s->more, &s->lock);
        if (s->count == 0) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        item *it = s->q[s->head];
        s->head = (s->head + 1) % QUEUE_LEN;
        s->count--;
        pthread_cond_signal(&s->room);
        pthread_mutex_unlock(&s->lock);
        if (!s->failed) {
            int replaced = 0;
            int rc = frana_db_writer_add(s->w, &it->art, &replaced);
            if (rc == FRANA_ERR_INPUT) {
                pthread_mutex_lock(&s->sh->out);
                if (it->line)
                    fprintf(stderr, "%s:%zu: %s\n", it->file, it->line,
                            frana_db_writer_errmsg(s->w));
                else
                    fprintf(stderr, "%s: %s\n", it->file, frana_db_writer_errmsg(s->w));
                pthread_mutex_unlock(&s->sh->out);
                s->skipped++;
                if (s->sh->strict)
                    atomic_store(&s->sh->stop, 1);
            } else if (rc) {
                say(s->sh, "%s: %s: %s\n", s->path, frana_db_writer_errmsg(s->w));
                s->failed = 1;
                atomic_store(&s->sh->stop, 1);
            } else {
                s->pending++;
                s->pending_replaced += (size_t)replaced;
                if (s->pending >= s->sh->batch)
                    commit(s);
            }
        }
        free(it);
    }
    if (!s->failed && s->pending)
        commit(s);
    return NULL;
}

static void close_queue(shard *s)
{
    pthread_mutex_lock(&s->lock);
    s->closed = 1;
    pthread_cond_signal(&s->more);
    pthread_mutex_unlock(&s->lock);
}

/* Joins the threads, frees the writers and sh. */
static void teardown(shards *sh)
{
    for (size_t i = 0; i < sh->n; i++) {
        shard *s = &sh->s[i];
        if (s->started) {
            close_queue(s);
            pthread_join(s->thread, NULL);
        }
        frana_db_writer_free(s->w);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->more);
        pthread_cond_destroy(&s->room);
        free(s->path);
    }
    pthread_mutex_destroy(&sh->out);
    free(sh->s);
    free(sh);
}

shards *shards_open(const frana_analyzer *a, const char *dir, size_t n, size_t batch, int strict,
                    const char *prog)
{
    char *err = NULL;
    int rc = frana_db_shards_create(dir, n, &err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", prog, err ? err : frana_strerror(rc));
        frana_free(err);
        return NULL;
    }
    shards *sh = calloc(1, sizeof *sh);
    if (!sh || !(sh->s = calloc(n, sizeof *sh->s))) {
        free(sh);
        fprintf(stderr, "%s: out of memory\n", prog);
        return NULL;
    }
    sh->prog = prog;
    sh->dir = dir;
    sh->n = n;
    sh->batch = batch;
    sh->strict = strict;
    atomic_init(&sh->added, 0);
    atomic_init(&sh->stop, 0);
    pthread_mutex_init(&sh->out, NULL);
    /* A shard's writer keeps a thread of its own for Xapian's writes only
     * when there are cores for both: else the shards' threads already take
     * every core, and handing documents over costs more than it overlaps. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threaded = cores > 0 && (size_t)cores >= 2 * n;
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        shard *s = &sh->s[i];
        s->sh = sh;
        s->index = i;
        pthread_mutex_init(&s->lock, NULL);
        pthread_cond_init(&s->more, NULL);
        pthread_cond_init(&s->room, NULL);
        size_t len = strlen(dir) + 32;
        s->path = malloc(len);
        if (!s->path) {
            if (ok)
                fprintf(stderr, "%s: out of memory\n", prog);
            ok = 0;
            continue;
        }
        snprintf(s->path, len, "%s/shard%zu", dir, i);
        if (!ok)
            continue;
        rc = frana_db_writer_new(a, s->path, &s->w, &err);
        if (rc) {
            if (rc == FRANA_ERR_DB_LOCKED)
                fprintf(stderr, "%s: %s: database is locked by another writer\n", prog, s->path);
            else
                fprintf(stderr, "%s: %s: %s\n", prog, s->path, err ? err : frana_strerror(rc));
            frana_free(err);
            err = NULL;
            ok = 0;
            continue;
        }
        frana_db_writer_threaded(s->w, threaded);
        if (pthread_create(&s->thread, NULL, writer_thread, s) != 0) {
            fprintf(stderr, "%s: cannot start a thread for %s\n", prog, s->path);
            ok = 0;
            continue;
        }
        s->started = 1;
    }
    if (!ok) {
        teardown(sh);
        return NULL;
    }
    return sh;
}

int shards_add(shards *sh, const frana_db_article *art, const char *file, size_t line)
{
    if (atomic_load(&sh->stop))
        return -1;
    item *it = item_new(art, file, line);
    if (!it) {
        pthread_mutex_lock(&sh->out);
        fprintf(stderr, "%s: out of memory\n", sh->prog);
        pthread_mutex_unlock(&sh->out);
        sh->nomem = 1;
        atomic_store(&sh->stop, 1);
        return -1;
    }
    shard *s = &sh->s[frana_db_shard_of(art->id, art->id_len, sh->n)];
    pthread_mutex_lock(&s->lock);
    while (s->count == QUEUE_LEN)
        pthread_cond_wait(&s->room, &s->lock);
    s->q[(s->head + s->count) % QUEUE_LEN] = it;
    s->count++;
    pthread_cond_signal(&s->more);
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_add(&sh->added, 1);
    return 0;
}

size_t shards_added(shards *sh)
{
    return atomic_load(&sh->added);
}

void shards_quiet(shards *sh)
{
    sh->quiet = 1;
}

int shards_close(shards *sh, size_t *indexed, size_t *replaced, size_t *skipped)
{
    for (size_t i = 0; i < sh->n; i++) {
        close_queue(&sh->s[i]);
        pthread_join(sh->s[i].thread, NULL);
        sh->s[i].started = 0;
    }
    int status = sh->nomem ? -1 : 0;
    for (size_t i = 0; i < sh->n; i++) {
        shard *s = &sh->s[i];
        *indexed += s->committed;
        *replaced += s->replaced;
        *skipped += s->skipped;
        if (s->failed)
            status = -1;
        if (!sh->quiet || s->failed)
            printf("  shard%zu: %zu articles committed%s, %zu in the shard\n", i, s->committed,
                   s->failed ? " (then a failure: its last batch is lost)" : "",
                   frana_db_writer_count(s->w));
    }
    teardown(sh);
    return status;
}
