/*
 * stopwords.c — an immutable stopword set, read from a list in Snowball's
 * format (the first word of each line; '|' starts a comment). Words are stored
 * case-folded and accent-folded, so "même", "meme" and "MÊME" all match.
 */
#include "analysis.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct frana_stopwords {
    char *blob;       /* the folded words, NUL-separated */
    uint32_t *slots;  /* open addressing: offset+1 into blob, 0 = empty */
    size_t nslots;    /* a power of two */
    size_t count;
};

static int lookup(const frana_stopwords *sw, const char *w, size_t len, size_t *slot)
{
    size_t mask = sw->nslots - 1;
    size_t i = frana_hash(w, len) & mask;
    for (;;) {
        uint32_t v = sw->slots[i];
        if (v == 0) {
            *slot = i;
            return 0;
        }
        const char *cand = sw->blob + v - 1;
        if (strncmp(cand, w, len) == 0 && cand[len] == 0)
            return 1;
        i = (i + 1) & mask;
    }
}

int frana_stopwords_has(const frana_stopwords *sw, const char *folded, size_t len)
{
    size_t slot;
    return sw && sw->count && lookup(sw, folded, len, &slot);
}

size_t frana_stopwords_count(const frana_stopwords *sw)
{
    return sw ? sw->count : 0;
}

void frana_stopwords_free(frana_stopwords *sw)
{
    if (!sw)
        return;
    free(sw->blob);
    free(sw->slots);
    free(sw);
}

int frana_stopwords_parse(const char *text, size_t len, frana_stopwords **out, char **errmsg)
{
    frana_stopwords *sw = calloc(1, sizeof *sw);
    frana_buf norm = {0}, fold = {0};
    int32_t *scratch = NULL;
    size_t scratch_cap = 0;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (sw) {
        sw->nslots = 16;
        while (sw->nslots < lines * 2)
            sw->nslots *= 2;
        sw->slots = calloc(sw->nslots, sizeof *sw->slots);
        sw->blob = malloc(len * 2 + 1);
    }
    if (!sw || !sw->slots || !sw->blob) {
        frana_stopwords_free(sw);
        if (errmsg)
            *errmsg = frana_strdup("out of memory reading stopwords");
        return FRANA_ERR_NOMEM;
    }
    size_t used = 0, pos = 0;
    int rc = 0;
    while (pos < len && rc == 0) {
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        size_t a = pos;
        while (a < eol && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
            a++;
        size_t b = a;
        while (b < eol && text[b] != ' ' && text[b] != '\t' && text[b] != '\r' && text[b] != '|')
            b++;
        pos = eol + 1;
        if (b == a)
            continue;
        rc = frana_normalize(text + a, b - a, &norm, &scratch, &scratch_cap);
        if (rc)
            break;
        if (frana_fold(norm.data, norm.len, &fold) < 0) {
            rc = FRANA_ERR_NOMEM;
            break;
        }
        size_t slot;
        if (lookup(sw, fold.data, fold.len, &slot))
            continue;
        if (used + fold.len + 1 > len * 2 + 1)
            continue; /* cannot happen: folding at most doubles a word */
        memcpy(sw->blob + used, fold.data, fold.len);
        sw->blob[used + fold.len] = 0;
        sw->slots[slot] = (uint32_t)used + 1;
        used += fold.len + 1;
        sw->count++;
    }
    frana_buf_free(&norm);
    frana_buf_free(&fold);
    free(scratch);
    if (rc) {
        frana_stopwords_free(sw);
        if (errmsg)
            *errmsg = frana_strdup("cannot normalize the stopword list");
        return rc;
    }
    *out = sw;
    return 0;
}

int frana_stopwords_load(const char *path, frana_stopwords **out, char **errmsg)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errmsg) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s: cannot open stopword file: %s", path, strerror(errno));
            *errmsg = frana_strdup(msg);
        }
        return FRANA_ERR_IO;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *p = realloc(text, cap);
            if (!p) {
                free(text);
                fclose(f);
                if (errmsg)
                    *errmsg = frana_strdup("out of memory reading stopwords");
                return FRANA_ERR_NOMEM;
            }
            text = p;
        }
        size_t n = fread(text + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(text);
        if (errmsg) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s: read error", path);
            *errmsg = frana_strdup(msg);
        }
        return FRANA_ERR_IO;
    }
    int rc = frana_stopwords_parse(text, len, out, errmsg);
    free(text);
    return rc;
}
