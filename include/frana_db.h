/*
 * frana_db.h — Xapian indexing and search over frana's analysis (C API).
 * Included by frana.h; follows the conventions stated at the top of frana.h:
 *
 *  - Handles are opaque (frana_db_writer, frana_db_reader, frana_db_results,
 *    frana_db_record). Each _new has a _free; _free(NULL) is a no-op.
 *  - Text inputs are a pointer plus a size_t length. Paths are NUL-terminated
 *    strings, since the file system needs them so.
 *  - Calls return FRANA_OK or a negative frana_error; the handle's _errmsg()
 *    then gives the detailed message (Xapian's own description for database
 *    failures). Constructors that fail before a handle exists store a message
 *    in *errmsg, which the caller frees with frana_free().
 *  - Strings the library lends (hits, messages, record fields) are borrowed:
 *    valid until the owning handle is freed or its next mutating call.
 *  - No C++ exception ever leaves the library.
 *
 * Database layout FRANA_DB_LAYOUT (what frana_db_writer stores; readers rely
 * on it, and refuse a database of another layout):
 *  - body and title words: frana's WORD terms carry positions (title from 1,
 *    then a gap of 100, then the body); STEM and NAME terms are stored without
 *    positions. Title terms are stored a second time with the prefix "S"
 *    (Xapian's convention for titles).
 *  - a STEM term that is "Z" + the token's WORD term (Snowball left the word
 *    as it was: "Zminsk" next to "minsk") is not stored: the WORD postings
 *    stand for it, and a query searches both.
 *  - FOLDED terms are vocabulary, not postings: each article holds, as a
 *    boolean term (wdf 0, no position, no share of the document length, so no
 *    weight changes), the pair term FOLDED + FRANA_DB_PAIR_SEP + the STEM (or
 *    WORD) term of the accented word that emitted it ("XAelect Zélect"). An
 *    accentless query word expands to the accented stems the index holds: the
 *    terms that begin with "XAelect ". The term list is what Xapian's remote
 *    protocol serves and what a stub of shards merges, so one database, local
 *    shards and remote shards give the same expansion.
 *  - metadata "frana:layout": FRANA_DB_LAYOUT; "frana:commits": how many of
 *    frana's commits wrote articles (decimal; readers of one remote database
 *    through several connections compare it, as Xapian 1.4's remote protocol
 *    gives no revision). A database without it reads as before.
 *  - "Q" + id: the unique id term; adding an article whose id exists replaces it.
 *  - boolean filter terms (no positions, no weight): "XL" + lang ("XLfr") and,
 *    when the article has a source, "XS" + its key (lower-cased, white
 *    space made single spaces, at most 200 bytes: "XSla gazette de frana").
 *  - value slot 0: the date as "YYYYMMDD" (sortable), when the article has one;
 *    slot 1: the language; slot 2: the source as given (for facets).
 *  - document data: compact JSON {"id","title","date","url","source","lang","body"}.
 *
 * Thread model: a writer or a reader belongs to one thread at a time; each
 * creates its own frana_session over the shared (immutable) analyzer, which
 * must outlive it. Several readers may be open on one database, in one or in
 * several processes; only one writer at a time (FRANA_ERR_DB_LOCKED otherwise).
 */
#ifndef FRANA_DB_H
#define FRANA_DB_H

#include <stddef.h>
#include <stdint.h>

#include "frana.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Value slot holding the article date as "YYYYMMDD". */
#define FRANA_DB_SLOT_DATE 0
/** Prefix of the title's copy of every term (Xapian's convention). */
#define FRANA_DB_TITLE_PREFIX "S"
/** Position gap between the title and the body of an article. */
#define FRANA_DB_TITLE_GAP 100
/** Version of the database layout described above. */
#define FRANA_DB_LAYOUT "4"
/** Separator between a FOLDED term and the term it stands for in a pair term. */
#define FRANA_DB_PAIR_SEP ' '
/** Value slot holding the article language. */
#define FRANA_DB_SLOT_LANG 1
/** Value slot holding the article source as given. */
#define FRANA_DB_SLOT_SOURCE 2

/* ------------------------------------------------------------------------ */
/* Articles                                                                  */
/* ------------------------------------------------------------------------ */

/** One article to index. Each field is pointer + length; a NULL pointer (or a
 *  zero length) means the field is absent. id is required. lang is an
 *  ISO 639-1 code ("fr" when absent). date, when present, is "YYYY-MM-DD". */
typedef struct frana_db_article {
    const char *id;
    size_t id_len;
    const char *title;
    size_t title_len;
    const char *body;
    size_t body_len;
    const char *lang;
    size_t lang_len;
    const char *date;
    size_t date_len;
    const char *url;
    size_t url_len;
    const char *source;
    size_t source_len;
} frana_db_article;

/** A parsed input record: owns the strings of the article it describes.
 *  Reuse one record for many lines. One thread at a time. */
typedef struct frana_db_record frana_db_record;

/** Creates an empty record. Returns NULL if memory runs out. */
FRANA_EXPORT frana_db_record *frana_db_record_new(void);

/** Frees a record. NULL is a no-op. */
FRANA_EXPORT void frana_db_record_free(frana_db_record *rec);

/**
 * Parses one JSON Lines record, {"id":"…","title":"…","body":"…","lang":"fr",
 * "date":"2020-09-14","url":"…","source":"…"}: id is a required non-empty
 * string, the other fields are optional strings (null counts as absent), lang
 * defaults to default_lang (NULL: "fr"), date must be a real YYYY-MM-DD date.
 * Unknown fields are ignored. Returns FRANA_OK or FRANA_ERR_INPUT (invalid
 * UTF-8 is itself a malformed record); the reason is in frana_db_record_errmsg.
 */
FRANA_EXPORT int frana_db_record_parse_json(frana_db_record *rec, const char *line,
                                            size_t len, const char *default_lang);

/**
 * Makes a record of a plain-text article: the first non-empty line is the
 * title, the rest is the body; id is given (e.g. the file's relative path).
 * Returns FRANA_OK or FRANA_ERR_INPUT (invalid UTF-8, empty id).
 */
FRANA_EXPORT int frana_db_record_parse_txt(frana_db_record *rec, const char *id, size_t id_len,
                                           const char *text, size_t len,
                                           const char *default_lang);

/** The article of the last successful parse. Borrowed until the next parse on rec. */
FRANA_EXPORT const frana_db_article *frana_db_record_article(const frana_db_record *rec);

/** Why the last parse failed ("missing id", "invalid UTF-8", …). Borrowed. */
FRANA_EXPORT const char *frana_db_record_errmsg(const frana_db_record *rec);

/* ------------------------------------------------------------------------ */
/* Writer                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct frana_db_writer frana_db_writer;

/**
 * Opens the database at path for writing, creating it if needed, with a
 * thread of the writer's own for Xapian's writes (frana_db_writer_threaded).
 * A child process that fork() makes has no such thread: it must not use a
 * writer of its parent (nor free it). The analyzer must outlive the writer. Returns FRANA_OK and *out, or
 * FRANA_ERR_DB_LOCKED (another writer holds the lock), FRANA_ERR_DB_OPEN,
 * FRANA_ERR_DB, FRANA_ERR_NOMEM, with a message in *errmsg (caller frees with
 * frana_free; errmsg may be NULL).
 */
FRANA_EXPORT int frana_db_writer_new(const frana_analyzer *a, const char *path,
                                     frana_db_writer **out, char **errmsg);

/**
 * Adds an article, or replaces the article with the same id. Nothing is
 * durable until frana_db_writer_commit. *replaced (if not NULL) is set to 1 when
 * an article with this id existed. Returns FRANA_OK, FRANA_ERR_INPUT (no id,
 * id over 240 bytes, bad date: nothing is written), FRANA_ERR_DB, FRANA_ERR_NOMEM.
 */
FRANA_EXPORT int frana_db_writer_add(frana_db_writer *w, const frana_db_article *art,
                                     int *replaced);

/** Makes every added article durable, atomically. Returns FRANA_OK or FRANA_ERR_DB. */
FRANA_EXPORT int frana_db_writer_commit(frana_db_writer *w);

/** Number of articles in the database, pending ones included. */
FRANA_EXPORT size_t frana_db_writer_count(const frana_db_writer *w);

/** Message of the writer's last failure. Borrowed until the next call on w. */
FRANA_EXPORT const char *frana_db_writer_errmsg(const frana_db_writer *w);

/** Commits what is pending (errors are lost: call frana_db_writer_commit first
 *  to see them), releases the lock and frees the writer. NULL is a no-op. */
FRANA_EXPORT void frana_db_writer_free(frana_db_writer *w);

/**
 * Whether w hands Xapian's writes to a thread of its own, which a writer of
 * frana_db_writer_new starts (on = 1) unless it cannot; on = 0 stops it once
 * it has written what is queued. With the thread, frana_db_writer_add checks
 * and analyses the article and builds its document in the caller's thread,
 * as without, then queues it (at most 32 ahead) while the thread writes the
 * ones before; *replaced and the input errors are the same. A write that fails
 * in the thread poisons the transaction as a failed add does: the next add
 * fails with FRANA_ERR_DB, and the next commit fails, counting every article
 * whose add returned FRANA_OK since the last commit as lost. Commit, count
 * and free wait for the thread. A writer with a thread is still used by one
 * thread at a time. Returns 1 if w now has its thread, 0 if it writes in the
 * caller's (on = 0; a database of frana_db_writer_new_stub; a thread that
 * could not start), FRANA_ERR_INVALID for a NULL w.
 */
FRANA_EXPORT int frana_db_writer_threaded(frana_db_writer *w, int on);

/* ------------------------------------------------------------------------ */
/* Reader                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct frana_db_reader frana_db_reader;
typedef struct frana_db_results frana_db_results;

/**
 * Opens the database at path for searching. The analyzer must outlive the
 * reader. Returns FRANA_OK and *out, or FRANA_ERR_DB_OPEN (no database there),
 * FRANA_ERR_DB, FRANA_ERR_NOMEM with a message in *errmsg (caller frees with
 * frana_free; errmsg may be NULL).
 */
FRANA_EXPORT int frana_db_reader_new(const frana_analyzer *a, const char *path,
                                     frana_db_reader **out, char **errmsg);

/** Frees a reader. Results it returned stay valid. NULL is a no-op. */
FRANA_EXPORT void frana_db_reader_free(frana_db_reader *r);

/** Message of the reader's last failure. Borrowed until the next call on r. */
FRANA_EXPORT const char *frana_db_reader_errmsg(const frana_db_reader *r);

/** Reopens the reader on the latest committed revision. FRANA_OK or FRANA_ERR_DB.
 *  A reader sees the revision it opened (or last reopened) until then. Opening
 *  and reopening, like searching, are tried again (up to 3 times) when a
 *  writer's commits overtake them; after that FRANA_ERR_DB_MODIFIED. */
FRANA_EXPORT int frana_db_reader_reopen(frana_db_reader *r);

/** Search options. Start from FRANA_SEARCH_OPTIONS_INIT (or zero-initialize),
 *  then set what you need. Fields are only ever appended. */
typedef struct frana_search_options {
    /** sizeof(frana_search_options) as the caller's header declares it
     *  (FRANA_SEARCH_OPTIONS_INIT sets it); 0 means the fields of the first
     *  version, limit to snippet_words. */
    size_t size;
    size_t limit;          /**< hits to return; 0 means 10 */
    size_t offset;         /**< hits to skip (paging) */
    int default_or;        /**< 1: words without an operator are OR'ed; 0: AND'ed */
    const char *lang;      /**< language of the query words, NULL for any */
    const char *hl_open;   /**< put before a highlighted word; NULL means "[" */
    const char *hl_close;  /**< put after a highlighted word; NULL means "]" */
    size_t snippet_words;  /**< words in a snippet; 0 means 30 */
    /* Appended after snippet_words: a caller whose size ends there gets 0 for each. */
    int count_only;        /**< 1: no hits, only the total (and facets) */
    int estimate;          /**< 1: Xapian's estimate with its bounds, not an exact count */
    int sort;              /**< a frana_sort */
    unsigned facets;       /**< FRANA_FACET_* bits: exact counts over all matches */
    int no_snippets;       /**< 1: hits carry "" as snippet (no body is re-analyzed) */
    const char *filter;    /**< more filters in the query syntax ("lang:fr date:2020"), or NULL */
    size_t filter_len;
    size_t wildcard_max;   /**< terms a trailing wildcard may expand to; 0 means 1000 */
    size_t max_query_bytes; /**< longest query accepted, in bytes; 0 means
                                 FRANA_QUERY_MAX_BYTES */
    size_t max_query_terms; /**< most words a query may search (the words of
                                 phrases included); 0 means FRANA_QUERY_MAX_TERMS */
    int no_fields;         /**< 1: hits carry rank, weight and percent only (every
                                stored field "", no snippet): their documents are not read */
} frana_search_options;

/** An initializer for frana_search_options: the size set, the rest default. */
#define FRANA_SEARCH_OPTIONS_INIT                                                            \
    {sizeof(frana_search_options), 0, 0, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, 0, 0, 0, 0}

/** Orders of the hits. Dates sort as YYYYMMDD; articles without one come
 *  first in FRANA_SORT_DATE and last in FRANA_SORT_DATE_DESC; ties by relevance. */
typedef enum frana_sort {
    FRANA_SORT_RELEVANCE = 0,
    FRANA_SORT_DATE = 1,      /**< oldest first */
    FRANA_SORT_DATE_DESC = 2  /**< newest first */
} frana_sort;

/** Facets: counts of the matching articles by a field, over every match. */
enum {
    FRANA_FACET_YEAR = 1,   /**< "2020" */
    FRANA_FACET_MONTH = 2,  /**< "2020-09" */
    FRANA_FACET_LANG = 4,   /**< "fr" */
    FRANA_FACET_SOURCE = 8  /**< the source as given */
};

/** Largest limit + offset a search takes (Xapian counts documents in 32 bits). */
#define FRANA_SEARCH_MAX 4294967295u

/** Default of frana_search_options.max_query_bytes (16 MiB: a query of one
 *  10 MB word still finds that word). */
#define FRANA_QUERY_MAX_BYTES ((size_t)16 << 20)
/** Default of frana_search_options.max_query_terms. Query cost grows with
 *  its words (an OR of 10,000 words takes seconds): a host facing the public
 *  may want far fewer. */
#define FRANA_QUERY_MAX_TERMS ((size_t)10000)

/**
 * Parses and runs a query. Syntax (README, "Queries"): words, phrases in
 * "…", « … », “ … ”, „ … “ or ‹ … ›, AND / OR / XOR / NOT (upper case, with
 * Xapian's precedence), NEAR, NEAR/n, ADJ, ADJ/n, +word, -word, parentheses,
 * word* (trailing wildcard), title:, lang:, source:, id:, date:YYYY[-MM[-DD]]
 * and ranges of those (either side may be left open). Words are analyzed by
 * frana in query mode; stopwords outside phrases are dropped. The total is
 * exact unless opts->estimate.
 * Returns FRANA_OK and *out (free with frana_db_results_free), or
 * FRANA_ERR_SYNTAX (the message gives the byte offset, from 0:
 * "syntax error at 12: unbalanced parenthesis"), FRANA_ERR_LIMIT (more bytes
 * or words than max_query_bytes / max_query_terms), FRANA_ERR_EMPTY (no word to
 * search for), FRANA_ERR_DB, FRANA_ERR_NOMEM; the message is in
 * frana_db_reader_errmsg. When a writer commits twice while the search reads
 * (Xapian's DatabaseModifiedError), the reader is reopened and the search run
 * again, up to 3 times; after that FRANA_ERR_DB_MODIFIED, which may be retried.
 */
FRANA_EXPORT int frana_db_search(frana_db_reader *r, const char *query, size_t len,
                                 const frana_search_options *opts, frana_db_results **out);

/** One hit. Strings are NUL-terminated, never NULL ("" when absent), and
 *  borrowed from the results. */
typedef struct frana_db_hit {
    size_t rank;         /**< 1 for the best hit (offset included) */
    double weight;       /**< BM25 weight */
    int percent;         /**< the weight as a percentage of the best possible */
    const char *id;
    const char *title;
    const char *date;    /**< "YYYY-MM-DD" or "" */
    const char *url;
    const char *source;
    const char *lang;
    const char *snippet; /**< ~snippet_words words of the body, matches highlighted;
                              control and bidi characters made spaces */
    /* Lengths of the fields that may hold NUL bytes (appended after snippet). */
    size_t id_len, title_len, url_len, source_len;
} frana_db_hit;

/** Number of matching articles: exact, unless the search asked for an estimate. */
FRANA_EXPORT size_t frana_db_results_total(const frana_db_results *res);

/** Whether the total is exact (1) or an estimate (0), and its bounds: the
 *  number of matches lies in [*lower, *upper] (both equal the total when
 *  exact). lower and upper may be NULL. */
FRANA_EXPORT int frana_db_results_bounds(const frana_db_results *res, size_t *lower,
                                         size_t *upper);

/** Number of values of a facet (one FRANA_FACET_* bit) that the search counted. */
FRANA_EXPORT size_t frana_db_results_facet_count(const frana_db_results *res, unsigned facet);

/** Value i of a facet and how many matching articles hold it: years and months
 *  in order, languages and sources by count (most first). The value is
 *  borrowed from res (NUL-terminated; *value_len holds its length, which may
 *  include NUL bytes for a source). Returns FRANA_OK or FRANA_ERR_INVALID. */
FRANA_EXPORT int frana_db_results_facet(const frana_db_results *res, unsigned facet, size_t i,
                                        const char **value, size_t *value_len, size_t *count);

/** Number of hits held (at most the limit asked). */
FRANA_EXPORT size_t frana_db_results_count(const frana_db_results *res);

/** Hit i (0 ≤ i < count), or NULL when out of range. Borrowed from res. */
FRANA_EXPORT const frana_db_hit *frana_db_results_hit(const frana_db_results *res, size_t i);

/** Frees results. NULL is a no-op. */
FRANA_EXPORT void frana_db_results_free(frana_db_results *res);

/** Database statistics. */
typedef struct frana_db_info {
    size_t articles;       /**< documents */
    size_t distinct_terms; /**< distinct terms, prefixed ones included */
    uint64_t disk_bytes;   /**< size of the database files */
} frana_db_info;

/** Fills *out with the database's statistics (walks the term list: linear in
 *  the vocabulary). Returns FRANA_OK or FRANA_ERR_DB. */
FRANA_EXPORT int frana_db_stats(frana_db_reader *r, frana_db_info *out);

/* ------------------------------------------------------------------------ */
/* Shards and remote databases                                               */
/* ------------------------------------------------------------------------ */

/* frana_db_reader_new and frana_db_writer_new open one glass database and
 * never follow a stub file. A stub (a text file, or a folder holding XAPIANDB,
 * that lists databases one a line: "auto PATH", "glass PATH", "remote
 * HOST:PORT", "remote :PROG ARGS") is opened only through the calls below,
 * which read it themselves: local lines open glass databases (never a nested
 * stub), remote lines only with the flags that allow them. A sharded database
 * made by frana is a folder DIR holding DIR/shard0 … DIR/shard<N-1> and the
 * stub DIR/XAPIANDB listing them; an article goes to shard
 * frana_db_shard_of(id), so a re-import replaces it in place. The accent
 * vocabulary is in the term lists (layout 3), so a stub of shards, local or
 * remote, finds what one database holding the same articles finds, with the
 * same weights (Xapian combines the shards' statistics). */

/** What a stub may name besides local glass databases. */
typedef enum frana_stub_flags {
    /** "remote HOST:PORT" lines: a xapian-tcpsrv over TCP */
    FRANA_STUB_ALLOW_REMOTE = 1u << 0,
    /** "remote :PROG ARGS" lines, which run PROG (xapian-progsrv, ssh …) as the caller */
    FRANA_STUB_ALLOW_PROGRAMS = 1u << 1
} frana_stub_flags;

/** Most shards frana_db_shards_create makes. */
#define FRANA_DB_SHARDS_MAX 256

/**
 * Opens the databases a stub lists as one, for searching (frana_db_search,
 * frana_db_stats; the statistics are the combined ones). flags: frana_stub_flags.
 * Returns what frana_db_reader_new returns; a line the flags do not allow, or
 * that frana does not open, is FRANA_ERR_DB_OPEN with "STUB:LINE: reason".
 */
FRANA_EXPORT int frana_db_reader_new_stub(const frana_analyzer *a, const char *stub,
                                          unsigned flags, frana_db_reader **out, char **errmsg);

/**
 * Opens database part (0 ≤ part < the number of databases) of a stub alone,
 * for searching or its statistics: a shard that cannot be reached can be
 * named. Errors as frana_db_reader_new_stub's; part out of range is
 * FRANA_ERR_INVALID.
 */
FRANA_EXPORT int frana_db_reader_new_stub_part(const frana_analyzer *a, const char *stub,
                                               unsigned flags, size_t part,
                                               frana_db_reader **out, char **errmsg);

/**
 * The databases of a stub, as printable names ("shard0", "127.0.0.1:3456",
 * "a remote program"), checked against flags. On FRANA_OK, *names holds *n
 * strings (free with frana_db_stub_names_free). Errors as
 * frana_db_reader_new_stub's.
 */
FRANA_EXPORT int frana_db_stub_names(const char *stub, unsigned flags, char ***names, size_t *n,
                                     char **errmsg);

/** Frees what frana_db_stub_names returned. NULL is a no-op. */
FRANA_EXPORT void frana_db_stub_names_free(char **names, size_t n);

/** frana_db_compact's flags. */
typedef enum frana_compact_flags {
    /** path is a stub (a file, or a folder holding XAPIANDB): compact each
     * local database it lists */
    FRANA_COMPACT_STUB = 1u << 0
} frana_compact_flags;

/**
 * Compacts a glass database in place (Xapian::Database::compact, document ids
 * kept), or with FRANA_COMPACT_STUB each local database a stub lists (the
 * shards of `frana index --shards`), one after the other; the stub itself is
 * left as it is. Each database is compacted into a new folder next to it,
 * checked, and swapped in with one atomic rename; its write lock is held
 * throughout, so a running writer makes it fail (FRANA_ERR_DB_LOCKED). A stub
 * with a remote line is refused before anything is compacted (compact on the
 * server). On failure the database being compacted is unchanged (shards before
 * it stay compacted) and *errmsg (free with frana_free) names its path.
 * sizes (may be NULL): bytes before and after, summed. Thread-safe.
 */
FRANA_EXPORT int frana_db_compact(const char *path, unsigned flags, uint64_t sizes[2],
                                  char **errmsg);

/**
 * Merges the local glass databases a stub lists (the shards of `frana index
 * --shards`, or the segments `frana index` builds a new database in) into one
 * new database dest, through Xapian's compactor (Xapian::Database::compact:
 * document ids renumbered part after part, the result fully compacted). dest
 * must not exist or be an empty folder; the database is built in a new folder
 * next to it, checked to hold every article of the parts, and renamed into
 * place, so dest appears whole or not at all. The parts are left as they are.
 * A remote line is refused. *docs (may be NULL): the articles dest holds. On
 * failure *errmsg (free with frana_free) names the path. Thread-safe.
 */
FRANA_EXPORT int frana_db_merge(const char *stub, const char *dest, uint64_t *docs,
                                char **errmsg);

/**
 * Opens for writing the one database a stub lists: a local glass database, or
 * a "remote HOST:PORT" served by `xapian-tcpsrv --writable` (with
 * FRANA_STUB_ALLOW_REMOTE). Xapian writes to one database at a time: a stub of
 * several is FRANA_ERR_INVALID (write each shard with its own writer).
 * Otherwise as frana_db_writer_new.
 */
FRANA_EXPORT int frana_db_writer_new_stub(const frana_analyzer *a, const char *stub,
                                          unsigned flags, frana_db_writer **out, char **errmsg);

/** The shard (0 ≤ shard < nshards) that the article of this id goes to: the
 *  32-bit FNV-1a hash of the id's bytes, modulo nshards (0 when nshards is 0). */
FRANA_EXPORT size_t frana_db_shard_of(const char *id, size_t len, size_t nshards);

/**
 * Makes dir a sharded database of n shards (1 ≤ n ≤ FRANA_DB_SHARDS_MAX): the
 * folder, and dir/XAPIANDB listing "glass shard0" … written atomically; open
 * each shard dir/shard<K> with frana_db_writer_new. A dir that is already a
 * sharded database must have n shards; a dir holding one database is refused.
 * Returns FRANA_OK, FRANA_ERR_INVALID or FRANA_ERR_DB_OPEN with a message in
 * *errmsg (free with frana_free).
 */
FRANA_EXPORT int frana_db_shards_create(const char *dir, size_t n, char **errmsg);

/* ------------------------------------------------------------------------ */
/* Your own Xapian indexer (include/frana_xapian.hpp wraps these for C++)     */
/* ------------------------------------------------------------------------ */

/** How the layout stores one term of a document (frana_document_terms). */
typedef enum frana_store_role {
    FRANA_STORE_POSTING = 0,   /**< a posting of prefix+term at pos (Xapian add_posting) */
    FRANA_STORE_COUNTED = 1,   /**< prefix+term once more, no position (add_term) */
    FRANA_STORE_BOOLEAN = 2    /**< term without wdf or position (add_boolean_term): an
                                    accent vocabulary pair term, field-free */
} frana_store_role;

/** Receives one term of a document, as the layout stores it (pos is 0 but for
 *  FRANA_STORE_POSTING). term is borrowed for the call. Return 0 to go on. */
typedef int (*frana_store_fn)(void *ctx, int role, const char *term, size_t len, uint32_t pos);

/**
 * The terms that text[0..len) (language lang, NULL for "fr") becomes in frana's
 * layout, each passed to cb with its role: what frana_db_writer_add stores for
 * a body, for your own Xapian documents. prefix: your field's prefix ("" for
 * none), put before every POSTING and COUNTED term. Positions start at
 * *termpos + 1 and *termpos is left at the last position used (Xapian
 * TermGenerator's termpos). Returns FRANA_OK, cb's value, or a negative code
 * (message in frana_session_errmsg). One thread per session.
 */
FRANA_EXPORT int frana_document_terms(frana_session *s, const char *text, size_t len,
                                      const char *lang, const char *prefix, uint32_t *termpos,
                                      frana_store_fn cb, void *ctx);

/** What the query side asks of an index: implement it over your database
 *  (frana_xapian.hpp does, over a Xapian::Database). Terms are complete index
 *  terms, prefixes included, and borrowed for the call. Each function returns
 *  0, or a negative frana_error that stops the query. */
typedef struct frana_vocab {
    void *ctx;
    /** *out = the number of documents that hold term (0 when none) */
    int (*termfreq)(void *ctx, const char *term, size_t len, uint64_t *out);
    /** *out = 1 when some document holds a together with one of bs[0..n) */
    int (*cooccur)(void *ctx, const char *a, size_t alen, const char *const *bs,
                   const size_t *blens, size_t n, int *out);
    /** the index terms that begin with prefix (len bytes), in term order, at
     *  most max, each passed whole to cb (which returns 0 to go on): Xapian's
     *  allterms_begin(prefix). frana asks it for the pair terms of a key, and
     *  once per query for the "XL" language terms (whether the index holds
     *  French articles and articles of another language). */
    int (*expand)(void *ctx, const char *key, size_t klen, size_t max,
                  int (*cb)(void *cbctx, const char *term, size_t len), void *cbctx);
} frana_vocab;

/** Query options. Start from FRANA_QUERY_OPTIONS_INIT (or zero-initialize). */
typedef struct frana_query_options {
    size_t size;              /**< sizeof(frana_query_options); 0: this first version */
    int default_or;           /**< 1: words without an operator are OR'ed; 0: AND'ed */
    const char *lang;         /**< language of the query words, NULL for any */
    const char *body_prefix;  /**< prefix of unfielded words' terms; NULL for "" */
    const char *title_prefix; /**< prefix of title: words' terms; NULL for "S" */
    size_t max_query_bytes;   /**< as in frana_search_options; 0: FRANA_QUERY_MAX_BYTES */
    size_t max_query_terms;   /**< as in frana_search_options; 0: FRANA_QUERY_MAX_TERMS */
} frana_query_options;

#define FRANA_QUERY_OPTIONS_INIT {sizeof(frana_query_options), 0, NULL, NULL, NULL, 0, 0}

/**
 * Parses a query (the syntax of frana_db_search) and builds exactly the
 * Xapian query that frana_db_search runs — name keys at their weight, accent
 * resolution against vocab, phrases, place names — for an index made with
 * frana_document_terms under the given prefixes. On FRANA_OK, *out holds
 * Xapian::Query::serialise()'s bytes (*outlen of them; free with frana_free):
 * Xapian::Query::unserialise() in any binding rebuilds it. vocab may be NULL
 * (no index to ask: the accentless readings are not resolved). Errors as
 * frana_db_search's (FRANA_ERR_SYNTAX, FRANA_ERR_LIMIT, FRANA_ERR_EMPTY, …, or vocab's code),
 * with a message in *errmsg when errmsg is not NULL (free with frana_free).
 */
FRANA_EXPORT int frana_query_serialise(frana_session *s, const char *query, size_t len,
                                       const frana_query_options *opts, const frana_vocab *vocab,
                                       char **out, size_t *outlen, char **errmsg);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_DB_H */
