/*
 * store.h — the store layer: the database layout's document side that is not
 * Xapian's business (dates as sortable values, the stored document data, input
 * records). Not installed; nothing here is public API.
 */
#ifndef FRANA_STORE_H
#define FRANA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "frana.h"
#include "frana_db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- article.c: document data, dates, input records ---------------------- */

/* Checks "YYYY-MM-DD" (a real date) and writes "YYYYMMDD\0" to out9. */
int frana_date_to_value(const char *date, size_t len, char out9[9]);

/* The key of a source name for its filter term: letters
 * lower-cased (Unicode's simple mapping), white space runs made one space,
 * trimmed, cut to 200 bytes at a character boundary. Writes at most cap - 1 bytes and a NUL to out; returns the length. */
size_t frana_source_key(const char *s, size_t len, char *out, size_t cap);
/* Compact JSON document data of an article; *out is malloc'd. */
int frana_article_to_data(const frana_db_article *a, char **out, size_t *outlen);

/* The fields of stored document data (frana_article_to_data's order). */
enum { FRANA_DATA_ID, FRANA_DATA_TITLE, FRANA_DATA_DATE, FRANA_DATA_URL, FRANA_DATA_SOURCE,
       FRANA_DATA_LANG, FRANA_DATA_BODY, FRANA_DATA_NFIELDS };

/* A field's value as stored: the bytes between its quotes (s NULL when the
 * field is absent); escaped when they hold a backslash escape. */
typedef struct frana_data_span {
    const char *s;
    size_t len;
    int escaped;
} frana_data_span;

/* Reads document data without building a JSON tree: 1 when data is one JSON
 * object of string values without \u escapes, every byte checked as
 * jansson's json_loadb checks it (UTF-8, no raw control character, nothing
 * after the object), with out[] set to the fields (a repeated key: the last,
 * as jansson); 0 for anything else, which the caller parses with jansson. The
 * spans point into data. */
int frana_data_scan(const char *data, size_t len, frana_data_span out[FRANA_DATA_NFIELDS]);

/* A field's value decoded ("" when absent), malloc'd and NUL-terminated;
 * its length in *lenp (may be NULL). NULL when memory runs out. */
char *frana_data_span_dup(const frana_data_span *sp, size_t *lenp);

/* Total size in bytes of the regular files under dir. */
uint64_t frana_dir_bytes(const char *dir);

/* jansson's allocation failures, counted per thread. jansson's parser goes on
 * when an allocation fails (it drops the byte it could not store: "noire"
 * becomes "nore"), and json_dumps can drop a key, so each JSON call that must
 * not change data compares frana_json_failures() before and after.
 * frana_json_track() installs the counting allocator once per process
 * (wrapping the one jansson had) and is called before any JSON work;
 * libfrana-xapian is linked with -z nodelete, so the allocator outlives a
 * dlclose. */
void frana_json_track(void);
unsigned long frana_json_failures(void);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_STORE_H */
