/*
 * test_docdata — the document data frana_article_to_data writes are the bytes
 * jansson's json_dumps (JSON_COMPACT | JSON_PRESERVE_ORDER) gives for the same
 * object, which is what the reader parses: every article of
 * tests/data/corpus_fr.jsonl and corpus_flores100.jsonl, each byte from 0x00
 * to 0x7F in every field, quotes and backslashes, non-ASCII text, absent
 * (NULL) fields; and a field that is not UTF-8 is refused as input.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frana_db.h"
#include "store.h"

/* The reference: the object built and dumped by jansson. */
static char *reference(const frana_db_article *a)
{
    json_t *o = json_object();
    const char *names[7] = {"id", "title", "date", "url", "source", "lang", "body"};
    const char *v[7] = {a->id, a->title, a->date, a->url, a->source,
                        a->lang_len ? a->lang : "fr", a->body};
    size_t len[7] = {a->id_len, a->title_len, a->date_len, a->url_len, a->source_len,
                     a->lang_len ? a->lang_len : 2, a->body_len};
    for (int k = 0; k < 7; k++) {
        json_t *s = json_stringn(v[k] ? v[k] : "", v[k] ? len[k] : 0);
        if (!s) {
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, names[k], s);
    }
    char *d = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return d;
}

static int compare(const frana_db_article *a, const char *what)
{
    char *ref = reference(a), *data = NULL;
    size_t dlen = 0;
    int rc = frana_article_to_data(a, &data, &dlen);
    int ok;
    if (!ref)
        ok = check(rc == FRANA_ERR_INPUT, "%s: jansson refuses it, frana gives %d", what, rc);
    else
        ok = check(rc == FRANA_OK && dlen == strlen(ref) && memcmp(data, ref, dlen) == 0,
                   "%s: rc %d\n  got  %.200s\n  want %.200s", what, rc, data ? data : "",
                   ref);
    free(ref);
    free(data);
    return ok;
}

static void corpus(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!check(f != NULL, "cannot open %s", path))
        return;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    frana_db_record *rec = frana_db_record_new();
    while ((len = getline(&line, &cap, f)) > 0) {
        n++;
        if (frana_db_record_parse_json(rec, line, (size_t)len, "fr") != FRANA_OK)
            continue;
        char what[300];
        snprintf(what, sizeof what, "%s:%zu", path, n);
        compare(frana_db_record_article(rec), what);
    }
    check(n >= 20, "%s: %zu lines", path, n);
    frana_db_record_free(rec);
    free(line);
    fclose(f);
}

int main(void)
{
    corpus("data/corpus_fr.jsonl");
    corpus("data/corpus_flores100.jsonl");
    /* Every ASCII byte, NUL included, in each field in turn. */
    static const char more[] = "\"\\\"\\\\ «é» Лукашенко ’ \xf0\x9f\x98\x80 ";
    char all[128 + sizeof more];
    for (int c = 0; c < 128; c++)
        all[c] = (char)c;
    memcpy(all + 128, more, sizeof more);
    for (int k = 0; k < 7; k++) {
        frana_db_article a = {0};
        const char **fields[7] = {&a.id, &a.title, &a.date, &a.url, &a.source, &a.lang, &a.body};
        size_t *lens[7] = {&a.id_len, &a.title_len, &a.date_len, &a.url_len, &a.source_len,
                           &a.lang_len, &a.body_len};
        a.id = "x";
        a.id_len = 1;
        *fields[k] = all;
        *lens[k] = sizeof all - 1;
        char what[64];
        snprintf(what, sizeof what, "every byte in field %d", k);
        char *ref = reference(&a);
        check(compare(&a, what) && ref != NULL, "%s is accepted", what);
        free(ref);
        /* Not UTF-8: a lone continuation byte, an overlong form, a surrogate. */
        static const char *const bad[] = {"ab\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                          "caf\xc3"};
        for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
            *fields[k] = bad[b];
            *lens[k] = strlen(bad[b]);
            snprintf(what, sizeof what, "invalid UTF-8 %zu in field %d", b, k);
            compare(&a, what);
        }
        /* Absent: NULL with a length, and empty. */
        *fields[k] = NULL;
        *lens[k] = 5;
        snprintf(what, sizeof what, "NULL field %d", k);
        compare(&a, what);
    }
    return check_report();
}
