/*
 * cmd_index.c — frana index --db DIR [--shards N] [--lang L] [--strict] [--batch N] FILE|DIR...
 *
 * --shards N: DIR becomes a sharded database (shards.h): N shards written in
 * parallel, each committing every N of its own articles.
 * --segments N: a new DIR is built as N segments written in parallel (the
 * shards of a hidden folder beside DIR), which Xapian's compactor then merges
 * into DIR (frana_db_merge); DIR appears whole at the end. By default a new
 * DIR is built in 2 segments when the input is 32 MB or more and the machine
 * has 2 cores or more; --segments 1 writes DIR directly.
 * FILE: JSON Lines, one article per line ("-" reads standard input).
 * DIR: a tree of .txt files, one article each (id = path relative to DIR,
 * first line = title). Commits every N articles; SIGINT/SIGTERM finish the
 * current article, commit and exit 130/143. A malformed record is reported as
 * FILE:LINE: reason, skipped, and makes the exit status 1 (--strict: stop).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "frana.h"
#include "frana_db.h"
#include "shards.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct indexer {
    const char *db;
    const char *lang;
    int strict;
    size_t batch;
    size_t nshards; /* --shards: 0 for one database */
    size_t segments; /* --segments: 0 to decide, 1 for none */
    shards *sh;
    frana_db_writer *w;
    frana_db_record *rec;
    size_t indexed, replaced, skipped, pending;
    size_t unreadable; /* folder entries that could not be read: exit 1 */
    int fatal;   /* a database failure or memory exhausted: stop */
    int stopped; /* --strict hit a bad record, or a signal came */
    /* progress */
    int tty;
    double t0, last_draw;
    uint64_t bytes_total, bytes_done;
} indexer;

static void progress(indexer *ix, int force)
{
    if (!ix->tty)
        return;
    double t = now();
    if (!force && t - ix->last_draw < 0.2)
        return;
    ix->last_draw = t;
    double el = t - ix->t0;
    size_t done = ix->sh ? shards_added(ix->sh) : ix->indexed;
    double rate = el > 0 ? (double)done / el : 0;
    double brate = el > 0 ? (double)ix->bytes_done / el : 0;
    double eta = brate > 0 && ix->bytes_total > ix->bytes_done
                     ? (double)(ix->bytes_total - ix->bytes_done) / brate
                     : 0;
    int pct = ix->bytes_total ? (int)(100.0 * (double)ix->bytes_done / (double)ix->bytes_total) : 100;
    if (pct > 100)
        pct = 100;
    char bar[21];
    for (int i = 0; i < 20; i++)
        bar[i] = i < pct / 5 ? '#' : '-';
    bar[20] = 0;
    fprintf(stderr, "\r[%s] %3d%%  %zu articles  %.1f/%.1f MB  %.0f articles/s  ETA %.0f s   ",
            bar, pct, done, (double)ix->bytes_done / 1e6, (double)ix->bytes_total / 1e6,
            rate, eta);
    fflush(stderr);
}

static void progress_clear(indexer *ix)
{
    if (ix->tty)
        fprintf(stderr, "\r%*s\r", 100, "");
}

/* Every message goes through fprintf_escaped: file names, ids and the
 * library's messages (which may quote input) never reach a terminal raw. */
static int commit(indexer *ix)
{
    if (frana_db_writer_commit(ix->w)) {
        progress_clear(ix);
        fprintf_escaped(stderr, "frana index: %s: commit failed: %s\n", ix->db,
                        frana_db_writer_errmsg(ix->w));
        /* The batch is lost: the summary counts what the database holds. */
        ix->indexed -= ix->pending;
        ix->pending = 0;
        ix->fatal = 1;
        return -1;
    }
    ix->pending = 0;
    return 0;
}

static void malformed(indexer *ix, const char *file, size_t line, const char *reason)
{
    progress_clear(ix);
    if (line)
        fprintf_escaped(stderr, "%s:%zu: %s\n", file, line, reason);
    else
        fprintf_escaped(stderr, "%s: %s\n", file, reason);
    ix->skipped++;
    if (ix->strict)
        ix->stopped = 1;
}

/* Memory ran out over a record: the run stops (what was committed stays). */
static void out_of_memory(indexer *ix, const char *file, size_t line, const char *what)
{
    progress_clear(ix);
    if (line)
        fprintf_escaped(stderr, "frana index: %s:%zu: %s\n", file, line, what);
    else
        fprintf_escaped(stderr, "frana index: %s: %s\n", file, what);
    ix->fatal = 1;
}

/* Adds the parsed record; handles batches and signals. */
static void add(indexer *ix, const char *file, size_t line)
{
    if (ix->sh) {
        if (shards_add(ix->sh, frana_db_record_article(ix->rec), file, line))
            ix->stopped = 1;
        if (stop_signal)
            ix->stopped = 1;
        progress(ix, 0);
        return;
    }
    int replaced = 0;
    int rc = frana_db_writer_add(ix->w, frana_db_record_article(ix->rec), &replaced);
    if (rc == FRANA_ERR_INPUT) {
        malformed(ix, file, line, frana_db_writer_errmsg(ix->w));
        return;
    }
    if (rc == FRANA_ERR_NOMEM) {
        out_of_memory(ix, file, line, "out of memory");
        return;
    }
    if (rc) {
        progress_clear(ix);
        fprintf_escaped(stderr, "frana index: %s: %s\n", ix->db, frana_db_writer_errmsg(ix->w));
        ix->fatal = 1;
        return;
    }
    ix->indexed++;
    ix->replaced += (size_t)replaced;
    if (++ix->pending >= ix->batch)
        commit(ix);
    if (stop_signal)
        ix->stopped = 1;
    progress(ix, 0);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static int index_jsonl(indexer *ix, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf_escaped(stderr, "frana index: %s: %s\n", path, strerror(errno));
        return -1;
    }
    const char *name = f == stdin ? "(stdin)" : path;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n = 0;
    int read_errno = 0;
    while (!ix->fatal && !ix->stopped) {
        errno = 0;
        n = getline(&line, &cap, f);
        if (n < 0) {
            read_errno = errno;
            break;
        }
        lineno++;
        ix->bytes_done += (uint64_t)n;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (blank(line, len))
            continue;
        int rc = frana_db_record_parse_json(ix->rec, line, len, ix->lang);
        if (rc == FRANA_ERR_NOMEM) {
            out_of_memory(ix, name, lineno, frana_db_record_errmsg(ix->rec));
            break;
        }
        if (rc) {
            malformed(ix, name, lineno, frana_db_record_errmsg(ix->rec));
            continue;
        }
        add(ix, name, lineno);
    }
    /* getline's -1 is the end of the file, a signal (no SA_RESTART: a read
     * that waits on a terminal or a pipe returns), or a failure. */
    int failed = n < 0 && !feof(f) && !(read_errno == EINTR && stop_signal);
    free(line);
    if (f != stdin)
        fclose(f);
    if (stop_signal)
        ix->stopped = 1;
    if (failed) {
        fprintf_escaped(stderr, "frana index: %s:%zu: read error: %s\n", name, lineno + 1,
                        strerror(read_errno ? read_errno : EIO));
        return -1;
    }
    return 0;
}

/* ---- .txt trees ------------------------------------------------------------- */

typedef struct pathlist {
    char **p;
    size_t n, cap;
} pathlist;

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_txt(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && strcmp(s + n - 4, ".txt") == 0;
}

/* The folders and files met during a walk, by device and inode: a symbolic
 * link loop, or a second path to a folder or a file, is met again. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

typedef struct walker {
    pathlist pl;
    pathlist links; /* symbolic links met, followed once the real tree is walked */
    int *link_depth;
    uint64_t bytes;
    file_id *seen; /* open addressing; ino 0 marks a free slot */
    size_t nseen, capseen;
    size_t unreadable, repeated;
    int nomem;
} walker;

/* Adds (dev, ino) to the set; returns 1 if new, 0 if met before, -1 when
 * memory runs out. */
static int seen_add(walker *wk, dev_t dev, ino_t ino)
{
    if (ino == 0)
        ino = (ino_t)-1;
    if ((wk->nseen + 1) * 2 > wk->capseen) {
        size_t cap = wk->capseen ? wk->capseen * 2 : 256;
        file_id *ns = calloc(cap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < wk->capseen; i++) {
            if (!wk->seen[i].ino)
                continue;
            size_t h = ((size_t)wk->seen[i].ino * 31u + (size_t)wk->seen[i].dev) & (cap - 1);
            while (ns[h].ino)
                h = (h + 1) & (cap - 1);
            ns[h] = wk->seen[i];
        }
        free(wk->seen);
        wk->seen = ns;
        wk->capseen = cap;
    }
    size_t h = ((size_t)ino * 31u + (size_t)dev) & (wk->capseen - 1);
    for (; wk->seen[h].ino; h = (h + 1) & (wk->capseen - 1))
        if (wk->seen[h].ino == ino && wk->seen[h].dev == dev)
            return 0;
    wk->seen[h].dev = dev;
    wk->seen[h].ino = ino;
    wk->nseen++;
    return 1;
}

static void walk_skip(walker *wk, const char *path, const char *why, int unreadable)
{
    fprintf_escaped(stderr, "frana index: %s: %s, skipped\n", path, why);
    if (unreadable)
        wk->unreadable++;
    else
        wk->repeated++;
}

static int push(walker *wk, pathlist *pl, char *p)
{
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 64;
        char **np = realloc(pl->p, cap * sizeof *np);
        if (!np) {
            wk->nomem = 1;
            return -1;
        }
        pl->p = np;
        pl->cap = cap;
        if (pl == &wk->links) {
            int *nd = realloc(wk->link_depth, cap * sizeof *nd);
            if (!nd) {
                wk->nomem = 1;
                return -1;
            }
            wk->link_depth = nd;
        }
    }
    pl->p[pl->n++] = p;
    return 0;
}

static void walk(walker *wk, const char *dir, int depth);

/* The entry p (named name, at depth) whose target is st: a folder is walked,
 * a .txt file collected, each once. */
static void walk_entry(walker *wk, char *p, const char *name, const struct stat *st, int depth)
{
    int fresh = S_ISDIR(st->st_mode) || (S_ISREG(st->st_mode) && ends_with_txt(name))
                    ? seen_add(wk, st->st_dev, st->st_ino)
                    : 1;
    if (fresh < 0) {
        wk->nomem = 1;
        free(p);
        return;
    }
    if (S_ISDIR(st->st_mode)) {
        if (!fresh)
            walk_skip(wk, p, "a folder met before (a symbolic link loop, or a second path to it)",
                      0);
        else if (depth >= 64)
            walk_skip(wk, p, "more than 64 folders deep", 1);
        else
            walk(wk, p, depth + 1);
        free(p);
    } else if (S_ISREG(st->st_mode) && ends_with_txt(name)) {
        if (!fresh) {
            walk_skip(wk, p, "a file met before by another path", 0);
            free(p);
        } else if (push(wk, &wk->pl, p) == 0) {
            wk->bytes += (uint64_t)st->st_size;
        } else {
            free(p);
        }
    } else {
        free(p);
    }
}

/* Collects the .txt files under dir, each folder and file once. Symbolic
 * links wait in wk->links, so that a file's own path wins over a link's.
 * Stops at a signal or when memory runs out. */
static void walk(walker *wk, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        walk_skip(wk, dir, strerror(errno), 1);
        return;
    }
    struct dirent *e;
    size_t dlen = strlen(dir);
    for (;;) {
        if (stop_signal || wk->nomem)
            break;
        errno = 0;
        if ((e = readdir(d)) == NULL) {
            if (errno)
                walk_skip(wk, dir, strerror(errno), 1);
            break;
        }
        if (e->d_name[0] == '.')
            continue;
        size_t len = dlen + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (!p) {
            wk->nomem = 1;
            break;
        }
        snprintf(p, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0) {
            walk_skip(wk, p, strerror(errno), 1);
            free(p);
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            if (push(wk, &wk->links, p) == 0)
                wk->link_depth[wk->links.n - 1] = depth;
            else
                free(p);
            continue;
        }
        walk_entry(wk, p, e->d_name, &st, depth);
    }
    closedir(d);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = read_all(f, len);
    int err = errno;
    fclose(f);
    errno = err;
    return buf;
}

static void index_txt_file(indexer *ix, const char *path, const char *id)
{
    size_t len = 0;
    errno = 0;
    char *text = read_file(path, &len);
    if (!text) {
        if (errno == ENOMEM)
            out_of_memory(ix, path, 0, "out of memory reading the file");
        else
            malformed(ix, path, 0, strerror(errno ? errno : EIO));
        return;
    }
    ix->bytes_done += len;
    /* A text file holds no NUL byte; a binary one (or UTF-16) would be
     * stored with each NUL escaped in six bytes. */
    const char *nul = memchr(text, 0, len);
    int rc;
    if (nul) {
        char why[96];
        snprintf(why, sizeof why, "a NUL byte at offset %zu: not a text file",
                 (size_t)(nul - text));
        malformed(ix, path, 0, why);
    } else if ((rc = frana_db_record_parse_txt(ix->rec, id, strlen(id), text, len, ix->lang)) ==
               FRANA_ERR_NOMEM) {
        out_of_memory(ix, path, 0, frana_db_record_errmsg(ix->rec));
    } else if (rc) {
        malformed(ix, path, 0, frana_db_record_errmsg(ix->rec));
    } else {
        add(ix, path, 0);
    }
    free(text);
}

static void index_txt_tree(indexer *ix, const char *dir, pathlist *pl)
{
    size_t root = strlen(dir);
    while (root > 1 && dir[root - 1] == '/')
        root--;
    for (size_t i = 0; i < pl->n && !ix->fatal && !ix->stopped; i++) {
        const char *id = pl->p[i] + root;
        while (*id == '/')
            id++;
        index_txt_file(ix, pl->p[i], id);
    }
}

/* Walks the tree dir and indexes its .txt files in path order. */
static void index_tree(indexer *ix, const char *dir)
{
    walker wk;
    memset(&wk, 0, sizeof wk);
    struct stat st;
    if (stat(dir, &st) == 0 && seen_add(&wk, st.st_dev, st.st_ino) < 0)
        wk.nomem = 1;
    if (!wk.nomem)
        walk(&wk, dir, 0);
    /* Then the symbolic links, in the order met (a link's folder may hold more). */
    for (size_t i = 0; i < wk.links.n && !wk.nomem && !stop_signal; i++) {
        char *p = wk.links.p[i];
        wk.links.p[i] = NULL;
        struct stat target;
        if (stat(p, &target) != 0) {
            walk_skip(&wk, p, errno == ENOENT ? "a symbolic link to nothing" : strerror(errno), 1);
            free(p);
            continue;
        }
        const char *slash = strrchr(p, '/');
        walk_entry(&wk, p, slash ? slash + 1 : p, &target, wk.link_depth[i]);
    }
    for (size_t i = 0; i < wk.links.n; i++)
        free(wk.links.p[i]);
    free(wk.links.p);
    free(wk.link_depth);
    free(wk.seen);
    ix->unreadable += wk.unreadable;
    if (wk.nomem)
        out_of_memory(ix, dir, 0, "out of memory walking the folder");
    if (stop_signal)
        ix->stopped = 1;
    ix->bytes_total += wk.bytes;
    if (!ix->fatal && !ix->stopped) {
        qsort(wk.pl.p, wk.pl.n, sizeof *wk.pl.p, cmp_path);
        index_txt_tree(ix, dir, &wk.pl);
    }
    for (size_t k = 0; k < wk.pl.n; k++)
        free(wk.pl.p[k]);
    free(wk.pl.p);
}

/* Where the number of the option a goes: --batch, --shards, --segments; NULL
 * for another option. */
static size_t *count_option(indexer *ix, const char *a)
{
    return strcmp(a, "--batch") == 0      ? &ix->batch
           : strcmp(a, "--shards") == 0   ? &ix->nshards
           : strcmp(a, "--segments") == 0 ? &ix->segments
                                          : NULL;
}

/* The number s for option opt, from 1 to max, in *out; or -1 after saying
 * what opt wants. */
static int count_arg(const char *opt, const char *s, long max, size_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || end == s || errno || v < 1 || v > max) {
        if (max == LONG_MAX)
            fprintf(stderr, "frana index: %s wants a positive number\n", opt);
        else
            fprintf(stderr, "frana index: %s wants a number from 1 to %ld\n", opt, max);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* Input from which a new database is built in segments by default. */
#define SEGMENTS_MIN_INPUT ((uint64_t)32 << 20)

/* A database that does not exist yet: no folder, or an empty one. */
static int new_database(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

/* A new hidden folder beside dir for its segments (malloc'd path of a
 * sharded database to be, inside it), or NULL with errno set. */
static char *segments_dir(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    const char *slash = memrchr(dir, '/', n);
    size_t plen = slash ? (size_t)(slash - dir) : 0;
    const char *base = slash ? slash + 1 : dir;
    size_t blen = n - (size_t)(base - dir);
    size_t cap = plen + blen + 32;
    char *t = malloc(cap);
    if (!t)
        return NULL;
    snprintf(t, cap, "%.*s%s.%.*s.segments-XXXXXX", (int)plen, dir, slash ? "/" : "",
             (int)blen, base);
    if (!mkdtemp(t)) {
        int e = errno;
        free(t);
        errno = e;
        return NULL;
    }
    strcat(t, "/s");
    return t;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Removes the segments' hidden folder (segdir's parent) and frees segdir. */
static void remove_segments(char *segdir)
{
    if (!segdir)
        return;
    char *slash = strrchr(segdir, '/');
    *slash = 0;
    nftw(segdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(segdir);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: frana index --db DIR [--shards N | --segments N] [--lang L] [--strict] [--batch N] FILE|DIR...\n"
               "  Indexes articles into the Xapian database DIR (created if needed).\n"
               "  FILE   JSON Lines, one article per line: {\"id\":\"…\",\"title\":\"…\",\"body\":\"…\",\n"
               "         \"lang\":\"fr\",\"date\":\"YYYY-MM-DD\",\"url\":\"…\",\"source\":\"…\"} ('-': stdin)\n"
               "  DIR    a tree of .txt files, one article each (first line: title)\n"
               "  --lang L    language of articles without one (default fr)\n"
               "  --strict    stop at the first malformed record (after committing)\n"
               "  --batch N   commit every N articles (default 1000; with --shards, per shard)\n"
               "  --shards N  DIR becomes N shard databases written in parallel (a thread\n"
               "              each) and a stub listing them: frana search --stub DIR; an id\n"
               "              always goes to the same shard, and N cannot change later\n"
               "  --segments N  a new DIR is built as N segments written in parallel and\n"
               "              merged by Xapian's compactor at the end (default: 2 for a new\n"
               "              DIR from 32 MB of input on 2 cores or more; 1: write DIR directly)\n"
               "  An article whose id is already indexed is replaced.\n");
}

int cmd_index(int argc, char **argv)
{
    indexer ix;
    memset(&ix, 0, sizeof ix);
    ix.batch = 1000;
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    if (!inputs)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(inputs);
            return 0;
        } else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            ix.db = argv[++i];
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            ix.lang = argv[++i];
        } else if (strcmp(a, "--strict") == 0) {
            ix.strict = 1;
        } else if (count_option(&ix, a) && i + 1 < argc) {
            size_t *to = count_option(&ix, a);
            if (count_arg(a, argv[++i], to == &ix.batch ? LONG_MAX : FRANA_DB_SHARDS_MAX, to)) {
                free(inputs);
                return 2;
            }
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf_escaped(stderr, "frana index: unknown option '%s'\n", a);
            usage(stderr);
            free(inputs);
            return 2;
        } else {
            inputs[ninputs++] = argv[i];
        }
    }
    if (!ix.db || ninputs == 0) {
        usage(stderr);
        free(inputs);
        return 2;
    }
    if (ix.nshards && ix.segments > 1) {
        fprintf(stderr, "frana index: --shards and --segments: choose one\n");
        free(inputs);
        return 2;
    }
    /* Every input must exist before the database is touched. */
    for (size_t i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") == 0)
            continue;
        if (stat(inputs[i], &st) != 0) {
            fprintf_escaped(stderr, "frana index: %s: %s\n", inputs[i], strerror(errno));
            free(inputs);
            return 1;
        }
        ix.bytes_total += S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    }
    frana_analyzer *a = NULL;
    char *err = NULL;
    int rc = frana_analyzer_new(NULL, &a, &err);
    if (rc) {
        fprintf(stderr, "frana index: %s\n", err ? err : frana_strerror(rc));
        frana_free(err);
        free(inputs);
        return 1;
    }
    if (!ix.nshards) {
        /* A sharded folder is written shard by shard, each id to its shard:
         * never through its stub as one database. */
        struct stat st;
        size_t dl = strlen(ix.db);
        char *stub = malloc(dl + 10);
        int sharded = stub && (snprintf(stub, dl + 10, "%s/XAPIANDB", ix.db), 1) &&
                      lstat(stub, &st) == 0;
        free(stub);
        if (sharded) {
            fprintf(stderr, "frana index: %s: a sharded database (it holds a stub, XAPIANDB): "
                            "index with --shards N, N its number of shards\n", ix.db);
            frana_analyzer_free(a);
            free(inputs);
            return 1;
        }
    }
    char *segdir = NULL; /* the hidden folder of the segments, when building in them */
    if (!ix.nshards && ix.segments != 1 && new_database(ix.db)) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        size_t n = ix.segments;
        if (!n && cores >= 2 && ix.bytes_total >= SEGMENTS_MIN_INPUT)
            n = 2;
        if (n > 1 && !(segdir = segments_dir(ix.db))) {
            fprintf_escaped(stderr, "frana index: %s: cannot make a folder for the segments "
                                    "beside it: %s\n", ix.db, strerror(errno));
            frana_analyzer_free(a);
            free(inputs);
            return 1;
        }
        ix.nshards = segdir ? n : 0;
    }
    if (ix.nshards) {
        ix.sh = shards_open(a, segdir ? segdir : ix.db, ix.nshards, ix.batch, ix.strict,
                            "frana index");
        if (ix.sh && segdir)
            shards_quiet(ix.sh);
        rc = ix.sh ? 0 : FRANA_ERR_DB_OPEN;
        if (rc) {
            remove_segments(segdir);
            frana_analyzer_free(a);
            free(inputs);
            return 1;
        }
    } else {
        rc = frana_db_writer_new(a, ix.db, &ix.w, &err);
    }
    if (rc) {
        if (rc == FRANA_ERR_DB_LOCKED)
            fprintf_escaped(stderr, "frana index: %s: database is locked by another writer\n",
                            ix.db);
        else
            fprintf_escaped(stderr, "frana index: %s: %s\n", ix.db,
                            err ? err : frana_strerror(rc));
        frana_free(err);
        frana_analyzer_free(a);
        free(inputs);
        return 1;
    }
    ix.rec = frana_db_record_new();
    if (!ix.rec) {
        fprintf(stderr, "frana index: out of memory\n");
        if (ix.sh)
            shards_close(ix.sh, &ix.indexed, &ix.replaced, &ix.skipped);
        remove_segments(segdir);
        frana_db_writer_free(ix.w);
        frana_analyzer_free(a);
        free(inputs);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past a file size limit, write() then fails with EFBIG and the commit
     * reports it, instead of SIGXFSZ killing the process without a word. */
    signal(SIGXFSZ, SIG_IGN);

    ix.tty = isatty(2);
    ix.t0 = now();
    for (size_t i = 0; i < ninputs && !ix.fatal && !ix.stopped; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") != 0 && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            index_tree(&ix, inputs[i]);
        } else if (ends_with_txt(inputs[i])) {
            const char *slash = strrchr(inputs[i], '/');
            index_txt_file(&ix, inputs[i], slash ? slash + 1 : inputs[i]);
        } else if (index_jsonl(&ix, inputs[i])) {
            ix.fatal = 1;
        }
        if (stop_signal)
            ix.stopped = 1;
    }
    progress(&ix, 1);
    progress_clear(&ix);
    int status = 0;
    if (ix.pending && commit(&ix))
        status = 1;
    if (ix.sh) {
        if (shards_close(ix.sh, &ix.indexed, &ix.replaced, &ix.skipped))
            ix.fatal = 1;
        ix.sh = NULL;
    }
    double merge_s = -1;
    if (segdir) {
        /* What the segments committed becomes DIR, as a one-database import
         * keeps its committed batches: whole, or (the merge failing) not at all. */
        double m0 = now();
        uint64_t docs = 0;
        char *merr = NULL;
        if (frana_db_merge(segdir, ix.db, &docs, &merr)) {
            fprintf_escaped(stderr, "frana index: %s\n", merr ? merr : "the merge failed");
            fprintf_escaped(stderr, "frana index: nothing was written to %s; the %zu articles "
                                    "of this run are not indexed\n", ix.db, ix.indexed);
            frana_free(merr);
            ix.indexed = ix.replaced = 0;
            ix.fatal = 1;
        } else {
            merge_s = now() - m0;
        }
        remove_segments(segdir);
    }
    double el = now() - ix.t0;
    printf("indexed %zu articles (%zu replaced, %zu skipped) in %.2f s\n", ix.indexed, ix.replaced,
           ix.skipped, el);
    if (merge_s >= 0)
        printf("  written as %zu segments in parallel, merged into one database in %.2f s\n",
               ix.nshards, merge_s);
    fflush(stdout);
    if (stop_signal) {
        fprintf(stderr, "frana index: interrupted by %s; %zu articles committed\n",
                stop_signal == SIGINT ? "SIGINT" : "SIGTERM", ix.indexed);
        status = 128 + stop_signal;
    } else if (ix.fatal) {
        status = 1;
    } else if (ix.skipped || ix.unreadable) {
        if (ix.strict && ix.skipped)
            fprintf(stderr, "frana index: stopped at the first malformed record (--strict)\n");
        else if (ix.skipped)
            fprintf(stderr, "frana index: %zu malformed record%s skipped\n", ix.skipped,
                    ix.skipped == 1 ? "" : "s");
        if (ix.unreadable)
            fprintf(stderr, "frana index: %zu folder entr%s could not be read\n", ix.unreadable,
                    ix.unreadable == 1 ? "y" : "ies");
        status = 1;
    }
    frana_db_record_free(ix.rec);
    frana_db_writer_free(ix.w);
    frana_analyzer_free(a);
    free(inputs);
    return status;
}
