/*
 * cmd_compact.c — frana compact: a database, or every shard of a sharded
 * folder, compacted in place (frana_db_compact).
 *
 *   frana compact --db DIR
 *   frana compact --stub STUB      each local database the stub lists
 *   frana compact --stub STUB --into DIR   the stub's databases merged into
 *                                  one new database (frana_db_merge)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "frana.h"
#include "frana_db.h"

int cmd_compact(int argc, char **argv)
{
    const char *use = "usage: frana compact (--db DIR | --stub STUB [--into DIR])\n";
    const char *path = NULL, *into = NULL;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--stub") == 0) && i + 1 < argc &&
            !path) {
            flags = argv[i][2] == 's' ? FRANA_COMPACT_STUB : 0;
            path = argv[++i];
        } else if (strcmp(argv[i], "--into") == 0 && i + 1 < argc && !into) {
            into = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("%s  Compacts a database in place (Xapian's compaction: the same articles in\n"
                   "  less space), or with --stub each local shard of a sharded folder (made by\n"
                   "  frana index --shards) or of a stub file; the stub stays as it is. Each\n"
                   "  database is compacted into a new folder next to it, given its owner and\n"
                   "  modes, and swapped in at once; a folder that holds anything but the\n"
                   "  database is refused. Run it when no writer runs. Remote shards are\n"
                   "  compacted on their server. --into DIR merges the local databases of\n"
                   "  the stub into one new database DIR instead (DIR must not exist, or be\n"
                   "  empty; it appears whole or not at all); the shards stay as they are.\n",
                   use);
            return 0;
        } else {
            fprintf(stderr, "%s", use);
            return 2;
        }
    }
    if (!path || (into && !(flags & FRANA_COMPACT_STUB))) {
        fprintf(stderr, "%s", use);
        return 2;
    }
    /* A file size limit makes the write fail with a message, not the process die. */
    signal(SIGXFSZ, SIG_IGN);
    uint64_t sizes[2] = {0, 0}, docs = 0;
    char *err = NULL;
    int rc = into ? frana_db_merge(path, into, &docs, &err)
                  : frana_db_compact(path, flags, sizes, &err);
    if (rc) {
        fprintf_escaped(stderr, "frana compact: %s\n", err ? err : frana_strerror(rc));
        frana_free(err);
        return 1;
    }
    if (into) {
        printf("merged ");
        fput_field(stdout, path, strlen(path), 0);
        printf(" into ");
        fput_field(stdout, into, strlen(into), 0);
        printf(": %llu articles\n", (unsigned long long)docs);
        return 0;
    }
    printf("compacted ");
    fput_field(stdout, path, strlen(path), 0);
    printf(": %.2f MB -> %.2f MB\n", (double)sizes[0] / 1e6, (double)sizes[1] / 1e6);
    return 0;
}
