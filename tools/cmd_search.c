/*
 * cmd_search.c — frana search and frana stats.
 *
 *   frana search --db DIR [--limit N] [--offset N] [--and|--or] [--lang L] [--json] QUERY...
 *   frana search --db DIR [...] --batch FILE      one query per line, one line per query
 *   frana stats --db DIR [--json]
 *   --stub STUB [--allow-remote] [--allow-programs] instead of --db: the
 *   databases a stub lists (shards; remote ones only when allowed)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "frana.h"
#include "frana_db.h"

typedef struct searcher {
    const char *db;     /* --db, or --stub's path */
    int stub;           /* --stub */
    unsigned stub_flags; /* --allow-remote, --allow-programs */
    frana_search_options opts;
    int json;
    const char *batch;
    frana_analyzer *a;
    frana_db_reader *r;
} searcher;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: frana search --db DIR [--limit N] [--offset N] [--and|--or] [--lang L]\n"
            "                    [--json] QUERY...\n"
            "       frana search --db DIR [options] --batch FILE\n"
            "       frana search --stub STUB [--allow-remote] [--allow-programs] [options] ...\n"
            "  --stub STUB      search the databases a stub file lists (a sharded DIR made by\n"
            "                   frana index --shards); local glass databases only, unless\n"
            "  --allow-remote   remote HOST:PORT lines (xapian-tcpsrv) may be opened, and\n"
            "  --allow-programs remote :PROG lines may run PROG (only for a stub you trust)\n"
            "  Query syntax: words, \"a phrase\", AND OR NOT (upper case), +word, -word,\n"
            "  (groups), title:word, title:\"a phrase\", date:2020-09-01..2020-09-30\n"
            "  (either side may be left open: date:2020-09-01.. or date:..2020-09-30).\n"
            "  --and / --or   how words without an operator combine (default --and)\n"
            "  --lang L       language of the query words (default: any)\n"
            "  --json         {\"query\":…,\"total\":N,\"results\":[…]}, one object per query\n"
            "  --batch FILE   one query per line ('-': stdin); prints per query\n"
            "                 query<TAB>total<TAB>id1,id2,… (or one JSON object with --json)\n");
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-' || !s[0])
        return -1;
    *out = (size_t)v;
    return 0;
}

/* --stub STUB, --allow-remote, --allow-programs: 1 when argv[*i] was one. */
static int stub_option(searcher *se, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--stub") == 0 && *i + 1 < argc) {
        se->db = argv[++*i];
        se->stub = 1;
    } else if (strcmp(a, "--allow-remote") == 0) {
        se->stub_flags |= FRANA_STUB_ALLOW_REMOTE;
    } else if (strcmp(a, "--allow-programs") == 0) {
        se->stub_flags |= FRANA_STUB_ALLOW_PROGRAMS;
    } else {
        return 0;
    }
    return 1;
}

static int open_db(searcher *se, const char *cmd)
{
    char *err = NULL;
    int rc = frana_analyzer_new(NULL, &se->a, &err);
    if (rc) {
        fprintf(stderr, "frana %s: %s\n", cmd, err ? err : frana_strerror(rc));
        frana_free(err);
        return -1;
    }
    rc = se->stub ? frana_db_reader_new_stub(se->a, se->db, se->stub_flags, &se->r, &err)
                  : frana_db_reader_new(se->a, se->db, &se->r, &err);
    if (rc) {
        if (rc == FRANA_ERR_DB_OPEN && se->stub)
            fprintf(stderr, "frana %s: %s\n", cmd, err ? err : frana_strerror(rc));
        else if (rc == FRANA_ERR_DB_OPEN)
            fprintf(stderr, "frana %s: %s: no database here (%s)\n", cmd, se->db,
                    err ? err : frana_strerror(rc));
        else
            fprintf(stderr, "frana %s: %s: %s\n", cmd, se->db, err ? err : frana_strerror(rc));
        frana_free(err);
        frana_analyzer_free(se->a);
        se->a = NULL;
        return -1;
    }
    return 0;
}

static void close_db(searcher *se)
{
    frana_db_reader_free(se->r);
    frana_analyzer_free(se->a);
}

static void print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (s) {
        puts(s);
        free(s);
    }
}

static json_t *results_json(const char *query, size_t qlen, const frana_db_results *res)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < frana_db_results_count(res); i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:f,s:i,s:s,s:s,s:s,s:s,s:s}", "rank", (json_int_t)h->rank,
                           "id", h->id, "score", h->weight, "percent", h->percent, "title",
                           h->title, "date", h->date, "url", h->url, "source", h->source,
                           "snippet", h->snippet));
    }
    return json_pack("{s:s%,s:I,s:o}", "query", query, qlen, "total",
                     (json_int_t)frana_db_results_total(res), "results", arr);
}

/* Prints text without tabs or newlines (one-line output formats). */
static void put_flat(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

/* Runs one query. Returns 0, or 1 after reporting an error. */
static int run_query(searcher *se, const char *q, size_t qlen, int batch_line)
{
    frana_db_results *res = NULL;
    int rc = frana_db_search(se->r, q, qlen, &se->opts, &res);
    if (rc) {
        const char *msg = frana_db_reader_errmsg(se->r);
        if (!msg[0])
            msg = frana_strerror(rc);
        fprintf(stderr, "frana search: %s\n", msg);
        if (se->json) {
            json_t *o = json_pack("{s:s%,s:s}", "query", q, qlen, "error", msg);
            if (o)
                print_json(o);
            json_decref(o);
        } else if (batch_line) {
            put_flat(q, qlen);
            printf("\terror\t%s\n", msg);
        }
        return 1;
    }
    if (se->json) {
        json_t *o = results_json(q, qlen, res);
        if (o)
            print_json(o);
        json_decref(o);
    } else if (batch_line) {
        put_flat(q, qlen);
        printf("\t%zu\t", frana_db_results_total(res));
        for (size_t i = 0; i < frana_db_results_count(res); i++)
            printf("%s%s", i ? "," : "", frana_db_results_hit(res, i)->id);
        putchar('\n');
    } else {
        size_t n = frana_db_results_count(res);
        size_t total = frana_db_results_total(res);
        printf("%zu result%s for \"%.*s\"", total, total == 1 ? "" : "s", (int)qlen, q);
        if (n)
            printf(" (%zu-%zu)", frana_db_results_hit(res, 0)->rank,
                   frana_db_results_hit(res, n - 1)->rank);
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            const frana_db_hit *h = frana_db_results_hit(res, i);
            printf("\n%3zu. %3d%%  %-10s  %s  [%s]\n", h->rank, h->percent,
                   h->date[0] ? h->date : "-", h->title[0] ? h->title : "(untitled)", h->id);
            printf("     %s\n", h->snippet);
        }
    }
    frana_db_results_free(res);
    return 0;
}

static int run_batch(searcher *se)
{
    FILE *f = strcmp(se->batch, "-") == 0 ? stdin : fopen(se->batch, "rb");
    if (!f) {
        fprintf(stderr, "frana search: %s: %s\n", se->batch, strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        status |= run_query(se, line, len, 1);
        fflush(stdout);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return status;
}

int cmd_search(int argc, char **argv)
{
    searcher se;
    memset(&se, 0, sizeof se);
    size_t qcap = 1, qlen = 0;
    for (int i = 1; i < argc; i++)
        qcap += strlen(argv[i]) + 1;
    char *query = malloc(qcap);
    if (!query)
        return 1;
    query[0] = 0;
    int words_only = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!words_only && a[0] == '-' && a[1] == '-') {
            if (strcmp(a, "--") == 0) {
                words_only = 1;
            } else if (strcmp(a, "--help") == 0) {
                usage(stdout);
                free(query);
                return 0;
            } else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
                se.db = argv[++i];
            } else if (stub_option(&se, argc, argv, &i)) {
                continue;
            } else if ((strcmp(a, "--limit") == 0 || strcmp(a, "--offset") == 0) && i + 1 < argc) {
                size_t *dst = a[2] == 'l' ? &se.opts.limit : &se.opts.offset;
                if (parse_size(argv[++i], dst) || (a[2] == 'l' && *dst == 0)) {
                    fprintf(stderr, "frana search: %s wants a %s number\n", a,
                            a[2] == 'l' ? "positive" : "non-negative");
                    free(query);
                    return 2;
                }
            } else if (strcmp(a, "--and") == 0) {
                se.opts.default_or = 0;
            } else if (strcmp(a, "--or") == 0) {
                se.opts.default_or = 1;
            } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
                se.opts.lang = argv[++i];
            } else if (strcmp(a, "--json") == 0) {
                se.json = 1;
            } else if (strcmp(a, "--batch") == 0 && i + 1 < argc) {
                se.batch = argv[++i];
            } else {
                fprintf(stderr, "frana search: unknown option '%s'\n", a);
                usage(stderr);
                free(query);
                return 2;
            }
            continue;
        }
        /* A query word ("-word" excludes: only long options start with "--"). */
        size_t n = strlen(a);
        if (qlen)
            query[qlen++] = ' ';
        memcpy(query + qlen, a, n);
        qlen += n;
        query[qlen] = 0;
    }
    if (!se.db || (se.stub_flags && !se.stub)) {
        usage(stderr);
        free(query);
        return 2;
    }
    if (!se.batch && qlen == 0) {
        fprintf(stderr, "frana search: nothing to search for: give a query\n");
        free(query);
        return 1;
    }
    if (!se.json && isatty(1)) {
        se.opts.hl_open = "\033[1m";
        se.opts.hl_close = "\033[0m";
    }
    if (open_db(&se, "search")) {
        free(query);
        return 1;
    }
    int status = se.batch ? run_batch(&se) : run_query(&se, query, qlen, 0);
    close_db(&se);
    free(query);
    return status;
}

static void print_info(const char *name, const frana_db_info *info)
{
    printf("%-22s %10zu articles %12zu terms %10.2f MB\n", name, info->articles,
           info->distinct_terms, (double)info->disk_bytes / 1e6);
}

/* frana stats --stub: each database of the stub alone, then the sums; names
 * the ones it cannot reach (and exits 1). Distinct terms of the whole are
 * those of the combined databases (a term in two shards counts once). */
static int stats_stub(searcher *se, int json)
{
    char **names = NULL, *err = NULL;
    size_t n = 0;
    int rc = frana_db_stub_names(se->db, se->stub_flags, &names, &n, &err);
    if (rc) {
        fprintf(stderr, "frana stats: %s\n", err ? err : frana_strerror(rc));
        frana_free(err);
        return 1;
    }
    rc = frana_analyzer_new(NULL, &se->a, &err);
    if (rc) {
        fprintf(stderr, "frana stats: %s\n", err ? err : frana_strerror(rc));
        frana_free(err);
        frana_db_stub_names_free(names, n);
        return 1;
    }
    frana_db_info sum = {0, 0, 0};
    size_t down = 0;
    json_t *parts = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        frana_db_reader *r = NULL;
        frana_db_info info;
        rc = frana_db_reader_new_stub_part(se->a, se->db, se->stub_flags, i, &r, &err);
        if (rc == 0 && frana_db_stats(r, &info) != 0) {
            rc = FRANA_ERR_DB;
            err = NULL;
            fprintf(stderr, "frana stats: %s: %s\n", names[i], frana_db_reader_errmsg(r));
        } else if (rc) {
            fprintf(stderr, "frana stats: %s: cannot reach it: %s\n", names[i],
                    err ? err : frana_strerror(rc));
        }
        frana_free(err);
        err = NULL;
        frana_db_reader_free(r);
        if (rc) {
            down++;
            if (parts)
                json_array_append_new(parts, json_pack("{s:s,s:b}", "name", names[i],
                                                       "reachable", 0));
            else
                printf("%-22s unreachable\n", names[i]);
            continue;
        }
        sum.articles += info.articles;
        sum.disk_bytes += info.disk_bytes;
        if (parts)
            json_array_append_new(
                parts, json_pack("{s:s,s:b,s:I,s:I,s:I}", "name", names[i], "reachable", 1,
                                 "articles", (json_int_t)info.articles, "distinct_terms",
                                 (json_int_t)info.distinct_terms, "disk_bytes",
                                 (json_int_t)info.disk_bytes));
        else
            print_info(names[i], &info);
    }
    /* distinct terms over the whole: from the databases combined */
    int whole = 0;
    if (down == 0 && frana_db_reader_new_stub(se->a, se->db, se->stub_flags, &se->r, &err) == 0) {
        frana_db_info all;
        if (frana_db_stats(se->r, &all) == 0) {
            sum.distinct_terms = all.distinct_terms;
            whole = 1;
        }
    }
    frana_free(err);
    if (parts) {
        json_t *o = json_pack("{s:I,s:I,s:o,s:o,s:I}", "articles", (json_int_t)sum.articles,
                              "disk_bytes", (json_int_t)sum.disk_bytes, "distinct_terms",
                              whole ? json_integer((json_int_t)sum.distinct_terms) : json_null(),
                              "databases", parts, "unreachable", (json_int_t)down);
        if (o)
            print_json(o);
        json_decref(o);
    } else {
        printf("%-22s %10zu articles %18s %10.2f MB%s\n", "total", sum.articles, "",
               (double)sum.disk_bytes / 1e6, sum.disk_bytes == 0 && n ? " (remote: sizes are the servers')" : "");
        if (whole)
            printf("distinct terms  %zu (over all %zu databases)\n", sum.distinct_terms, n);
        if (down)
            printf("unreachable     %zu of %zu databases: the totals leave them out\n", down, n);
    }
    frana_db_stub_names_free(names, n);
    close_db(se);
    return down ? 1 : 0;
}

int cmd_stats(int argc, char **argv)
{
    searcher se;
    memset(&se, 0, sizeof se);
    int json = 0;
    const char *use = "usage: frana stats (--db DIR | --stub STUB [--allow-remote] "
                      "[--allow-programs]) [--json]\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            se.db = argv[++i];
        } else if (stub_option(&se, argc, argv, &i)) {
            continue;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("%s  Articles, distinct terms and size on disk of a database; with --stub,\n"
                   "  of each database the stub lists, their sums, and those it cannot reach.\n",
                   use);
            return 0;
        } else {
            fprintf(stderr, "%s", use);
            return 2;
        }
    }
    if (!se.db || (se.stub_flags && !se.stub)) {
        fprintf(stderr, "%s", use);
        return 2;
    }
    if (se.stub)
        return stats_stub(&se, json);
    if (open_db(&se, "stats"))
        return 1;
    frana_db_info info;
    int rc = frana_db_stats(se.r, &info);
    if (rc) {
        fprintf(stderr, "frana stats: %s: %s\n", se.db, frana_db_reader_errmsg(se.r));
        close_db(&se);
        return 1;
    }
    if (json) {
        json_t *o = json_pack("{s:I,s:I,s:I}", "articles", (json_int_t)info.articles,
                              "distinct_terms", (json_int_t)info.distinct_terms, "disk_bytes",
                              (json_int_t)info.disk_bytes);
        if (o)
            print_json(o);
        json_decref(o);
    } else {
        printf("articles        %zu\n", info.articles);
        printf("distinct terms  %zu\n", info.distinct_terms);
        printf("size on disk    %.2f MB (%llu bytes)\n", (double)info.disk_bytes / 1e6,
               (unsigned long long)info.disk_bytes);
    }
    close_db(&se);
    return 0;
}
