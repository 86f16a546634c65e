/*
 * test_plugin.c LIBFRANA — loads the shared library with dlopen and, through
 * frana_plugin_api alone (this program is not linked with frana), indexes the
 * bundled corpus into a temporary database and searches it.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frana_plugin.h"

#include "check.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_plugin PATH/TO/libfrana.so\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    frana_plugin_api_fn get;
    *(void **)&get = dlsym(lib, "frana_plugin_api");
    check(get != NULL, "frana_plugin_api exported");
    if (!get)
        return 1;
    check(get(FRANA_API_VERSION + 1) == NULL, "a newer version than the library's: NULL");
    check(get(0) == NULL, "version 0: NULL");
    const frana_api *api = get(FRANA_API_VERSION);
    check(api && api->version >= FRANA_API_VERSION, "version 1 table");
    if (!api)
        return 1;
    check(strcmp(api->lib_version(), FRANA_VERSION_STRING) == 0, "library version %s",
          api->lib_version());
    check(strcmp(api->strerror(FRANA_ERR_DB_LOCKED), "") != 0, "strerror");

    frana_analyzer *a = NULL;
    char *err = NULL;
    check(api->analyzer_new(NULL, &a, &err) == FRANA_OK, "analyzer");
    char tmp[] = "/tmp/frana_test_plugin.XXXXXX";
    check(mkdtemp(tmp) != NULL, "mkdtemp");
    char db[600];
    snprintf(db, sizeof db, "%s/db", tmp);
    frana_db_writer *w = NULL;
    int rc = api->writer_new(a, db, &w, &err);
    check(rc == FRANA_OK, "writer: %s", err ? err : "");
    api->free(err);
    err = NULL;
    size_t added = 0;
    if (rc == FRANA_OK) {
        frana_db_record *rec = api->record_new();
        FILE *f = fopen("data/corpus_fr.jsonl", "rb");
        check(f != NULL, "open corpus");
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while (f && (n = getline(&line, &cap, f)) > 0) {
            if (api->record_parse_json(rec, line, (size_t)n, NULL) == FRANA_OK &&
                api->writer_add(w, api->record_article(rec), NULL) == FRANA_OK)
                added++;
        }
        free(line);
        if (f)
            fclose(f);
        check(api->record_parse_json(rec, "{\"title\":\"x\"}", 13, NULL) == FRANA_ERR_INPUT &&
                  strstr(api->record_errmsg(rec), "id"),
              "bad record: %s", api->record_errmsg(rec));
        api->record_free(rec);
        check(added == 26, "26 articles added (%zu)", added);
        check(api->writer_commit(w) == FRANA_OK, "commit");
        api->writer_free(w);
    }
    frana_db_reader *r = NULL;
    rc = api->reader_new(a, db, &r, &err);
    check(rc == FRANA_OK, "reader: %s", err ? err : "");
    api->free(err);
    if (rc == FRANA_OK) {
        frana_db_results *res = NULL;
        rc = api->search(r, "l'election", 10, NULL, &res);
        check(rc == FRANA_OK && api->results_count(res) >= 1 &&
                  strcmp(api->results_hit(res, 0)->id, "fr-001") == 0,
              "l'election finds fr-001");
        check(rc == FRANA_OK && strstr(api->results_hit(res, 0)->snippet, "[élection]"),
              "snippet");
        api->results_free(res);
        res = NULL;
        rc = api->search(r, "(minsk", 6, NULL, &res);
        check(rc == FRANA_ERR_SYNTAX && res == NULL && strstr(api->reader_errmsg(r), "at 0"),
              "syntax error through the table");
        frana_db_info info;
        check(api->stats(r, &info) == FRANA_OK && info.articles == 26, "stats");
        api->reader_free(r);
    }
    /* The analyzer alone. */
    frana_session *s = api->session_new(a);
    check(s != NULL, "session");
    api->session_free(s);
    api->analyzer_free(a);
    check_rm_rf(tmp);
    dlclose(lib);
    return check_report();
}
