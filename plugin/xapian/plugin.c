/*
 * plugin.c — the plugin entry point: one versioned table of function pointers
 * (see include/frana_plugin.h).
 */
#include "frana_plugin.h"

static const frana_api api_v1 = {
    FRANA_API_VERSION,
    frana_version,
    frana_strerror,
    frana_free,
    frana_analyzer_new,
    frana_analyzer_free,
    frana_session_new,
    frana_session_free,
    frana_session_errmsg,
    frana_analyze,
    frana_db_record_new,
    frana_db_record_free,
    frana_db_record_parse_json,
    frana_db_record_article,
    frana_db_record_errmsg,
    frana_db_writer_new,
    frana_db_writer_add,
    frana_db_writer_commit,
    frana_db_writer_errmsg,
    frana_db_writer_free,
    frana_db_reader_new,
    frana_db_reader_free,
    frana_db_reader_errmsg,
    frana_db_search,
    frana_db_results_total,
    frana_db_results_count,
    frana_db_results_hit,
    frana_db_results_free,
    frana_db_stats,
};

const frana_api *frana_plugin_api(int version)
{
    if (version < 1 || version > FRANA_API_VERSION)
        return NULL;
    return &api_v1;
}
