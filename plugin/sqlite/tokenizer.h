/*
 * tokenizer.h — the FTS5 tokenizer "frana" (tokenizer.c).
 */
#ifndef FRANA_FTS5_TOKENIZER_H
#define FRANA_FTS5_TOKENIZER_H

#include <sqlite3ext.h>

/* Registers the tokenizer "frana" with db's FTS5. Returns SQLITE_OK, or an
 * error code with a message in *pzErrMsg (sqlite3_malloc'ed) when db has no
 * FTS5 or an FTS5 too old. */
int fts5_frana_register(sqlite3 *db, char **pzErrMsg);

#endif
