/*
 * bench_common.c — see bench_common.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const files[] = {
    "news/wmt_newstest_fr-en/news-test2008.fra", "news/wmt_newstest_fr-en/newstest2009.fra",
    "news/wmt_newstest_fr-en/newstest2010.fra",  "news/wmt_newstest_fr-en/newstest2011.fra",
    "news/wmt_newstest_fr-en/newstest2014.fra",  "news/wmt_newstest_fr-en/newssyscomb2009.fra",
    "news/wmt_newstest_fr-en/newsdiscusstest2015.fra",
    "news/wmt_newstest_multiway/newstest2012.fr", "news/wmt_newstest_multiway/newstest2013.fr",
    "news/flores200_devtest/fra_Latn.devtest",
};

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) {
        p[n] = 0;
        *len = (size_t)n;
    }
    return p;
}

int bench_corpus_load(const char *data_dir, size_t min_bytes, bench_corpus *out)
{
    memset(out, 0, sizeof *out);
    /* One pass: the unique text, split into articles of 20 lines. */
    size_t ucap = 1 << 22, ulen = 0;
    char *uniq = malloc(ucap);
    size_t acap = 1024, na = 0;
    size_t *aoff = malloc(acap * sizeof *aoff), *alen = malloc(acap * sizeof *alen);
    size_t nfiles = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, files[i]);
        size_t len;
        char *t = slurp(path, &len);
        if (!t)
            continue;
        nfiles++;
        size_t pos = 0, lines = 0, start = ulen;
        while (pos < len) {
            size_t eol = pos;
            while (eol < len && t[eol] != '\n')
                eol++;
            size_t need = ulen + (eol - pos) + 2;
            if (need > ucap) {
                while (need > ucap)
                    ucap *= 2;
                uniq = realloc(uniq, ucap);
            }
            memcpy(uniq + ulen, t + pos, eol - pos);
            ulen += eol - pos;
            uniq[ulen++] = '\n';
            out->nsentences_unique++;
            pos = eol + 1;
            if (++lines == 20 || pos >= len) {
                if (na == acap) {
                    acap *= 2;
                    aoff = realloc(aoff, acap * sizeof *aoff);
                    alen = realloc(alen, acap * sizeof *alen);
                }
                aoff[na] = start;
                alen[na] = ulen - start;
                na++;
                uniq[ulen++] = 0;
                start = ulen;
                lines = 0;
            }
        }
        free(t);
    }
    if (nfiles == 0 || na == 0) {
        fprintf(stderr, "bench: no French news under %s/news (pass the data folder)\n", data_dir);
        free(uniq);
        free(aoff);
        free(alen);
        return -1;
    }
    size_t ubytes = 0;
    for (size_t i = 0; i < na; i++)
        ubytes += alen[i];
    size_t reps = (min_bytes + ubytes - 1) / ubytes;
    if (reps == 0)
        reps = 1;
    out->text = malloc(ulen * reps);
    out->offsets = malloc(na * reps * sizeof *out->offsets);
    out->lengths = malloc(na * reps * sizeof *out->lengths);
    for (size_t r = 0; r < reps; r++) {
        memcpy(out->text + r * ulen, uniq, ulen);
        for (size_t i = 0; i < na; i++) {
            out->offsets[r * na + i] = r * ulen + aoff[i];
            out->lengths[r * na + i] = alen[i];
        }
    }
    out->narticles = na * reps;
    out->bytes = ubytes * reps;
    out->narticles_unique = na;
    out->bytes_unique = ubytes;
    free(uniq);
    free(aoff);
    free(alen);
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    free(c->text);
    free(c->offsets);
    free(c->lengths);
    memset(c, 0, sizeof *c);
}
