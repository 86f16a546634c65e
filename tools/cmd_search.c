/*
 * cmd_search.c — frana search and frana stats.
 *
 *   frana search --db DIR [options] QUERY...
 *   frana search --db DIR [options] --batch FILE      one query per line
 *   frana stats --db DIR [--json]
 *   --stub STUB [--allow-remote] [--allow-programs] instead of --db: the
 *   databases a stub lists (shards; remote ones only when allowed)
 *
 * Everything printed outside JSON goes through put_safe(): corpus text
 * never reaches a terminal or a line format raw (control characters, C1,
 * bidi controls and backslashes are escaped), and JSON strings are valid
 * UTF-8 (invalid bytes of a query become U+FFFD), so no output is dropped.
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

enum format { FMT_TEXT, FMT_JSON, FMT_JSONL, FMT_CSV, FMT_TSV };

/* Hit fields, in the order of --fields. */
enum field { F_RANK, F_ID, F_SCORE, F_PERCENT, F_DATE, F_LANG, F_SOURCE, F_TITLE, F_URL,
             F_SNIPPET, F_COUNT };
static const char *field_names[F_COUNT] = {"rank",  "id",    "score", "percent", "date",
                                           "lang",  "source", "title", "url",     "snippet"};

typedef struct searcher {
    const char *db;      /* --db, or --stub's path */
    int stub;            /* --stub */
    unsigned stub_flags; /* --allow-remote, --allow-programs */
    frana_search_options opts;
    enum format fmt;
    int format_set;
    int fields[F_COUNT];
    size_t nfields;
    const char *batch;
    int tty;
    char *filter; /* the filter options, in the query syntax */
    size_t filter_len, filter_cap;
    int first_record; /* json batch: no comma before the first */
    frana_analyzer *a;
    frana_db_reader *r;
} searcher;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: frana search --db DIR [options] QUERY...\n"
            "       frana search --db DIR [options] --batch FILE   (one query per line, '-': stdin)\n"
            "       frana search --stub STUB [--allow-remote] [--allow-programs] [options] ...\n"
            "  --stub STUB      search the databases a stub file lists (a sharded DIR made by\n"
            "                   frana index --shards); local glass databases only, unless\n"
            "  --allow-remote   remote HOST:PORT lines (xapian-tcpsrv) may be opened, and\n"
            "  --allow-programs remote :PROG lines may run PROG (only for a stub you trust)\n"
            "  Query syntax (Xapian's): words, \"a phrase\" (also « », “ ”, „ “, ‹ ›),\n"
            "  AND OR XOR NOT (upper case), NEAR NEAR/n ADJ ADJ/n, +word -word, (groups),\n"
            "  elect* (trailing wildcard), title:word, lang:fr, source:NAME, id:ID,\n"
            "  date:2020, date:2020-09, date:2020-09-14 and ranges (date:2020-09..2021).\n"
            "  --and / --or        how words without an operator combine (default --and)\n"
            "  --lang L            language of the query words (default: any)\n"
            "  --limit N           hits to show (default 10; 0: the count only)\n"
            "  --offset N          hits to skip\n"
            "  --count             the count only (exact)\n"
            "  --estimate          Xapian's estimate with its bounds instead of an exact count\n"
            "  --sort relevance|date|-date\n"
            "  --facet year|month|lang|source   exact counts over all matches (repeatable)\n"
            "  --filter FIELD:VALUE, --date D, --source S, --id ID, --in-lang L   filters\n"
            "  --format text|json|jsonl|csv|tsv (--json: jsonl)\n"
            "  --fields a,b,...    of rank,id,score,percent,date,lang,source,title,url,snippet\n"
            "  --no-snippets       no snippets (not computed)\n"
            "  --wildcard-max N    words a trailing wildcard may match (default 1000)\n"
            "  A batch prints one record per input line (jsonl, json array, text: one line\n"
            "  LINE<TAB>QUERY<TAB>TOTAL<TAB>ids); csv/tsv print one row per hit, and one row\n"
            "  for a line without hit or with an error, each with the line number.\n");
}

/* A number in [0, FRANA_SEARCH_MAX]; -1 otherwise. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-' || s[0] == '+' || !s[0] || v > FRANA_SEARCH_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* ---- safe output --------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (1 to 4) and its code point, or 0 when
 * the bytes there are not valid UTF-8. */
static size_t utf8_at(const unsigned char *s, size_t len, unsigned *cp)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                        : c >= 0xF0 && c <= 0xF4     ? 4
                                                     : 0;
    if (n == 0 || n > len)
        return 0;
    unsigned v = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Where put_safe() writes: stdout unless set (error messages go to stderr). */
static FILE *safe_out;

/* Prints s[0..len) escaped (escape.c); csv also quotes a field holding , or ". */
static void put_safe(const char *s, size_t len, enum format fmt)
{
    fput_field(safe_out ? safe_out : stdout, s, len, fmt == FMT_CSV);
}

static void put_safe_str(const char *s, enum format fmt)
{
    put_safe(s, strlen(s), fmt);
}

/* A JSON string of s[0..len) that is valid UTF-8: invalid bytes become U+FFFD. */
static json_t *json_str(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = utf8_at((const unsigned char *)s + i, len - i, &cp);
        if (k == 0) {
            memcpy(fixed + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        } else {
            memcpy(fixed + n, s + i, k);
            n += k;
            i += k;
        }
    }
    j = json_stringn(fixed, n);
    free(fixed);
    return j;
}

/* Sets o[key] to a new value; returns -1 when it could not be made. */
static int jset(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

/* Prints a JSON value on one line; when it cannot be printed (memory), a
 * minimal record of the line, so that no line goes missing. */
static void print_json(json_t *o, size_t line)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (s) {
        fputs(s, stdout);
        free(s);
    } else {
        printf("{\"line\":%zu,\"error\":\"out of memory while printing the result\"}", line);
    }
}

/* ---- database ------------------------------------------------------------ */

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
        fprintf(stderr, "frana %s: ", cmd);
        safe_out = stderr;
        if (!se->stub)
            put_safe_str(se->db, FMT_TEXT);
        safe_out = NULL;
        fprintf(stderr,
                se->stub                 ? "%s\n"
                : rc == FRANA_ERR_DB_OPEN ? ": no database here (%s)\n"
                                          : ": %s\n",
                err ? err : frana_strerror(rc));
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

/* ---- records --------------------------------------------------------------- */

static const struct {
    unsigned bit;
    const char *name;
} facet_names[] = {{FRANA_FACET_YEAR, "year"},
                   {FRANA_FACET_MONTH, "month"},
                   {FRANA_FACET_LANG, "lang"},
                   {FRANA_FACET_SOURCE, "source"}};

static json_t *hit_json(const searcher *se, const frana_db_hit *h)
{
    json_t *o = json_object();
    int bad = !o;
    for (size_t k = 0; !bad && k < se->nfields; k++) {
        json_t *v = NULL;
        switch (se->fields[k]) {
        case F_RANK: v = json_integer((json_int_t)h->rank); break;
        case F_ID: v = json_str(h->id, h->id_len); break;
        case F_SCORE: v = json_real(h->weight); break;
        case F_PERCENT: v = json_integer(h->percent); break;
        case F_DATE: v = json_string(h->date); break;
        case F_LANG: v = json_string(h->lang); break;
        case F_SOURCE: v = json_str(h->source, h->source_len); break;
        case F_TITLE: v = json_str(h->title, h->title_len); break;
        case F_URL: v = json_str(h->url, h->url_len); break;
        case F_SNIPPET: v = json_string(h->snippet); break;
        }
        bad = jset(o, field_names[se->fields[k]], v);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The JSON record of one query: its results, or its error. */
static json_t *record_json(const searcher *se, size_t line, const char *q, size_t qlen,
                           const frana_db_results *res, const char *error)
{
    json_t *o = json_object();
    int bad = !o;
    if (!bad && se->batch)
        bad = jset(o, "line", json_integer((json_int_t)line));
    if (!bad)
        bad = jset(o, "query", json_str(q, qlen));
    if (!bad && error) {
        bad = jset(o, "error", json_str(error, strlen(error)));
    } else if (!bad) {
        size_t lo, hi;
        int exact = frana_db_results_bounds(res, &lo, &hi);
        bad = jset(o, "total", json_integer((json_int_t)frana_db_results_total(res))) ||
              jset(o, "exact", json_boolean(exact));
        if (!bad && !exact)
            bad = jset(o, "lower", json_integer((json_int_t)lo)) ||
                  jset(o, "upper", json_integer((json_int_t)hi));
        if (!bad && !se->opts.count_only) {
            json_t *arr = json_array();
            bad = jset(o, "results", arr);
            for (size_t i = 0; !bad && i < frana_db_results_count(res); i++) {
                json_t *h = hit_json(se, frana_db_results_hit(res, i));
                bad = !h || json_array_append_new(arr, h);
            }
        }
        if (!bad && se->opts.facets) {
            json_t *facets = json_object();
            bad = jset(o, "facets", facets);
            for (size_t f = 0; !bad && f < 4; f++) {
                if (!(se->opts.facets & facet_names[f].bit))
                    continue;
                json_t *arr = json_array();
                bad = jset(facets, facet_names[f].name, arr);
                for (size_t i = 0; !bad && i < frana_db_results_facet_count(res, facet_names[f].bit);
                     i++) {
                    const char *v;
                    size_t vlen, count;
                    frana_db_results_facet(res, facet_names[f].bit, i, &v, &vlen, &count);
                    json_t *e = json_object();
                    bad = !e || json_array_append_new(arr, e) || jset(e, "value", json_str(v, vlen)) ||
                          jset(e, "count", json_integer((json_int_t)count));
                }
            }
        }
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void put_hit_field(const searcher *se, const frana_db_hit *h, int f)
{
    switch (f) {
    case F_RANK: printf("%zu", h->rank); break;
    case F_ID: put_safe(h->id, h->id_len, se->fmt); break;
    case F_SCORE: printf("%.6f", h->weight); break;
    case F_PERCENT: printf("%d", h->percent); break;
    case F_DATE: put_safe_str(h->date, se->fmt); break;
    case F_LANG: put_safe_str(h->lang, se->fmt); break;
    case F_SOURCE: put_safe(h->source, h->source_len, se->fmt); break;
    case F_TITLE: put_safe(h->title, h->title_len, se->fmt); break;
    case F_URL: put_safe(h->url, h->url_len, se->fmt); break;
    case F_SNIPPET: put_safe_str(h->snippet, se->fmt); break;
    }
}

static void csv_header(const searcher *se)
{
    char sep = se->fmt == FMT_CSV ? ',' : '\t';
    printf("line%cquery%ctotal", sep, sep);
    for (size_t k = 0; k < se->nfields; k++)
        printf("%c%s", sep, field_names[se->fields[k]]);
    printf("%cerror\n", sep);
}

/* csv/tsv: one row per hit, or one row for a query without hit or in error. */
static void csv_rows(const searcher *se, size_t line, const char *q, size_t qlen,
                     const frana_db_results *res, const char *error)
{
    char sep = se->fmt == FMT_CSV ? ',' : '\t';
    size_t n = res ? frana_db_results_count(res) : 0;
    for (size_t i = 0; i < (n ? n : 1); i++) {
        printf("%zu%c", line, sep);
        put_safe(q, qlen, se->fmt);
        putchar(sep);
        if (res)
            printf("%zu", frana_db_results_total(res));
        for (size_t k = 0; k < se->nfields; k++) {
            putchar(sep);
            if (n)
                put_hit_field(se, frana_db_results_hit(res, i), se->fields[k]);
        }
        putchar(sep);
        if (error)
            put_safe_str(error, se->fmt);
        putchar('\n');
    }
}

static void print_total(const frana_db_results *res)
{
    size_t lo, hi, total = frana_db_results_total(res);
    if (frana_db_results_bounds(res, &lo, &hi))
        printf("%zu result%s", total, total == 1 ? "" : "s");
    else
        printf("about %zu results (estimate: between %zu and %zu)", total, lo, hi);
}

static void text_facets(const searcher *se, const frana_db_results *res)
{
    for (size_t f = 0; f < 4; f++) {
        if (!(se->opts.facets & facet_names[f].bit))
            continue;
        printf("\n%s (exact, over every match):\n", facet_names[f].name);
        for (size_t i = 0; i < frana_db_results_facet_count(res, facet_names[f].bit); i++) {
            const char *v;
            size_t vlen, count;
            frana_db_results_facet(res, facet_names[f].bit, i, &v, &vlen, &count);
            printf("  %8zu  ", count);
            put_safe(v, vlen, FMT_TEXT);
            putchar('\n');
        }
    }
}

static void text_result(const searcher *se, const char *q, size_t qlen, const frana_db_results *res)
{
    if (se->opts.count_only && !se->opts.facets) {
        printf("%zu\n", frana_db_results_total(res));
        return;
    }
    size_t n = frana_db_results_count(res);
    print_total(res);
    fputs(" for \"", stdout);
    put_safe(q, qlen, FMT_TEXT);
    putchar('"');
    if (n)
        printf(" (%zu-%zu)", frana_db_results_hit(res, 0)->rank,
               frana_db_results_hit(res, n - 1)->rank);
    printf("\n");
    for (size_t i = 0; i < n; i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        printf("\n%3zu. %3d%%  %-10s  ", h->rank, h->percent, h->date[0] ? h->date : "-");
        if (h->title_len)
            put_safe(h->title, h->title_len, FMT_TEXT);
        else
            fputs("(untitled)", stdout);
        fputs("  [", stdout);
        put_safe(h->id, h->id_len, FMT_TEXT);
        fputs("]\n", stdout);
        if (!se->opts.no_snippets) {
            fputs("     ", stdout);
            /* The library made control and bidi characters spaces; on a
             * terminal the snippet holds the highlight sequences it was given. */
            if (se->tty)
                fputs(h->snippet, stdout);
            else
                put_safe_str(h->snippet, FMT_TEXT);
            putchar('\n');
        }
    }
    text_facets(se, res);
}

/* One line of a text batch: LINE<TAB>QUERY<TAB>TOTAL<TAB>id,id,… (ids escaped,
 * commas in them as \x2C). */
static void text_batch_line(size_t line, const char *q, size_t qlen, const frana_db_results *res,
                            const char *error)
{
    printf("%zu\t", line);
    put_safe(q, qlen, FMT_TSV);
    if (error) {
        fputs("\terror\t", stdout);
        put_safe_str(error, FMT_TSV);
        putchar('\n');
        return;
    }
    printf("\t%zu\t", frana_db_results_total(res));
    for (size_t i = 0; i < frana_db_results_count(res); i++) {
        const frana_db_hit *h = frana_db_results_hit(res, i);
        if (i)
            putchar(',');
        size_t from = 0;
        for (size_t k = 0; k <= h->id_len; k++)
            if (k == h->id_len || h->id[k] == ',') {
                put_safe(h->id + from, k - from, FMT_TSV);
                if (k < h->id_len)
                    fputs("\\x2C", stdout);
                from = k + 1;
            }
    }
    putchar('\n');
}

/* Prints one query's record in the chosen format. */
static void emit(searcher *se, size_t line, const char *q, size_t qlen, const frana_db_results *res,
                 const char *error)
{
    switch (se->fmt) {
    case FMT_JSON:
    case FMT_JSONL: {
        if (se->fmt == FMT_JSON && se->batch)
            fputs(se->first_record ? "[\n" : ",\n", stdout);
        se->first_record = 0;
        json_t *o = record_json(se, line, q, qlen, res, error);
        print_json(o, line);
        json_decref(o);
        if (se->fmt == FMT_JSONL || !se->batch)
            putchar('\n');
        break;
    }
    case FMT_CSV:
    case FMT_TSV:
        csv_rows(se, line, q, qlen, res, error);
        break;
    case FMT_TEXT:
        if (se->batch)
            text_batch_line(line, q, qlen, res, error);
        else if (!error)
            text_result(se, q, qlen, res);
        break;
    }
}

/* Runs one query. Returns 0, or 1 after reporting an error. */
static int run_query(searcher *se, const char *q, size_t qlen, size_t line)
{
    frana_db_results *res = NULL;
    int rc = frana_db_search(se->r, q, qlen, &se->opts, &res);
    if (rc) {
        const char *msg = frana_db_reader_errmsg(se->r);
        if (!msg[0])
            msg = frana_strerror(rc);
        fflush(stdout);
        if (se->batch)
            fprintf(stderr, "frana search: line %zu: ", line);
        else
            fputs("frana search: ", stderr);
        fflush(stderr);
        /* The message may quote the query: escaped like everything else. */
        safe_out = stderr;
        put_safe_str(msg, FMT_TEXT);
        safe_out = NULL;
        fputc('\n', stderr);
        emit(se, line, q, qlen, NULL, msg);
        return 1;
    }
    emit(se, line, q, qlen, res, NULL);
    frana_db_results_free(res);
    return 0;
}

static int run_batch(searcher *se)
{
    FILE *f = strcmp(se->batch, "-") == 0 ? stdin : fopen(se->batch, "rb");
    if (!f) {
        fprintf(stderr, "frana search: ");
        safe_out = stderr;
        put_safe_str(se->batch, FMT_TEXT);
        safe_out = NULL;
        fprintf(stderr, ": %s\n", strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int status = 0;
    se->first_record = 1;
    int read_errno = 0;
    for (;;) {
        /* getline's -1 is the end of the file, or a failure that sets errno
         * (a line it could not allocate sets no error flag on f). */
        errno = 0;
        if ((n = getline(&line, &cap, f)) < 0) {
            read_errno = errno;
            break;
        }
        size_t len = (size_t)n;
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            emit(se, lineno, line, 0, NULL, "empty line"); /* kept, so lines stay in step */
        else
            status |= run_query(se, line, len, lineno);
        fflush(stdout);
    }
    if (se->fmt == FMT_JSON)
        fputs(se->first_record ? "[]\n" : "\n]\n", stdout);
    free(line);
    if (ferror(f) || read_errno) {
        fprintf(stderr, "frana search: reading queries after line %zu: %s\n", lineno,
                strerror(read_errno ? read_errno : errno));
        status = 1;
    }
    if (f != stdin)
        fclose(f);
    return status;
}

/* ---- options ---------------------------------------------------------------- */

/* Appends " FIELD:VALUE" (the value quoted when it holds a space) to the filters. */
static int add_filter(searcher *se, const char *field, const char *value)
{
    size_t need = se->filter_len + strlen(field) + strlen(value) + 8;
    if (strchr(value, '"')) {
        fprintf(stderr, "frana search: --%s: a value with '\"' cannot be a filter\n",
                field[0] ? field : "filter");
        return -1;
    }
    if (need > se->filter_cap) {
        char *nf = realloc(se->filter, need * 2);
        if (!nf)
            return -1;
        se->filter = nf;
        se->filter_cap = need * 2;
    }
    int quote = field[0] && strpbrk(value, " \t") != NULL;
    se->filter_len += (size_t)snprintf(se->filter + se->filter_len, se->filter_cap - se->filter_len,
                                       "%s%s%s%s%s%s", se->filter_len ? " " : "", field,
                                       field[0] ? ":" : "", quote ? "\"" : "", value,
                                       quote ? "\"" : "");
    return 0;
}

static int parse_fields(searcher *se, const char *list)
{
    se->nfields = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        int f = -1;
        for (int k = 0; k < F_COUNT; k++)
            if (strlen(field_names[k]) == n && strncmp(p, field_names[k], n) == 0)
                f = k;
        if (f < 0 || se->nfields == F_COUNT) {
            fprintf(stderr, "frana search: --fields: unknown field '%.*s' (rank, id, score, "
                            "percent, date, lang, source, title, url, snippet)\n",
                    (int)(n > 40 ? 40 : n), p);
            return -1;
        }
        se->fields[se->nfields++] = f;
        p += n;
        if (*p == ',')
            p++;
    }
    return se->nfields ? 0 : -1;
}

static int has_field(const searcher *se, int f)
{
    for (size_t k = 0; k < se->nfields; k++)
        if (se->fields[k] == f)
            return 1;
    return 0;
}

int cmd_search(int argc, char **argv)
{
    searcher se;
    memset(&se, 0, sizeof se);
    se.opts.size = sizeof se.opts;
    size_t qcap = 1, qlen = 0;
    for (int i = 1; i < argc; i++)
        qcap += strlen(argv[i]) + 1;
    char *query = malloc(qcap);
    if (!query)
        return 1;
    query[0] = 0;
    int words_only = 0, status = 2, fields_set = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!words_only && a[0] == '-' && a[1] == '-') {
            const char *v = i + 1 < argc ? argv[i + 1] : NULL;
            if (strcmp(a, "--") == 0) {
                words_only = 1;
                continue;
            } else if (strcmp(a, "--help") == 0) {
                usage(stdout);
                status = 0;
                goto out;
            } else if (strcmp(a, "--and") == 0) {
                se.opts.default_or = 0;
                continue;
            } else if (strcmp(a, "--or") == 0) {
                se.opts.default_or = 1;
                continue;
            } else if (strcmp(a, "--json") == 0) {
                se.fmt = FMT_JSONL;
                se.format_set = 1;
                continue;
            } else if (strcmp(a, "--count") == 0) {
                se.opts.count_only = 1;
                continue;
            } else if (strcmp(a, "--estimate") == 0) {
                se.opts.estimate = 1;
                continue;
            } else if (strcmp(a, "--no-snippets") == 0) {
                se.opts.no_snippets = 1;
                continue;
            } else if (stub_option(&se, argc, argv, &i)) {
                continue;
            }
            if (!v) {
                fprintf(stderr, "frana search: %s wants a value\n", a);
                goto out;
            }
            i++;
            if (strcmp(a, "--db") == 0) {
                se.db = v;
            } else if (strcmp(a, "--limit") == 0 || strcmp(a, "--offset") == 0) {
                size_t *dst = a[2] == 'l' ? &se.opts.limit : &se.opts.offset;
                if (parse_size(v, dst)) {
                    fprintf(stderr, "frana search: %s wants a number from 0 to %u\n", a,
                            FRANA_SEARCH_MAX);
                    goto out;
                }
                if (a[2] == 'l' && *dst == 0)
                    se.opts.count_only = 1;
            } else if (strcmp(a, "--wildcard-max") == 0) {
                if (parse_size(v, &se.opts.wildcard_max) || se.opts.wildcard_max == 0) {
                    fprintf(stderr, "frana search: --wildcard-max wants a positive number\n");
                    goto out;
                }
            } else if (strcmp(a, "--lang") == 0) {
                se.opts.lang = v;
            } else if (strcmp(a, "--batch") == 0) {
                se.batch = v;
            } else if (strcmp(a, "--sort") == 0) {
                if (strcmp(v, "relevance") == 0)
                    se.opts.sort = FRANA_SORT_RELEVANCE;
                else if (strcmp(v, "date") == 0)
                    se.opts.sort = FRANA_SORT_DATE;
                else if (strcmp(v, "-date") == 0)
                    se.opts.sort = FRANA_SORT_DATE_DESC;
                else {
                    fprintf(stderr, "frana search: --sort wants relevance, date or -date\n");
                    goto out;
                }
            } else if (strcmp(a, "--facet") == 0) {
                const char *p = v;
                while (*p) {
                    size_t n = strcspn(p, ","), f;
                    for (f = 0; f < 4; f++)
                        if (strlen(facet_names[f].name) == n &&
                            strncmp(p, facet_names[f].name, n) == 0)
                            break;
                    if (f == 4) {
                        fprintf(stderr, "frana search: --facet wants year, month, lang or source\n");
                        goto out;
                    }
                    se.opts.facets |= facet_names[f].bit;
                    p += n + (p[n] == ',');
                }
            } else if (strcmp(a, "--format") == 0) {
                static const char *names[] = {"text", "json", "jsonl", "csv", "tsv"};
                size_t f;
                for (f = 0; f < 5 && strcmp(v, names[f]) != 0; f++)
                    ;
                if (f == 5) {
                    fprintf(stderr, "frana search: --format wants text, json, jsonl, csv or tsv\n");
                    goto out;
                }
                se.fmt = (enum format)f;
                se.format_set = 1;
            } else if (strcmp(a, "--fields") == 0) {
                if (parse_fields(&se, v))
                    goto out;
                fields_set = 1;
            } else if (strcmp(a, "--filter") == 0 || strcmp(a, "--date") == 0 ||
                       strcmp(a, "--source") == 0 || strcmp(a, "--id") == 0 ||
                       strcmp(a, "--in-lang") == 0) {
                const char *field = strcmp(a, "--filter") == 0    ? ""
                                    : strcmp(a, "--in-lang") == 0 ? "lang"
                                                                  : a + 2;
                if (add_filter(&se, field, v))
                    goto out;
            } else {
                fprintf(stderr, "frana search: unknown option '%s'\n", a);
                usage(stderr);
                goto out;
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
        goto out;
    }
    status = 1;
    if (!se.batch && qlen == 0) {
        fprintf(stderr, "frana search: nothing to search for: give a query\n");
        goto out;
    }
    if (!se.format_set && se.batch)
        se.fmt = FMT_TEXT; /* one line per query */
    if (!fields_set) {
        static const int def_json[] = {F_RANK, F_ID, F_SCORE, F_PERCENT, F_TITLE, F_DATE,
                                       F_URL, F_SOURCE, F_LANG, F_SNIPPET};
        static const int def_csv[] = {F_RANK, F_ID, F_SCORE, F_DATE, F_TITLE};
        int csv = se.fmt == FMT_CSV || se.fmt == FMT_TSV;
        const int *d = csv ? def_csv : def_json;
        se.nfields = csv ? 5 : 10;
        memcpy(se.fields, d, se.nfields * sizeof *d);
    }
    /* Compute only what is printed. */
    if (se.fmt != FMT_TEXT && !has_field(&se, F_SNIPPET))
        se.opts.no_snippets = 1;
    if (se.fmt == FMT_TEXT && se.batch)
        se.opts.no_snippets = 1;
    /* Only rank, score and percent shown: no document is read. */
    if (se.fmt != FMT_TEXT && !has_field(&se, F_ID) && !has_field(&se, F_DATE) &&
        !has_field(&se, F_LANG) && !has_field(&se, F_SOURCE) && !has_field(&se, F_TITLE) &&
        !has_field(&se, F_URL) && !has_field(&se, F_SNIPPET))
        se.opts.no_fields = 1;
    if ((se.fmt == FMT_CSV || se.fmt == FMT_TSV || (se.fmt == FMT_TEXT && se.batch)) &&
        se.opts.facets) {
        fprintf(stderr, "frana search: --facet goes with --format text (one query) or json\n");
        goto out;
    }
    se.opts.filter = se.filter;
    se.opts.filter_len = se.filter_len;
    se.tty = se.fmt == FMT_TEXT && isatty(1);
    if (se.tty) {
        se.opts.hl_open = "\033[1m";
        se.opts.hl_close = "\033[0m";
    }
    if (open_db(&se, "search"))
        goto out;
    if (se.fmt == FMT_CSV || se.fmt == FMT_TSV)
        csv_header(&se);
    status = se.batch ? run_batch(&se) : run_query(&se, query, qlen, 1);
    close_db(&se);
out:
    free(se.filter);
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
        print_json(o, 0);
        putchar('\n');
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
        print_json(o, 0);
        putchar('\n');
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
