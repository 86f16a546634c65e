/*
 * dump.h — what the analysis tests compare: every token of an analysis
 * written out as text ("pos start end flags surface: kind:term …"), and a
 * whole file read into memory.
 */
#ifndef FRANA_TEST_DUMP_H
#define FRANA_TEST_DUMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "frana.h"

/* The dump: base.h's growable buffer, NUL-terminated after every put. */
typedef frana_buf dump;

/* Appends s[0..n) to d; 1 when memory runs out. */
static inline int put(dump *d, const char *s, size_t n)
{
    if (frana_buf_reserve(d, d->len + n + 1))
        return 1;
    memcpy(d->data + d->len, s, n);
    d->len += n;
    d->data[d->len] = 0;
    return 0;
}

/* A frana_token_fn: the token as one line of the dump `ctx`. */
static inline int on_token(void *ctx, const frana_token *t)
{
    dump *d = ctx;
    char head[96];
    int n = snprintf(head, sizeof head, "%u %zu %zu %x ", (unsigned)t->pos, t->start, t->end,
                     t->flags);
    if (put(d, head, (size_t)n) || put(d, t->surface, t->surface_len) || put(d, ":", 1))
        return 1;
    for (size_t i = 0; i < t->nterms; i++) {
        n = snprintf(head, sizeof head, " %d:", t->terms[i].kind);
        if (put(d, head, (size_t)n) || put(d, t->terms[i].text, t->terms[i].len))
            return 1;
    }
    return put(d, "\n", 1);
}

/* The file at `path`, NUL-terminated, its length in *len; NULL if it cannot
 * be read. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = 0;
        *len = (size_t)n;
    }
    return b;
}

#endif
