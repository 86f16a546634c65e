/*
 * stub.h — stub databases (a text file listing databases that Xapian combines
 * into one) as frana opens them: only when the caller asks for a stub, and
 * only the kinds of line the caller allows. frana reads the stub itself
 * instead of letting Xapian follow it, so a local line opens a glass database
 * and nothing else (never a nested stub), a `remote HOST:PORT` line needs
 * FRANA_STUB_REMOTE, and a `remote :PROG ARGS` line, which runs PROG, needs
 * FRANA_STUB_PROGRAMS. Also the sharded database's own stub (DIR/XAPIANDB) and
 * the shard an id goes to. Not installed; nothing here is public API.
 */
#ifndef FRANA_STUB_H
#define FRANA_STUB_H

#include <stddef.h>

#include "frana_db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum frana_stub_kind {
    FRANA_STUB_GLASS = 0,  /* a local glass database at path */
    FRANA_STUB_TCP = 1,    /* xapian-tcpsrv at host:port */
    FRANA_STUB_PROGRAM = 2 /* a program speaking Xapian's remote protocol: path, args */
} frana_stub_kind;

typedef struct frana_stub_part {
    int kind;
    char *path; /* GLASS: resolved against the stub's folder; PROGRAM: the program */
    char *args; /* PROGRAM: its arguments, "" when none */
    char *host; /* TCP */
    unsigned port;
    size_t line; /* line of the stub */
    char *name;  /* a printable description: "shard0", "127.0.0.1:3456", "program …" */
} frana_stub_part;

typedef struct frana_stub {
    frana_stub_part *parts;
    size_t n;
} frana_stub;

/* Reads the stub at path (a stub file, or a folder holding XAPIANDB) and
 * checks each line against flags (frana_stub_flags). Returns FRANA_OK and *out
 * (free with frana_stub_free), or FRANA_ERR_DB_OPEN with "PATH:LINE: reason"
 * in err (FRANA_ERR_NOMEM when memory runs out). */
int frana_stub_read(const char *path, unsigned flags, frana_stub *out, char *err, size_t errcap);
void frana_stub_free(frana_stub *st);

/* Makes dir a sharded database of n shards: dir/shard0 … dir/shard<n-1>
 * (glass, created by their writers) and dir/XAPIANDB listing them, written
 * atomically. A dir that already is one must have n shards; a dir holding a
 * single database, or anything else, is refused. Returns FRANA_OK or
 * FRANA_ERR_DB_OPEN / FRANA_ERR_INVALID with a message in err. */
int frana_stub_make_shards(const char *dir, size_t n, char *err, size_t errcap);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_STUB_H */
