/*
 * shards.h — frana index --shards N: N shard databases written in parallel,
 * one writer and one thread each (its analysis and its Xapian writes), fed by
 * the thread that reads the input. An article goes to the shard of its id
 * (frana_db_shard_of), so a re-import replaces it in place.
 */
#ifndef FRANA_TOOLS_SHARDS_H
#define FRANA_TOOLS_SHARDS_H

#include <stddef.h>

#include "frana.h"
#include "frana_db.h"

typedef struct shards shards;

/* Makes dir a sharded database of n shards (or opens it: it must have n) and
 * starts a writer thread per shard that commits every batch of its own
 * articles; strict: a malformed article stops the import. Returns NULL after
 * printing why (prog: the name in messages). */
shards *shards_open(const frana_analyzer *a, const char *dir, size_t n, size_t batch, int strict,
                    const char *prog);

/* Copies the article (file and line name it in messages) and queues it for
 * its shard; blocks while that shard's queue is full. Returns 0, or -1 once a
 * shard has failed, or --strict met a malformed article: stop reading. */
int shards_add(shards *sh, const frana_db_article *art, const char *file, size_t line);

/* Articles added so far (pending ones included), for the progress line. */
size_t shards_added(shards *sh);

/* shards_close prints no line per shard, but for a shard that failed (the
 * shards are the segments of one database to be). */
void shards_quiet(shards *sh);

/* Lets every shard finish its queue and commit, joins the threads, prints a
 * line per shard (articles committed in this run, articles the shard holds)
 * and adds the run's counts: what is durable. Returns 0, or -1 when a shard
 * failed (its last batch is not counted) or shards_add ran out of memory.
 * Frees sh. */
int shards_close(shards *sh, size_t *indexed, size_t *replaced, size_t *skipped);

#endif /* FRANA_TOOLS_SHARDS_H */
