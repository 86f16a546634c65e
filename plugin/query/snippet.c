/*
 * snippet.c — result sets and snippets.
 *
 * A snippet is computed from frana's own analysis, not Xapian's: the stored
 * body is analyzed again in index mode and every token whose terms meet the
 * query's terms is a match, so an accentless query ("election") highlights
 * the accented, elided word ("l’[élection]") at its exact byte offsets. The
 * window is the run of N words holding the most matches.
 */
#include "base.h"
#include "query.h"
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct facet_value {
    char *value;
    size_t len, count;
} facet_value;

typedef struct facet {
    facet_value *v;
    size_t n, cap;
} facet;

struct frana_db_results {
    size_t total, lower, upper;
    int exact;
    frana_db_hit *hits;
    size_t n, cap;
    facet facets[4]; /* year, month, lang, source */
};

frana_db_results *frana_results_new(size_t total)
{
    frana_db_results *r = calloc(1, sizeof *r);
    if (r) {
        r->total = r->lower = r->upper = total;
        r->exact = 1;
    }
    return r;
}

void frana_results_set_bounds(frana_db_results *res, int exact, size_t lower, size_t upper)
{
    res->exact = exact;
    res->lower = lower;
    res->upper = upper;
}

size_t frana_db_results_total(const frana_db_results *res)
{
    return res ? res->total : 0;
}

int frana_db_results_bounds(const frana_db_results *res, size_t *lower, size_t *upper)
{
    if (lower)
        *lower = res ? res->lower : 0;
    if (upper)
        *upper = res ? res->upper : 0;
    return res ? res->exact : 0;
}

static facet *facet_of(const frana_db_results *res, unsigned kind)
{
    int k = kind == FRANA_FACET_YEAR    ? 0
            : kind == FRANA_FACET_MONTH ? 1
            : kind == FRANA_FACET_LANG  ? 2
            : kind == FRANA_FACET_SOURCE ? 3
                                        : -1;
    return res && k >= 0 ? (facet *)&res->facets[k] : NULL;
}

int frana_results_add_facet(frana_db_results *res, unsigned kind, const char *value, size_t len,
                            size_t count)
{
    facet *f = facet_of(res, kind);
    if (!f)
        return FRANA_ERR_INVALID;
    facet_value *nv = frana_grow(f->v, &f->cap, f->n, sizeof *nv, 16);
    if (!nv)
        return FRANA_ERR_NOMEM;
    f->v = nv;
    char *d = malloc(len + 1);
    if (!d)
        return FRANA_ERR_NOMEM;
    memcpy(d, value, len);
    d[len] = 0;
    f->v[f->n].value = d;
    f->v[f->n].len = len;
    f->v[f->n++].count = count;
    return FRANA_OK;
}

size_t frana_db_results_facet_count(const frana_db_results *res, unsigned facet_kind)
{
    facet *f = facet_of(res, facet_kind);
    return f ? f->n : 0;
}

int frana_db_results_facet(const frana_db_results *res, unsigned facet_kind, size_t i,
                           const char **value, size_t *value_len, size_t *count)
{
    facet *f = facet_of(res, facet_kind);
    if (!f || i >= f->n)
        return FRANA_ERR_INVALID;
    if (value)
        *value = f->v[i].value;
    if (value_len)
        *value_len = f->v[i].len;
    if (count)
        *count = f->v[i].count;
    return FRANA_OK;
}

size_t frana_db_results_count(const frana_db_results *res)
{
    return res ? res->n : 0;
}

const frana_db_hit *frana_db_results_hit(const frana_db_results *res, size_t i)
{
    return res && i < res->n ? &res->hits[i] : NULL;
}

static void hit_free(frana_db_hit *h)
{
    free((char *)h->id);
    free((char *)h->title);
    free((char *)h->date);
    free((char *)h->url);
    free((char *)h->source);
    free((char *)h->lang);
    free((char *)h->snippet);
}

void frana_db_results_free(frana_db_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++)
        hit_free(&res->hits[i]);
    free(res->hits);
    for (int k = 0; k < 4; k++) {
        for (size_t i = 0; i < res->facets[k].n; i++)
            free(res->facets[k].v[i].value);
        free(res->facets[k].v);
    }
    free(res);
}

/* ---- snippets --------------------------------------------------------------- */

typedef struct stok {
    size_t start, end;
    int match;
} stok;

typedef struct scollect {
    const frana_termset_view *terms;
    stok *t;
    size_t n, cap;
} scollect;

static int snippet_token(void *ctx, const frana_token *tok)
{
    scollect *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        stok *nt = realloc(c->t, cap * sizeof *nt);
        if (!nt)
            return FRANA_ERR_NOMEM;
        c->t = nt;
        c->cap = cap;
    }
    int match = 0;
    for (size_t i = 0; i < tok->nterms && !match; i++)
        match = frana_termset_view_has(c->terms, tok->terms[i].text, tok->terms[i].len) ||
                (c->terms->nprefixes && tok->terms[i].kind == FRANA_TERM_WORD &&
                 frana_termset_view_has_prefix(c->terms, tok->terms[i].text, tok->terms[i].len));
    c->t[c->n].start = tok->start;
    c->t[c->n].end = tok->end;
    c->t[c->n].match = match;
    c->n++;
    return 0;
}

typedef struct out {
    char *b;
    size_t n, cap;
    int space; /* a space is pending */
} out;

static int out_put(out *o, const char *s, size_t len)
{
    if (o->n + len + 8 > o->cap) {
        size_t cap = (o->cap + len + 8) * 2;
        char *nb = realloc(o->b, cap);
        if (!nb)
            return FRANA_ERR_NOMEM;
        o->b = nb;
        o->cap = cap;
    }
    memcpy(o->b + o->n, s, len);
    o->n += len;
    o->b[o->n] = 0;
    return 0;
}

/* Byte length of a character at s[i] that a terminal or a reader could take
 * for something else: C1 controls (U+0080–U+009F, U+009B starts a terminal
 * sequence), bidi embeddings, overrides and isolates, line and paragraph
 * separators; 0 for any other character. */
static size_t hidden_char(const unsigned char *s, size_t len, size_t i)
{
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
        return 2;
    if (s[i] == 0xD8 && i + 1 < len && s[i + 1] == 0x9C) /* U+061C */
        return 2;
    if (s[i] == 0xE2 && i + 2 < len) {
        unsigned b = s[i + 1], c = s[i + 2];
        if (b == 0x80 && ((c >= 0x8E && c <= 0x8F) || (c >= 0xA8 && c <= 0xAE)))
            return 3; /* U+200E/F, U+2028–U+202E */
        if (b == 0x81 && c >= 0xA6 && c <= 0xA9)
            return 3; /* U+2066–U+2069 */
    }
    return 0;
}

/* Copies text with whitespace runs, control characters and hidden_char()s
 * made single spaces. */
static int out_text(out *o, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t hidden = c >= 0x80 ? hidden_char((const unsigned char *)s, len, i) : 0;
        if (c < 0x20 || c == ' ' || c == 0x7F || hidden) {
            if (i > run && out_put(o, s + run, i - run))
                return FRANA_ERR_NOMEM;
            if (!o->space && o->n > 0 && out_put(o, " ", 1))
                return FRANA_ERR_NOMEM;
            o->space = 1;
            if (hidden)
                i += hidden - 1;
            run = i + 1;
        } else {
            o->space = 0;
        }
    }
    if (len > run) {
        o->space = 0;
        return out_put(o, s + run, len - run);
    }
    return 0;
}

int frana_snippet(frana_snippet_ctx *ctx, const char *text, size_t len, const char *lang,
                  char **result)
{
    *result = NULL;
    scollect c = {ctx->terms, NULL, 0, 0};
    int rc = frana_analyze(ctx->s, text, len, lang, FRANA_MODE_INDEX, snippet_token, &c);
    if (rc) {
        free(c.t);
        return rc == FRANA_ERR_NOMEM ? rc : FRANA_ERR_INVALID;
    }
    size_t w = ctx->words ? ctx->words : 30;
    size_t best = 0, best_count = 0, count = 0;
    for (size_t i = 0; i < c.n; i++) {
        count += (size_t)c.t[i].match;
        if (i >= w)
            count -= (size_t)c.t[i - w].match;
        if (count > best_count) {
            best_count = count;
            best = i + 1 > w ? i + 1 - w : 0;
        }
    }
    size_t start = best, end = c.n < start + w ? c.n : start + w;
    if (best_count) {
        /* Leave a little context before the first match of the window. */
        size_t first = end, last = start;
        for (size_t i = start; i < end; i++)
            if (c.t[i].match) {
                if (first == end)
                    first = i;
                last = i;
            }
        size_t slack = w - (last - first + 1);
        size_t lead = slack < 4 ? slack : 4;
        start = first > lead ? first - lead : 0;
        end = c.n < start + w ? c.n : start + w;
        if (end - start < w)
            start = end > w ? end - w : 0;
    }
    out o = {NULL, 0, 0, 0};
    rc = out_put(&o, "", 0);
    if (!rc && c.n && start > 0)
        rc = out_put(&o, "… ", strlen("… "));
    size_t cursor = c.n ? c.t[start].start : 0;
    for (size_t i = start; !rc && i < end; i++) {
        rc = out_text(&o, text + cursor, c.t[i].start - cursor);
        const char *hl_open = ctx->hl_open ? ctx->hl_open : "[";
        const char *hl_close = ctx->hl_close ? ctx->hl_close : "]";
        if (!rc && c.t[i].match)
            rc = out_put(&o, hl_open, strlen(hl_open));
        if (!rc)
            rc = out_text(&o, text + c.t[i].start, c.t[i].end - c.t[i].start);
        if (!rc && c.t[i].match)
            rc = out_put(&o, hl_close, strlen(hl_close));
        cursor = c.t[i].end;
    }
    if (!rc && c.n && end == c.n) {
        /* The closing punctuation of the text. */
        size_t tail = len - cursor;
        rc = out_text(&o, text + cursor, tail);
        while (!rc && o.n && o.b[o.n - 1] == ' ')
            o.b[--o.n] = 0;
    } else if (!rc && c.n && end < c.n) {
        /* Punctuation right after the last word, then the cut mark. */
        size_t k = cursor;
        while (k < c.t[end].start && text[k] != ' ' && text[k] != '\n' && text[k] != '\t')
            k++;
        rc = out_text(&o, text + cursor, k - cursor);
        if (!rc)
            rc = out_put(&o, " …", strlen(" …"));
    }
    free(c.t);
    if (rc) {
        free(o.b);
        return rc;
    }
    *result = o.b;
    return FRANA_OK;
}

/* ---- hits ------------------------------------------------------------------- */

static char *dup_field(json_t *root, const char *name, size_t *lenp)
{
    json_t *v = json_object_get(root, name);
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    size_t len = json_is_string(v) ? json_string_length(v) : 0;
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    if (lenp)
        *lenp = len;
    return d;
}

/* The fields of a hit from its data parsed by jansson (data frana_data_scan
 * leaves to it); the body, when body is not NULL, borrowed from *rootp. */
static int hit_from_json(frana_db_hit *h, const char *data, size_t datalen, json_t **rootp,
                         const char **body, size_t *blen)
{
    json_error_t jerr;
    frana_json_track();
    unsigned long failed = frana_json_failures();
    json_t *root = json_loadb(data, datalen, JSON_ALLOW_NUL, &jerr);
    if (frana_json_failures() != failed) {
        /* Parsed or not, the fields may have lost bytes. */
        json_decref(root);
        return FRANA_ERR_NOMEM;
    }
    if (!root)
        root = json_object(); /* data not written by frana: a hit without fields */
    if (!root)
        return FRANA_ERR_NOMEM;
    *rootp = root;
    h->id = dup_field(root, "id", &h->id_len);
    h->title = dup_field(root, "title", &h->title_len);
    h->date = dup_field(root, "date", NULL);
    h->url = dup_field(root, "url", &h->url_len);
    h->source = dup_field(root, "source", &h->source_len);
    h->lang = dup_field(root, "lang", NULL);
    if (body) {
        json_t *b = json_object_get(root, "body");
        *body = json_is_string(b) ? json_string_value(b) : "";
        *blen = json_is_string(b) ? json_string_length(b) : 0;
    }
    return 0;
}

int frana_results_add(frana_db_results *res, frana_snippet_ctx *ctx, size_t rank, double weight,
                      int percent, const char *data, size_t datalen)
{
    frana_db_hit *nh = frana_grow(res->hits, &res->cap, res->n, sizeof *nh, 16);
    if (!nh)
        return FRANA_ERR_NOMEM;
    res->hits = nh;
    frana_db_hit h;
    memset(&h, 0, sizeof h);
    h.rank = rank;
    h.weight = weight;
    h.percent = percent;
    /* The fields straight from the stored bytes, without a JSON tree (the
     * body is only checked, not copied, when no snippet is asked for);
     * jansson for data the scan leaves to it. Both give the same fields. */
    frana_data_span f[FRANA_DATA_NFIELDS];
    json_t *root = NULL;
    const char *text = NULL;
    char *body_copy = NULL;
    size_t tlen = 0;
    int rc = 0;
    if (frana_data_scan(data, datalen, f)) {
        h.id = frana_data_span_dup(&f[FRANA_DATA_ID], &h.id_len);
        h.title = frana_data_span_dup(&f[FRANA_DATA_TITLE], &h.title_len);
        h.date = frana_data_span_dup(&f[FRANA_DATA_DATE], NULL);
        h.url = frana_data_span_dup(&f[FRANA_DATA_URL], &h.url_len);
        h.source = frana_data_span_dup(&f[FRANA_DATA_SOURCE], &h.source_len);
        h.lang = frana_data_span_dup(&f[FRANA_DATA_LANG], NULL);
        const frana_data_span *b = &f[FRANA_DATA_BODY];
        if (ctx && b->s && b->escaped) {
            body_copy = frana_data_span_dup(b, &tlen);
            text = body_copy;
            if (!body_copy)
                rc = FRANA_ERR_NOMEM;
        } else if (ctx) {
            text = b->s ? b->s : "";
            tlen = b->s ? b->len : 0;
        }
    } else {
        rc = hit_from_json(&h, data, datalen, &root, ctx ? &text : NULL, &tlen);
    }
    if (!rc)
        rc = (h.id && h.title && h.date && h.url && h.source && h.lang) ? 0 : FRANA_ERR_NOMEM;
    if (!rc && !ctx) {
        h.snippet = calloc(1, 1); /* no snippet asked for */
        rc = h.snippet ? 0 : FRANA_ERR_NOMEM;
    } else if (!rc) {
        if (tlen == 0) {
            text = h.title;
            tlen = strlen(h.title);
        }
        char *snip = NULL;
        rc = frana_snippet(ctx, text, tlen, h.lang[0] ? h.lang : NULL, &snip);
        h.snippet = snip;
    }
    free(body_copy);
    json_decref(root);
    if (rc) {
        hit_free(&h);
        return rc;
    }
    res->hits[res->n++] = h;
    return FRANA_OK;
}
