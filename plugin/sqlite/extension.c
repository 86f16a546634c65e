/*
 * extension.c — the loadable extension: `.load frana` (the shell), or
 * load_extension('frana') / enable_load_extension (Python).
 *
 * SQLite derives the entry point from the file name ("frana.so" →
 * sqlite3_frana_init), so the library is built as frana.so, without "lib".
 * It registers the FTS5 tokenizer "frana" and one SQL function:
 *
 *   frana_tokenizer_check(ARGS)  NULL when `tokenize = 'frana ARGS'` is valid,
 *                                else the message that names what is wrong
 *                                (FTS5 itself only says "error in tokenizer
 *                                constructor"). ARGS are split at spaces;
 *                                a quoted argument loses its quotes.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <string.h>

#include "frana.h"
#include "options.h"
#include "tokenizer.h"

#if defined(__GNUC__)
#define FRANA_FTS5_EXPORT __attribute__((visibility("default")))
#else
#define FRANA_FTS5_EXPORT
#endif

FRANA_FTS5_EXPORT int sqlite3_frana_init(sqlite3 *db, char **pzErrMsg,
                                         const sqlite3_api_routines *pApi);

#define CHECK_MAX_ARGS 64

static void tokenizer_check(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *in = (const char *)sqlite3_value_text(argv[0]);
    char *copy = sqlite3_mprintf("%s", in ? in : "");
    if (!copy) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    const char *args[CHECK_MAX_ARGS];
    int n = 0;
    char err[512] = "";
    for (char *tok = strtok(copy, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
        if (n == CHECK_MAX_ARGS) {
            strcpy(err, "frana tokenizer: too many arguments");
            break;
        }
        size_t len = strlen(tok);
        if (len >= 2 && (tok[0] == '"' || tok[0] == '\'' || tok[0] == '`') && tok[len - 1] == tok[0]) {
            tok[len - 1] = 0; /* quoted as in the tokenize directive */
            tok++;
        }
        args[n++] = tok;
    }
    fts5_frana_config cfg;
    if (!err[0] && fts5_frana_parse_options(args, n, &cfg, err, sizeof err) == 0) {
        frana_analyzer *a = NULL;
        char *msg = NULL;
        int rc = frana_analyzer_new(&cfg.opts, &a, &msg);
        if (rc != FRANA_OK)
            sqlite3_snprintf((int)sizeof err, err, "frana tokenizer: %s",
                             msg ? msg : frana_strerror(rc));
        frana_free(msg);
        frana_analyzer_free(a);
    }
    sqlite3_free(copy);
    if (err[0])
        sqlite3_result_text(ctx, err, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(ctx);
}

int sqlite3_frana_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    int rc = fts5_frana_register(db, pzErrMsg);
    if (rc == SQLITE_OK)
        /* Direct only: it opens the stopword file it is given, so a schema
         * (a view, a trigger) of an untrusted database may not call it. */
        rc = sqlite3_create_function(db, "frana_tokenizer_check", 1,
                                     SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, tokenizer_check,
                                     NULL, NULL);
    return rc;
}
