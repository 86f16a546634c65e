/*
 * buf.c — growable byte buffers (see base.h).
 */
#include "base.h"
#include "frana.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int frana_buf_reserve(frana_buf *b, size_t cap)
{
    if (cap <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < cap)
        ncap *= 2;
    char *p = realloc(b->data, ncap);
    if (!p)
        return FRANA_ERR_NOMEM;
    b->data = p;
    b->cap = ncap;
    return 0;
}

void *frana_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n < *cap)
        return v;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap < *cap || ncap > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(v, ncap * elem);
    if (p)
        *cap = ncap;
    return p;
}

void frana_buf_free(frana_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *frana_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

char *frana_strdup(const char *s)
{
    return frana_strndup(s, strlen(s));
}
