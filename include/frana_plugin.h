/*
 * frana_plugin.h — the versioned plugin entry point of libfrana.
 *
 * A host that loads libfrana at run time (dlopen) looks up one symbol,
 * frana_plugin_api, and calls it with the API version it was written for:
 *
 *     const frana_api *(*get)(int) = (frana_plugin_api_fn)dlsym(h, "frana_plugin_api");
 *     const frana_api *api = get(FRANA_API_VERSION);
 *     if (!api) -> the library is older than the host: FRANA_ERR_VERSION
 *
 * The struct begins with its version and fields are only ever appended (like
 * SQLite FTS5's fts5_api), so a host built for version N works with any
 * library of version >= N and reads only the fields it knows. The functions
 * are those of frana.h and frana_db.h, with the same contracts. The table is
 * in libfrana-xapian.
 */
#ifndef FRANA_PLUGIN_H
#define FRANA_PLUGIN_H

#include "frana.h"
#include "frana_db.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The API version this header describes. */
#define FRANA_API_VERSION 6

/** The function table: every public function of frana.h and frana_db.h.
 *  Static storage, never freed; thread-safe to read. */
typedef struct frana_api {
    int version; /**< the library's API version (>= the version asked) */

    /* ---- version 1 ---- */
    const char *(*lib_version)(void);
    const char *(*strerror)(int code);
    void (*free)(void *p);

    int (*analyzer_new)(const frana_options *opts, frana_analyzer **out, char **errmsg);
    void (*analyzer_free)(frana_analyzer *a);
    frana_session *(*session_new)(const frana_analyzer *a);
    void (*session_free)(frana_session *s);
    const char *(*session_errmsg)(const frana_session *s);
    int (*analyze)(frana_session *s, const char *text, size_t len, const char *lang,
                   frana_mode mode, frana_token_fn cb, void *ctx);

    frana_db_record *(*record_new)(void);
    void (*record_free)(frana_db_record *rec);
    int (*record_parse_json)(frana_db_record *rec, const char *line, size_t len,
                             const char *default_lang);
    const frana_db_article *(*record_article)(const frana_db_record *rec);
    const char *(*record_errmsg)(const frana_db_record *rec);

    int (*writer_new)(const frana_analyzer *a, const char *path, frana_db_writer **out,
                      char **errmsg);
    int (*writer_add)(frana_db_writer *w, const frana_db_article *art, int *replaced);
    int (*writer_commit)(frana_db_writer *w);
    const char *(*writer_errmsg)(const frana_db_writer *w);
    void (*writer_free)(frana_db_writer *w);

    int (*reader_new)(const frana_analyzer *a, const char *path, frana_db_reader **out,
                      char **errmsg);
    void (*reader_free)(frana_db_reader *r);
    const char *(*reader_errmsg)(const frana_db_reader *r);
    int (*search)(frana_db_reader *r, const char *query, size_t len,
                  const frana_search_options *opts, frana_db_results **out);
    size_t (*results_total)(const frana_db_results *res);
    size_t (*results_count)(const frana_db_results *res);
    const frana_db_hit *(*results_hit)(const frana_db_results *res, size_t i);
    void (*results_free)(frana_db_results *res);
    int (*stats)(frana_db_reader *r, frana_db_info *out);

    /* ---- version 2 ---- */
    int (*reader_reopen)(frana_db_reader *r);
    size_t (*writer_count)(const frana_db_writer *w);
    int (*record_parse_txt)(frana_db_record *rec, const char *id, size_t id_len,
                            const char *text, size_t len, const char *default_lang);
    void (*session_stats)(const frana_session *s, frana_stats *out);
    int (*language_code)(const char *lang, char out[4]);
    int (*language_stems)(const char *lang);
    int (*stem_word)(frana_session *s, const char *lang, const char *word, size_t len,
                     const char **out, size_t *outlen);
    int (*name_keys_of)(frana_session *s, const char *word, size_t len, const char *lang,
                        frana_key_fn cb, void *ctx);
    int (*exonyms)(frana_session *s, const char *word, size_t len, const char *lang,
                   frana_name_fn cb, void *ctx);
    int (*document_terms)(frana_session *s, const char *text, size_t len, const char *lang,
                          const char *prefix, uint32_t *termpos, frana_store_fn cb, void *ctx);
    int (*query_serialise)(frana_session *s, const char *query, size_t len,
                           const frana_query_options *opts, const frana_vocab *vocab, char **out,
                           size_t *outlen, char **errmsg);
    /* ---- version 3 ---- */
    int (*reader_new_stub)(const frana_analyzer *a, const char *stub, unsigned flags,
                           frana_db_reader **out, char **errmsg);
    int (*reader_new_stub_part)(const frana_analyzer *a, const char *stub, unsigned flags,
                                size_t part, frana_db_reader **out, char **errmsg);
    int (*stub_names)(const char *stub, unsigned flags, char ***names, size_t *n,
                      char **errmsg);
    void (*stub_names_free)(char **names, size_t n);
    int (*writer_new_stub)(const frana_analyzer *a, const char *stub, unsigned flags,
                           frana_db_writer **out, char **errmsg);
    size_t (*shard_of)(const char *id, size_t len, size_t nshards);
    int (*shards_create)(const char *dir, size_t n, char **errmsg);

    /* ---- version 4 ---- */
    int (*results_bounds)(const frana_db_results *res, size_t *lower, size_t *upper);
    size_t (*results_facet_count)(const frana_db_results *res, unsigned facet);
    int (*results_facet)(const frana_db_results *res, unsigned facet, size_t i,
                         const char **value, size_t *value_len, size_t *count);

    /* ---- version 5 ---- */
    int (*compact)(const char *path, unsigned flags, uint64_t sizes[2], char **errmsg);

    /* ---- version 6 ---- */
    int (*writer_threaded)(frana_db_writer *w, int on);
    int (*merge)(const char *stub, const char *dest, uint64_t *docs, char **errmsg);
    /* Later versions append here. */
} frana_api;

/** Type of frana_plugin_api, for dlsym. */
typedef const frana_api *(*frana_plugin_api_fn)(int version);

/**
 * Returns the function table if the library implements API version `version`
 * (1 ≤ version ≤ FRANA_API_VERSION of the library), NULL otherwise (the host
 * then reports FRANA_ERR_VERSION). Thread-safe.
 */
FRANA_EXPORT const frana_api *frana_plugin_api(int version);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_PLUGIN_H */
