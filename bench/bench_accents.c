/*
 * bench_accents.c — accent-insensitive matching over Snowball's French
 * vocabulary (20,805 words).
 *
 *  (a) recall: for every word that carries an accent, does the accent-stripped
 *      word, as a query, match the word as a document word?
 *  (b) merges: the word pairs that Snowball stems apart but that match anyway
 *      (a query word's terms share one with a document word's terms), as a share
 *      of the vocabulary, next to naive stem-then-fold on the same words.
 *
 * "Match" is the contract of `frana analyze`: the query-mode terms of one word
 * share at least one entry with the index-mode terms of the other.
 *
 * usage: bench_accents [DATA_DIR]   (default ../shared/data; also accepts a
 *        folder holding french_voc.txt directly, such as tests/data/snowball)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frana.h"
#include "analysis.h"

#define MAXT 16

typedef struct word {
    char *text;
    char *stem;  /* Snowball stem */
    char *naive; /* fold(stem) */
    int accented;
    char *qterms[MAXT];
    int nq;
    char *iterms[MAXT];
    int ni;
} word;

typedef struct collect {
    char **terms;
    int *n;
} collect;

static int collect_terms(void *ctx, const frana_token *t)
{
    collect *c = ctx;
    for (size_t i = 0; i < t->nterms && *c->n < MAXT; i++)
        c->terms[(*c->n)++] = strndup(t->terms[i].text, t->terms[i].len);
    return 0;
}

/* A string-keyed multimap: term -> word indices. */
typedef struct entry {
    char *key;
    int *ids;
    int n, cap;
} entry;
typedef struct map {
    entry *e;
    size_t cap, used;
} map;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static entry *map_get(map *m, const char *k, int create)
{
    size_t i = hash(k) & (m->cap - 1);
    while (m->e[i].key) {
        if (strcmp(m->e[i].key, k) == 0)
            return &m->e[i];
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->e[i].key = strdup(k);
    m->used++;
    return &m->e[i];
}

static void map_add(map *m, const char *k, int id)
{
    entry *e = map_get(m, k, 1);
    if (e->n && e->ids[e->n - 1] == id)
        return;
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->ids = realloc(e->ids, (size_t)e->cap * sizeof *e->ids);
    }
    e->ids[e->n++] = id;
}

/* A set of unordered pairs. */
typedef struct pairset {
    uint64_t *slot;
    size_t cap, n;
} pairset;

static void pair_add(pairset *p, int a, int b)
{
    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    uint64_t key = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1;
    size_t i = (key * 11400714819323198485ull) & (p->cap - 1);
    while (p->slot[i]) {
        if (p->slot[i] == key)
            return;
        i = (i + 1) & (p->cap - 1);
    }
    p->slot[i] = key;
    p->n++;
}

static FILE *open_voc(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/snowball/pre2025_8a2cdaf/french_voc.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(path, sizeof path, "%s/french_voc.txt", dir);
        f = fopen(path, "r");
    }
    if (f)
        fprintf(stderr, "vocabulary: %s\n", path);
    return f;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data";
    FILE *f = open_voc(dir);
    if (!f) {
        fprintf(stderr, "bench_accents: no french_voc.txt under %s\n", dir);
        return 1;
    }
    frana_analyzer *a;
    char *err;
    if (frana_analyzer_new(NULL, &a, &err)) {
        fprintf(stderr, "bench_accents: %s\n", err);
        return 1;
    }
    frana_session *s = frana_session_new(a);
    frana_stemmers st = {0};
    frana_buf fb = {0};
    size_t n = 0, cap = 32768;
    word *w = calloc(cap, sizeof *w);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0])
            continue;
        if (n == cap)
            w = realloc(w, (cap *= 2) * sizeof *w);
        word *x = &w[n++];
        memset(x, 0, sizeof *x);
        x->text = strdup(line);
        const char *out;
        size_t olen;
        frana_stem(&st, "fr", line, strlen(line), &out, &olen);
        x->stem = strndup(out, olen);
        frana_fold(x->stem, olen, &fb);
        x->naive = strndup(fb.data, fb.len);
        x->accented = frana_fold(line, strlen(line), &fb) > 0;
        collect c = {x->iterms, &x->ni};
        frana_analyze(s, line, strlen(line), NULL, FRANA_MODE_INDEX, collect_terms, &c);
        collect q = {x->qterms, &x->nq};
        frana_analyze(s, line, strlen(line), NULL, FRANA_MODE_QUERY, collect_terms, &q);
    }
    fclose(f);

    /* (a) accent-stripped queries. */
    size_t accented = 0, found = 0, naive_found = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w[i].accented)
            continue;
        accented++;
        frana_fold(w[i].text, strlen(w[i].text), &fb);
        char *q = strndup(fb.data, fb.len);
        char *qt[MAXT];
        int nq = 0;
        collect c = {qt, &nq};
        frana_analyze(s, q, strlen(q), NULL, FRANA_MODE_QUERY, collect_terms, &c);
        int hit = 0;
        for (int k = 0; k < nq && !hit; k++)
            for (int j = 0; j < w[i].ni; j++)
                if (strcmp(qt[k], w[i].iterms[j]) == 0)
                    hit = 1;
        found += hit;
        const char *out;
        size_t olen;
        frana_stem(&st, "fr", q, strlen(q), &out, &olen);
        char *qs = strndup(out, olen);
        frana_fold(qs, strlen(qs), &fb);
        naive_found += strcmp(fb.data, w[i].naive) == 0;
        free(qs);
        for (int k = 0; k < nq; k++)
            free(qt[k]);
        free(q);
    }

    /* (b) pairs that Snowball keeps apart but that match. */
    map idx = {calloc(1 << 18, sizeof(entry)), 1 << 18, 0};
    map nv = {calloc(1 << 16, sizeof(entry)), 1 << 16, 0};
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < w[i].ni; j++)
            map_add(&idx, w[i].iterms[j], (int)i);
        map_add(&nv, w[i].naive, (int)i);
    }
    pairset fp = {calloc(1 << 22, sizeof(uint64_t)), 1 << 22, 0};
    pairset np = {calloc(1 << 22, sizeof(uint64_t)), 1 << 22, 0};
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < w[i].nq; k++) {
            entry *e = map_get(&idx, w[i].qterms[k], 0);
            for (int j = 0; e && j < e->n; j++) {
                int d = e->ids[j];
                if ((size_t)d != i && strcmp(w[i].stem, w[d].stem) != 0)
                    pair_add(&fp, (int)i, d);
            }
        }
        entry *e = map_get(&nv, w[i].naive, 0);
        for (int j = 0; e && j < e->n; j++) {
            int d = e->ids[j];
            if ((size_t)d != i && strcmp(w[i].stem, w[d].stem) != 0)
                pair_add(&np, (int)i, d);
        }
    }
    if (getenv("FRANA_BENCH_PAIRS")) { /* list the pairs frana merges and naive does not */
        for (size_t i = 0; i < fp.cap; i++) {
            if (!fp.slot[i])
                continue;
            uint64_t k = fp.slot[i] - 1;
            int x = (int)(k >> 32), y = (int)(uint32_t)k;
            if (strcmp(w[x].naive, w[y].naive) != 0)
                fprintf(stderr, "only frana: %s (%s) ~ %s (%s)\n", w[x].text, w[x].stem, w[y].text, w[y].stem);
        }
    }
    printf("vocabulary: %zu words, %zu with an accent\n\n", n, accented);
    printf("%-34s %12s %12s\n", "", "frana", "stem+fold");
    printf("%-34s %11.2f%% %11.2f%%\n", "(a) accentless query finds word", 100.0 * found / accented,
           100.0 * naive_found / accented);
    printf("%-34s %12zu %12zu\n", "(b) pairs Snowball keeps apart", fp.n, np.n);
    printf("%-34s %11.2f%% %11.2f%%\n", "    as a share of the vocabulary", 100.0 * fp.n / n,
           100.0 * np.n / n);
    printf("\nbar: (a) >= 99.5%%  (b) no higher than stem+fold: %s\n",
           (100.0 * found / accented >= 99.5 && fp.n <= np.n) ? "met" : "MISSED");
    frana_session_free(s);
    frana_analyzer_free(a);
    return 0;
}
