/*
 * jsonl.h — the writer tests' reading of a JSON Lines corpus: each article of
 * a file, in order, parsed as frana index parses it (blank lines skipped; a
 * malformed line named on stderr and skipped).
 */
#ifndef FRANA_TEST_JSONL_H
#define FRANA_TEST_JSONL_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "frana_db.h"

/* Calls each(ctx, article) for every article of the file at path. Returns 0,
 * or -1 when the file does not open or memory runs out. */
static int jsonl_each(const char *path, void (*each)(void *ctx, const frana_db_article *a),
                      void *ctx)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    frana_db_record *rec = frana_db_record_new();
    if (!rec) {
        fclose(f);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)n;
        while (len && line[len - 1] == '\n')
            len--;
        if (!len)
            continue;
        if (frana_db_record_parse_json(rec, line, len, NULL)) {
            fprintf(stderr, "%s: %s\n", path, frana_db_record_errmsg(rec));
            continue;
        }
        each(ctx, frana_db_record_article(rec));
    }
    free(line);
    fclose(f);
    frana_db_record_free(rec);
    return 0;
}

#endif /* FRANA_TEST_JSONL_H */
