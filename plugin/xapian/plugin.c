/*
 * plugin.c — the plugin entry point: one versioned table of function pointers
 * (see include/frana_plugin.h), filled by field name.
 */
#include "frana_plugin.h"

static const frana_api api = {
    .version = FRANA_API_VERSION,
    /* version 1 */
    .lib_version = frana_version,
    .strerror = frana_strerror,
    .free = frana_free,
    .analyzer_new = frana_analyzer_new,
    .analyzer_free = frana_analyzer_free,
    .session_new = frana_session_new,
    .session_free = frana_session_free,
    .session_errmsg = frana_session_errmsg,
    .analyze = frana_analyze,
    .record_new = frana_db_record_new,
    .record_free = frana_db_record_free,
    .record_parse_json = frana_db_record_parse_json,
    .record_article = frana_db_record_article,
    .record_errmsg = frana_db_record_errmsg,
    .writer_new = frana_db_writer_new,
    .writer_add = frana_db_writer_add,
    .writer_commit = frana_db_writer_commit,
    .writer_errmsg = frana_db_writer_errmsg,
    .writer_free = frana_db_writer_free,
    .reader_new = frana_db_reader_new,
    .reader_free = frana_db_reader_free,
    .reader_errmsg = frana_db_reader_errmsg,
    .search = frana_db_search,
    .results_total = frana_db_results_total,
    .results_count = frana_db_results_count,
    .results_hit = frana_db_results_hit,
    .results_free = frana_db_results_free,
    .stats = frana_db_stats,
    /* version 2 */
    .reader_reopen = frana_db_reader_reopen,
    .writer_count = frana_db_writer_count,
    .record_parse_txt = frana_db_record_parse_txt,
    .session_stats = frana_session_stats,
    .language_code = frana_language_code,
    .language_stems = frana_language_stems,
    .stem_word = frana_stem_word,
    .name_keys_of = frana_name_keys_of,
    .exonyms = frana_exonyms,
    .document_terms = frana_document_terms,
    .query_serialise = frana_query_serialise,
    /* version 3 */
    .reader_new_stub = frana_db_reader_new_stub,
    .reader_new_stub_part = frana_db_reader_new_stub_part,
    .stub_names = frana_db_stub_names,
    .stub_names_free = frana_db_stub_names_free,
    .writer_new_stub = frana_db_writer_new_stub,
    .shard_of = frana_db_shard_of,
    .shards_create = frana_db_shards_create,
    /* version 4 */
    .results_bounds = frana_db_results_bounds,
    .results_facet_count = frana_db_results_facet_count,
    .results_facet = frana_db_results_facet,
    /* version 5 */
    .compact = frana_db_compact,
    /* version 6 */
    .writer_threaded = frana_db_writer_threaded,
    .merge = frana_db_merge,
};

const frana_api *frana_plugin_api(int version)
{
    if (version < 1 || version > FRANA_API_VERSION)
        return NULL;
    return &api;
}
