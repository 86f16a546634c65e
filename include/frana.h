/*
 * frana.h — French analyzer for the Xapian search engine.
 *
 * Conventions (every call in this header follows them):
 *  - Every symbol carries the prefix frana_ / FRANA_.
 *  - Handles are opaque. Each _new has a matching _free; _free(NULL) is a no-op.
 *  - Text inputs are a pointer plus a size_t byte length; they need not be
 *    NUL-terminated and may hold any bytes: invalid UTF-8 is replaced by U+FFFD
 *    and counted, never a crash and never a silent truncation.
 *  - Functions that can fail return an int: FRANA_OK (0) or a negative
 *    frana_error code. frana_strerror(code) names the code; a handle's
 *    _errmsg() gives the detailed message of its last failure.
 *  - Memory the library allocates for the caller is released with frana_free().
 *    Memory the library lends (tokens, terms, messages) is borrowed: valid
 *    during the callback, or until the next call on the same handle.
 *
 * Thread model: a frana_analyzer is immutable once created and may be shared by
 * any number of threads. A frana_session holds the mutable per-call state
 * (stemmers, buffers) and must be used by one thread at a time; create one
 * session per thread.
 */
#ifndef FRANA_H
#define FRANA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define FRANA_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#  define FRANA_EXPORT __attribute__((visibility("default")))
#else
#  define FRANA_EXPORT
#endif

#define FRANA_VERSION_MAJOR 0
#define FRANA_VERSION_MINOR 1
#define FRANA_VERSION_PATCH 0
#define FRANA_VERSION_STRING "0.1.0"

/** Runtime version string of the loaded library ("MAJOR.MINOR.PATCH"). Static storage. */
FRANA_EXPORT const char *frana_version(void);

/** Error codes. All are negative; FRANA_OK is zero. */
typedef enum frana_error {
    FRANA_OK = 0,
    FRANA_ERR_NOMEM = -1,       /**< an allocation failed */
    FRANA_ERR_INVALID = -2,     /**< an argument is out of range or NULL where it may not be */
    FRANA_ERR_IO = -3,          /**< a file could not be read or written */
    FRANA_ERR_STEMMER = -4,     /**< Snowball has no stemmer for the language asked */
    FRANA_ERR_SYNTAX = -5,      /**< a query does not parse (the message gives the byte position) */
    FRANA_ERR_EMPTY = -6,       /**< a query holds no searchable word */
    FRANA_ERR_DB = -7,          /**< the database failed (corrupt, unreadable, disk full) */
    FRANA_ERR_DB_LOCKED = -8,   /**< another process is writing to the database */
    FRANA_ERR_DB_OPEN = -9,     /**< the database does not exist or cannot be opened */
    FRANA_ERR_INPUT = -10,      /**< a malformed input record (bad JSON, missing id, wrong type) */
    FRANA_ERR_VERSION = -11,    /**< a plugin host asked for an API version frana does not have */
    FRANA_ERR_INTERRUPTED = -12, /**< stopped by a signal after committing what was done */
    FRANA_ERR_DB_MODIFIED = -13, /**< a writer committed under a reader too often: retryable
                                      (frana_db_reader_reopen, then the same call again) */
    FRANA_ERR_LIMIT = -14        /**< a query is longer, or has more words, than allowed */
} frana_error;

/** Name of an error code ("out of memory", …). Static storage; never NULL. */
FRANA_EXPORT const char *frana_strerror(int code);

/** Releases memory the library allocated for the caller. NULL is a no-op. */
FRANA_EXPORT void frana_free(void *p);

/* ------------------------------------------------------------------------ */
/* Analyzer                                                                  */
/* ------------------------------------------------------------------------ */

/** Option flags for frana_analyzer_new (a bitmask). */
typedef enum frana_flag {
    FRANA_KEEP_STOPWORDS = 1u << 0, /**< give stopwords their stem terms as well */
    FRANA_NO_STEM = 1u << 1,        /**< emit no stem terms */
    FRANA_NO_FOLD = 1u << 2,        /**< emit no accent-folded terms (accents must match) */
    FRANA_NO_NAMES = 1u << 3        /**< emit no proper-noun name keys */
} frana_flag;

/** Every flag of frana_flag. */
#define FRANA_FLAGS_ALL (FRANA_KEEP_STOPWORDS | FRANA_NO_STEM | FRANA_NO_FOLD | FRANA_NO_NAMES)

/** Options for an analyzer. Start from FRANA_OPTIONS_INIT (or zero-initialize),
 *  then set what you need. Fields are only ever appended. */
typedef struct frana_options {
    /** sizeof(frana_options) as the caller's header declares it, which tells
     *  the library which fields the caller has. FRANA_OPTIONS_INIT sets it; 0
     *  means the fields of the first version (stopwords_path, flags). */
    size_t size;
    /** Stopword file in Snowball format ('|' starts a comment), or NULL for the
     *  built-in copy of stopwords/french.txt. */
    const char *stopwords_path;
    /** A bitmask of frana_flag; other bits are refused (FRANA_ERR_INVALID). */
    unsigned flags;
} frana_options;

/** An initializer for frana_options: the size set, everything else default. */
#define FRANA_OPTIONS_INIT {sizeof(frana_options), NULL, 0}

typedef struct frana_analyzer frana_analyzer;
typedef struct frana_session frana_session;

/**
 * Builds an analyzer. opts may be NULL for the defaults; unknown flags, or a
 * size smaller than the first version's, are FRANA_ERR_INVALID. On success stores the
 * analyzer in *out and returns FRANA_OK. On failure returns a negative code and,
 * if errmsg is not NULL, stores a message the caller frees with frana_free().
 * The analyzer is immutable and thread-shareable.
 */
FRANA_EXPORT int frana_analyzer_new(const frana_options *opts, frana_analyzer **out,
                                    char **errmsg);

/** Frees an analyzer. All its sessions must be freed first. NULL is a no-op. */
FRANA_EXPORT void frana_analyzer_free(frana_analyzer *a);

/** Creates a session (per-thread state) over a. Returns NULL if memory runs out. */
FRANA_EXPORT frana_session *frana_session_new(const frana_analyzer *a);

/** Frees a session. NULL is a no-op. */
FRANA_EXPORT void frana_session_free(frana_session *s);

/** Message of the session's last failure. Borrowed until the next call on s. */
FRANA_EXPORT const char *frana_session_errmsg(const frana_session *s);

/** Analysis modes. */
typedef enum frana_mode {
    FRANA_MODE_INDEX = 0, /**< terms to store for a document word */
    FRANA_MODE_QUERY = 1  /**< alternative terms to search for a query word */
} frana_mode;

/** Token flags. */
typedef enum frana_token_flag {
    FRANA_TOKEN_STOP = 1u << 0,      /**< a stopword: searchable only inside phrases */
    /* 1u << 1 is not used (it was never produced) and is not reused. */
    FRANA_TOKEN_NUMBER = 1u << 2,    /**< a number or a date */
    FRANA_TOKEN_ELIDED = 1u << 3,    /**< an elided article or pronoun (l', qu', …) */
    FRANA_TOKEN_HYPHEN = 1u << 4,    /**< a part of a hyphenated compound */
    FRANA_TOKEN_NAME = 1u << 5,      /**< a proper-noun candidate (carries name keys) */
    FRANA_TOKEN_LONG = 1u << 6,      /**< longer than FRANA_MAX_TERM: terms are cut and hashed */
    FRANA_TOKEN_REPLACED = 1u << 7   /**< the input held invalid UTF-8 next to this token */
} frana_token_flag;

/** Kinds of term. The prefix letters follow Xapian's conventions. */
typedef enum frana_term_kind {
    FRANA_TERM_WORD = 0,    /**< the folded surface word, unprefixed; carries positions */
    FRANA_TERM_STEM = 1,    /**< "Z" + French Snowball stem of the accented word;
                                 "XZ" + language + ":" + stem for other languages */
    FRANA_TERM_FOLDED = 2,  /**< "XA" + stem of the accent-stripped word (accentless matching) */
    FRANA_TERM_NAME = 3,    /**< "XN" + language-neutral name key */
    FRANA_TERM_EXONYM = 4,  /**< "XN" + name key of the exonym group a place name links to */
    FRANA_TERM_NAME_PHRASE = 5 /**< "XN" + key of the exonym group of a 2- or 3-word place
                                    name ("États-Unis") that ends at this token */
} frana_term_kind;

/** Longest term frana emits, in bytes (Xapian's limit is 245). Longer terms are
 *  cut at a character boundary and end with '#' and a hash of the whole term,
 *  identically on the index and query sides. */
#define FRANA_MAX_TERM 240

/** One term of a token. */
typedef struct frana_term {
    const char *text; /**< UTF-8, not NUL-terminated; Xapian prefix included */
    size_t len;
    int kind;         /**< a frana_term_kind */
} frana_term;

/** Whether stem is "Z" + word ("Zminsk" next to "minsk": Snowball left the
 *  French word as it was). frana's stores keep the word alone for such a
 *  token and search the word for the stem. Either may be NULL (then 0). */
static inline int frana_stem_is_word(const frana_term *stem, const frana_term *word)
{
    return stem && word && stem->kind == FRANA_TERM_STEM && stem->len == word->len + 1 &&
           stem->text[0] == 'Z' && memcmp(stem->text + 1, word->text, word->len) == 0;
}

/** One token, lent to the callback: valid only during the call. */
typedef struct frana_token {
    uint32_t pos;            /**< word position, from 0; stopwords keep theirs */
    size_t start, end;       /**< byte offsets of the token in the input */
    const char *surface;     /**< normalized surface form (NFC, case-folded), UTF-8 */
    size_t surface_len;
    const frana_term *terms; /**< index mode: terms to store; query mode: alternatives */
    size_t nterms;
    unsigned flags;          /**< a bitmask of frana_token_flag */
} frana_token;

/** Token callback. Return 0 to go on; any other value stops the analysis and
 *  is returned by frana_analyze. */
typedef int (*frana_token_fn)(void *ctx, const frana_token *tok);

/**
 * Analyzes text[0..len) and pushes each token to cb in order.
 * lang: the text's language as an ISO 639 code of two or three letters
 * ("fr", "en", "ru", …; BCP 47 subtags such as "fr-CA" are accepted and not
 * used), or NULL / "" / "any": "fr" in index mode and "any convention" in query
 * mode. Another string is FRANA_ERR_INVALID. A
 * language that Snowball has no stemmer for (frana_language_stems() says 0:
 * "pl", "cs", "uk", …) is analysed without STEM terms; its names still get keys.
 * Returns FRANA_OK, the callback's non-zero value, or a negative code.
 */
FRANA_EXPORT int frana_analyze(frana_session *s, const char *text, size_t len,
                               const char *lang, frana_mode mode, frana_token_fn cb,
                               void *ctx);

/** The language frana takes from a code: an ISO 639 code of 2 or 3 letters
 *  of any case, optionally followed by BCP 47 subtags ("fr", "FR", "fr-CA",
 *  "pt_BR"), gives its language in lower case in out ("fr", "pt") and
 *  FRANA_OK; anything else gives FRANA_ERR_INVALID. Thread-safe. */
FRANA_EXPORT int frana_language_code(const char *lang, char out[4]);

/** 1 when frana stems lang (a code as frana_language_code takes it, NULL for
 *  "fr") with Snowball, 0 when its words get no STEM term. Thread-safe. */
FRANA_EXPORT int frana_language_stems(const char *lang);

/** Counters of the session's last frana_analyze call. */
typedef struct frana_stats {
    size_t tokens;       /**< tokens pushed to the callback */
    size_t invalid_utf8; /**< invalid byte sequences replaced by U+FFFD */
    size_t long_tokens;  /**< tokens whose terms were cut and hashed */
} frana_stats;

/** Copies the counters of the last frana_analyze call on s into *out. */
FRANA_EXPORT void frana_session_stats(const frana_session *s, frana_stats *out);

/**
 * Snowball's stem of one word, exactly as the analysis stems it (the word as
 * given: frana_analyze normalizes a word before stemming it). lang: an ISO
 * 639-1 code, NULL for "fr". On FRANA_OK, *out and *outlen hold the stem,
 * borrowed until the next call on s; FRANA_ERR_STEMMER when Snowball has no
 * stemmer for lang (or it could not be created), with a message in
 * frana_session_errmsg.
 */
FRANA_EXPORT int frana_stem_word(frana_session *s, const char *lang, const char *word,
                                 size_t len, const char **out, size_t *outlen);

/* ------------------------------------------------------------------------ */
/* Names                                                                     */
/* ------------------------------------------------------------------------ */

/** Receives one name key: its text (lowercase ASCII) and kind
 *  (FRANA_TERM_NAME or FRANA_TERM_EXONYM). Return non-zero to stop. */
typedef int (*frana_key_fn)(void *ctx, const char *key, size_t len, int kind);

/**
 * The name keys of one word, as the analysis emits them (without the "XN"
 * prefix). lang: the word's language, or NULL for every convention (the query
 * side). Returns FRANA_OK, the callback's value, or FRANA_ERR_INVALID when the
 * analyzer was built with FRANA_NO_NAMES.
 */
FRANA_EXPORT int frana_name_keys_of(frana_session *s, const char *word, size_t len,
                                    const char *lang, frana_key_fn cb, void *ctx);

/** Receives one name of an exonym group: its CLDR locale and the name. */
typedef int (*frana_name_fn)(void *ctx, const char *lang, const char *name, size_t len);

/**
 * The exonyms a word links to: every name, in every locale of frana's CLDR
 * table, of the places and countries whose group the word belongs to
 * (Moscou → Moscow, Moskau, Moskwa, Москва, …). Returns FRANA_OK (also when
 * there is none), the callback's value, or a negative code.
 */
FRANA_EXPORT int frana_exonyms(frana_session *s, const char *word, size_t len, const char *lang,
                               frana_name_fn cb, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_H */
