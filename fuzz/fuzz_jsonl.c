/*
 * fuzz_jsonl.c — libFuzzer target for the JSON Lines record reader
 * (frana_db_record_parse_json) and the writer behind it (frana_db_writer_add
 * into a real Xapian database in a temporary directory, committed every 50
 * articles).
 *
 * Byte 0 of an input picks the default language; the rest is split at '\n'
 * into records, as frana index reads a file. Besides crashes and sanitizer
 * reports it checks: a record that parses has a non-empty id of at most 240
 * bytes, valid UTF-8 fields, a real date or none, a language; its stored form
 * (frana_article_to_data) parses back to the same article; the writer accepts
 * it. A record that does not parse says why.
 */
#include "fuzz_common.h"

#include <stdint.h>

#define COMMIT_EVERY 50
#define MAX_RECORDS 64

static frana_analyzer *A;
static frana_db_writer *W;
static frana_db_record *REC, *BACK;
static size_t pending;

static void setup(void)
{
    char *err = NULL;
    if (frana_analyzer_new(NULL, &A, &err) != 0)
        fuzz_fail("analyzer: %s", err ? err : "?");
    char path[600];
    snprintf(path, sizeof path, "%s/db", fuzz_make_tmpdir("fuzz_jsonl"));
    if (frana_db_writer_new(A, path, &W, &err) != 0)
        fuzz_fail("writer: %s", err ? err : "?");
    REC = frana_db_record_new();
    BACK = frana_db_record_new();
    if (!REC || !BACK)
        fuzz_fail("record");
}

static int same(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

static void check_article(const frana_db_article *art)
{
    if (!art->id || art->id_len == 0 || art->id_len > 240)
        fuzz_fail("parsed record with an id of %zu bytes", art->id_len);
    if (!fuzz_utf8(art->id, art->id_len) || !fuzz_utf8(art->title, art->title_len) ||
        !fuzz_utf8(art->body, art->body_len) || !fuzz_utf8(art->url, art->url_len) ||
        !fuzz_utf8(art->source, art->source_len))
        fuzz_fail("parsed record with a field that is not UTF-8");
    char v[9];
    if (art->date && frana_date_to_value(art->date, art->date_len, v) != 0)
        fuzz_fail("parsed record with a bad date");
    if (!art->lang || art->lang_len < 2 || art->lang_len > 15)
        fuzz_fail("parsed record without a language");

    /* Stored form → record: the same article. */
    char *data = NULL;
    size_t datalen = 0;
    if (frana_article_to_data(art, &data, &datalen) != 0)
        fuzz_fail("document data of a parsed record");
    if (frana_db_record_parse_json(BACK, data, datalen, "fr") != 0)
        fuzz_fail("stored data does not parse back: %s: %s", frana_db_record_errmsg(BACK), data);
    const frana_db_article *b = frana_db_record_article(BACK);
    if (!same(art->id, art->id_len, b->id, b->id_len) ||
        !same(art->title, art->title_len, b->title, b->title_len) ||
        !same(art->body, art->body_len, b->body, b->body_len) ||
        !same(art->url, art->url_len, b->url, b->url_len) ||
        !same(art->source, art->source_len, b->source, b->source_len) ||
        !same(art->lang, art->lang_len, b->lang, b->lang_len) ||
        !same(art->date, art->date_len, b->date, b->date_len))
        fuzz_fail("stored data parses back to another article: %s", data);
    free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "fr", "en", "ru", "de", "uk", "FR", "xx"};
    if (!W)
        setup();
    if (size == 0)
        return 0;
    const char *lang = langs[data[0] & 7];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    for (int nrec = 0; p < end && nrec < MAX_RECORDS; nrec++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        int rc = frana_db_record_parse_json(REC, p, len, lang);
        p += len + (nl != NULL);
        if (rc == FRANA_ERR_INPUT) {
            if (!frana_db_record_errmsg(REC)[0])
                fuzz_fail("malformed record without a reason");
            continue;
        }
        if (rc != FRANA_OK)
            fuzz_fail("frana_db_record_parse_json returned %d", rc);
        const frana_db_article *art = frana_db_record_article(REC);
        check_article(art);
        rc = frana_db_writer_add(W, art, NULL);
        if (rc != FRANA_OK)
            fuzz_fail("the writer refuses a parsed record (%d): %s", rc,
                      frana_db_writer_errmsg(W));
        if (++pending >= COMMIT_EVERY) {
            if (frana_db_writer_commit(W) != 0)
                fuzz_fail("commit: %s", frana_db_writer_errmsg(W));
            pending = 0;
        }
    }
    return 0;
}
