/*
 * cmd_names.c — frana names [--lang L] [--json] WORD...
 * For each name: its name keys, and the exonyms it links to (CLDR names of the
 * same place or country in every locale frana ships).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frana.h"

typedef struct collected {
    json_t *keys, *exonyms;
} collected;

static int on_key(void *ctx, const char *key, size_t len, int kind)
{
    collected *c = ctx;
    json_array_append_new(c->keys, json_pack("{s:s%,s:s}", "key", key, len, "kind",
                                             kind == FRANA_TERM_EXONYM ? "exonym" : "rule"));
    return 0;
}

static int on_exonym(void *ctx, const char *lang, const char *name, size_t len)
{
    collected *c = ctx;
    json_array_append_new(c->exonyms, json_pack("{s:s,s:s%}", "lang", lang, "name", name, len));
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: frana names [--lang L] [--json] WORD...\n"
               "  Prints each name's keys (the terms that make spellings meet) and the\n"
               "  exonyms it links to. Without --lang, keys of every convention.\n");
}

int cmd_names(int argc, char **argv)
{
    const char *lang = NULL;
    int json = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[++i];
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "frana names: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i == argc) {
        usage(stderr);
        return 2;
    }
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (frana_analyzer_new(NULL, &a, &err)) {
        fprintf(stderr, "frana names: %s\n", err ? err : "cannot build the analyzer");
        frana_free(err);
        return 1;
    }
    frana_session *s = frana_session_new(a);
    int status = s ? 0 : 1;
    for (; i < argc && s; i++) {
        collected c = {json_array(), json_array()};
        size_t len = strlen(argv[i]);
        int rc = frana_name_keys_of(s, argv[i], len, lang, on_key, &c);
        if (rc == 0)
            rc = frana_exonyms(s, argv[i], len, lang, on_exonym, &c);
        if (rc) {
            fprintf(stderr, "frana names: %s: %s\n", argv[i], frana_strerror(rc));
            status = 1;
        } else if (json) {
            json_t *o = json_pack("{s:s,s:O,s:O}", "name", argv[i], "keys", c.keys, "exonyms",
                                  c.exonyms);
            char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            puts(line ? line : "{}");
            free(line);
            json_decref(o);
        } else {
            printf("%s\n  keys:   ", argv[i]);
            size_t k;
            json_t *v;
            json_array_foreach(c.keys, k, v) printf("%s%s%s", k ? ", " : "",
                                                    json_string_value(json_object_get(v, "key")),
                                                    strcmp(json_string_value(json_object_get(v, "kind")), "exonym") == 0
                                                        ? " (exonym group)"
                                                        : "");
            printf("\n  links:  ");
            if (json_array_size(c.exonyms) == 0)
                printf("(no exonym group)");
            json_array_foreach(c.exonyms, k, v) printf("%s%s %s", k ? ", " : "",
                                                       json_string_value(json_object_get(v, "lang")),
                                                       json_string_value(json_object_get(v, "name")));
            printf("\n");
        }
        json_decref(c.keys);
        json_decref(c.exonyms);
    }
    frana_session_free(s);
    frana_analyzer_free(a);
    return status;
}
