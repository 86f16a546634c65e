/*
 * open.h — how the Xapian shim opens databases: one glass database
 * (shim.cc), or the parts of a stub that stub.c has read and checked
 * (open.cc). Not installed; nothing here is public API.
 */
#ifndef FRANA_OPEN_H
#define FRANA_OPEN_H

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

#include "frana_db.h"
#include "pool.h"
#include "stub.h"

namespace frana_shim {

/* Opens a reader's database; fills parts (pool.h) when it combines several
 * and some are remote, else clears it. Called again for a new handle after
 * an allocation failed in a search, or a remote part's connection broke. */
using reader_opener = std::function<Xapian::Database(reader_parts &parts)>;
/* A reader over the database open returns (run again when a writer's
 * commits overtake it, and kept to open a new handle after an allocation
 * failed in a search); dirs: its local folders, for frana_db_stats' size.
 * Exceptions become a code and a message in *errmsg. */
int reader_open(const frana_analyzer *a, reader_opener open, std::vector<std::string> dirs,
                frana_db_reader **out, char **errmsg);
/* A writer over the database open() returns; marks an empty one's layout.
 * local_glass: the path of a local glass database, which the writer then
 * writes from a thread of its own; NULL: in the caller's thread. */
int writer_open(const frana_analyzer *a, const std::function<Xapian::WritableDatabase()> &open,
                frana_db_writer **out, char **errmsg, const char *local_glass = nullptr);
/* Throws Xapian::DatabaseVersionError for a database of another layout. */
void check_layout(const Xapian::Database &db);

} // namespace frana_shim

#endif /* FRANA_OPEN_H */
