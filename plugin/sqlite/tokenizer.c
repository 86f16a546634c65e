/*
 * tokenizer.c — frana as an SQLite FTS5 tokenizer.
 *
 * Each frana token is one FTS5 position; its terms are FTS5 tokens at that
 * position, the first plain and the others FTS5_TOKEN_COLOCATED, all with the
 * token's byte offsets from frana (so highlight() and snippet() mark the
 * word as written: "l’[élection]").
 *
 *   document (FTS5_TOKENIZE_DOCUMENT, FTS5_TOKENIZE_AUX): frana's index
 *     terms (word, stem, folded, name keys), except a stem "Z"+s equal to
 *     "Z" + the word (the word's postings stand for it, as in frana's Xapian
 *     database). Stopwords keep their position and their word term, so that
 *     phrases are honest; an elided article (l’, qu’), which has no term,
 *     takes its place as a marker token, its surface and "'" ("l'"), which
 *     no word can spell.
 *   query (FTS5_TOKENIZE_QUERY): frana's query alternatives, colocated (FTS5
 *     searches colocated query tokens as alternatives at one position), and
 *     for a stem "Z"+s the word s too (its postings stand for the stems not
 *     stored). FTS5 hands over one bareword or quoted string at a time, and
 *     its tokens make a phrase. As in `frana search`: a word (a text without
 *     spaces: a bareword, or "l'élection" quoted for its apostrophe) loses
 *     its leading and trailing stopwords and elided articles, so
 *     "l'élection" searches élection; a phrase (a text with spaces) keeps
 *     them all in their places. A word of stopwords only yields no token:
 *     FTS5 leaves it out of an AND, and a query of nothing but stopwords
 *     matches nothing (never everything).
 *     With `query_names capitalized`, only query words written with a
 *     capital search their name keys: bm25 weighs a key as much as the word
 *     (frana search weighs keys at 0.5), so the keys of every word of a long
 *     query add noise; but a name typed in lower case then finds only its
 *     own spelling.
 *   prefix (FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, `elect*`): the last
 *     token gives only its word term, the folded surface word: FTS5 matches
 *     it as a prefix of the stored word terms, which are folded too, so
 *     `elect*` and `élect*` find élection, électoral and elections. Stems,
 *     folded stems and name keys are not prefixes of anything the user typed.
 *
 * Thread model: an instance (one per FTS5 table and connection) owns an
 * immutable analyzer and one session. FTS5 calls an instance only from its
 * connection, and SQLite never runs two calls on one connection at once
 * (serialized mode locks the connection; in multi-thread mode the
 * application may not share a connection between threads), so one session
 * per instance is enough. A call that re-entered a busy instance would get a
 * session of its own for that call. Terms are lent to FTS5 straight from
 * frana's buffers: nothing is allocated per token.
 */
#include "tokenizer.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "frana.h"
#include "options.h"

SQLITE_EXTENSION_INIT3

typedef struct frana_fts5 {
    frana_analyzer *analyzer;
    frana_session *session;
    int busy;           /* a call is running on session */
    char lang[4];       /* "" = frana's default ("fr") */
    char query_lang[4]; /* "" = every convention */
    int query_names_capitalized; /* name keys only for query words with a capital */
} frana_fts5;

static void fts5_frana_delete(Fts5Tokenizer *t)
{
    frana_fts5 *p = (frana_fts5 *)t;
    if (!p)
        return;
    frana_session_free(p->session);
    frana_analyzer_free(p->analyzer);
    sqlite3_free(p);
}

/* FTS5 keeps a tokenizer's own message out of the CREATE VIRTUAL TABLE error
 * ("error in tokenizer constructor"): the message goes to SQLite's error log
 * (sqlite3_log; `.log stderr` in the sqlite3 shell shows it), and
 * frana_tokenizer_check() returns it (extension.c). */
static int fts5_frana_create(void *ctx, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
    (void)ctx;
    *ppOut = NULL;
    fts5_frana_config cfg;
    char err[512];
    if (fts5_frana_parse_options(azArg, nArg, &cfg, err, sizeof err) != 0) {
        sqlite3_log(SQLITE_ERROR, "%s", err);
        return SQLITE_ERROR;
    }
    frana_fts5 *p = sqlite3_malloc(sizeof *p);
    if (!p)
        return SQLITE_NOMEM;
    memset(p, 0, sizeof *p);
    memcpy(p->lang, cfg.lang, sizeof p->lang);
    memcpy(p->query_lang, cfg.query_lang, sizeof p->query_lang);
    p->query_names_capitalized = cfg.query_names_capitalized;
    char *msg = NULL;
    int rc = frana_analyzer_new(&cfg.opts, &p->analyzer, &msg);
    if (rc != FRANA_OK) {
        sqlite3_log(SQLITE_ERROR, "frana tokenizer: %s", msg ? msg : frana_strerror(rc));
        frana_free(msg);
        sqlite3_free(p);
        return rc == FRANA_ERR_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    p->session = frana_session_new(p->analyzer);
    if (!p->session) {
        fts5_frana_delete((Fts5Tokenizer *)p);
        return SQLITE_NOMEM;
    }
    *ppOut = (Fts5Tokenizer *)p;
    return SQLITE_OK;
}

typedef int (*fts5_token_fn)(void *, int, const char *, int, int, int);

/* State of one xTokenize call. */
typedef struct call {
    void *pCtx;
    fts5_token_fn xToken;
    const char *text;    /* the text being analyzed */
    size_t len;
    int query;           /* query side */
    int names_capitalized; /* query side: name keys only for words with a capital */
    int prefix;          /* the last token is a prefix */
    size_t ntokens;      /* query side: tokens of the text (first pass) */
    size_t from, to;     /* query side: the tokens [from, to) are searched */
    int phrase;          /* query side: the text holds spaces */
    size_t index;        /* tokens seen so far */
    /* The tokens given for the current frana token, to give each once. */
    const char *seen[32];
    int seen_len[32];
    int nseen;
    char marker[FRANA_MAX_TERM + 2];
} call;

/* First pass on the query side: the first and last token that is not a
 * stopword, when stopwords at either end of a word are dropped. */
static int count_token(void *ctx, const frana_token *tok)
{
    call *c = ctx;
    size_t i = c->ntokens++;
    if (c->phrase || !(tok->flags & FRANA_TOKEN_STOP)) {
        if (c->to == 0)
            c->from = i;
        c->to = i + 1;
    }
    return 0;
}

/* Gives one token to FTS5, unless the position already has it. */
static int give(call *c, const frana_token *tok, const char *text, size_t len, int *first)
{
    if (len == 0)
        return SQLITE_OK;
    for (int i = 0; i < c->nseen; i++)
        if ((size_t)c->seen_len[i] == len && memcmp(c->seen[i], text, len) == 0)
            return SQLITE_OK;
    if (c->nseen < (int)(sizeof c->seen / sizeof c->seen[0])) {
        c->seen[c->nseen] = text;
        c->seen_len[c->nseen] = (int)len;
        c->nseen++;
    }
    int flags = *first ? 0 : FTS5_TOKEN_COLOCATED;
    *first = 0;
    return c->xToken(c->pCtx, flags, text, (int)len, (int)tok->start, (int)tok->end);
}

/* The marker of a token without terms (an elided article): its surface and
 * "'", cut at a character boundary if it were ever that long. */
static int give_marker(call *c, const frana_token *tok, int *first)
{
    size_t n = tok->surface_len;
    if (n > FRANA_MAX_TERM) {
        n = FRANA_MAX_TERM;
        while (n > 0 && ((unsigned char)tok->surface[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(c->marker, tok->surface, n);
    c->marker[n] = '\'';
    return give(c, tok, c->marker, n + 1, first);
}

static const frana_term *word_of(const frana_token *tok)
{
    for (size_t i = 0; i < tok->nterms; i++)
        if (tok->terms[i].kind == FRANA_TERM_WORD)
            return &tok->terms[i];
    return NULL;
}

static int is_name_key(const frana_term *t)
{
    return t->kind == FRANA_TERM_NAME || t->kind == FRANA_TERM_EXONYM ||
           t->kind == FRANA_TERM_NAME_PHRASE;
}

/* Whether the token is written with a capital (its first character, as typed). */
static int starts_upper(const call *c, const frana_token *tok)
{
    utf8proc_int32_t cp;
    if (tok->start >= c->len ||
        utf8proc_iterate((const utf8proc_uint8_t *)c->text + tok->start,
                         (utf8proc_ssize_t)(c->len - tok->start), &cp) <= 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int emit_token(void *ctx, const frana_token *tok)
{
    call *c = ctx;
    size_t index = c->index++;
    if (c->query && (index < c->from || index >= c->to))
        return SQLITE_OK;
    int first = 1; /* each frana token starts a position */
    c->nseen = 0;  /* terms of earlier callbacks are no longer valid */
    const frana_term *word = word_of(tok);
    int rc = SQLITE_OK;
    if (c->query && c->prefix && index + 1 == c->to) {
        rc = word ? give(c, tok, word->text, word->len, &first) : give_marker(c, tok, &first);
        return rc;
    }
    int keys = !c->query || !c->names_capitalized || starts_upper(c, tok);
    for (size_t i = 0; i < tok->nterms && rc == SQLITE_OK; i++) {
        const frana_term *t = &tok->terms[i];
        if (!c->query && frana_stem_is_word(t, word))
            continue;
        if (!keys && is_name_key(t))
            continue;
        rc = give(c, tok, t->text, t->len, &first);
        if (rc == SQLITE_OK && c->query && t->kind == FRANA_TERM_STEM && t->text[0] == 'Z')
            rc = give(c, tok, t->text + 1, t->len - 1, &first);
    }
    if (rc == SQLITE_OK && first)
        rc = give_marker(c, tok, &first);
    return rc;
}

static int sqlite_rc(int rc)
{
    if (rc > 0)
        return rc; /* FTS5's own code, from xToken */
    return rc == FRANA_ERR_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
}

static int fts5_frana_tokenize(Fts5Tokenizer *t, void *pCtx, int flags, const char *pText,
                               int nText, fts5_token_fn xToken)
{
    frana_fts5 *p = (frana_fts5 *)t;
    if (nText <= 0)
        return SQLITE_OK;
    frana_session *s = p->session, *own = NULL;
    if (p->busy) {
        s = own = frana_session_new(p->analyzer);
        if (!s)
            return SQLITE_NOMEM;
    }
    p->busy++;
    call c;
    memset(&c, 0, sizeof c);
    c.pCtx = pCtx;
    c.xToken = xToken;
    c.text = pText;
    c.len = (size_t)nText;
    c.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    c.prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
    c.names_capitalized = p->query_names_capitalized;
    frana_mode mode = c.query ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
    const char *lang = c.query ? p->query_lang : p->lang;
    if (!lang[0])
        lang = NULL;
    int rc = FRANA_OK;
    if (c.query) {
        c.phrase = memchr(pText, ' ', (size_t)nText) || memchr(pText, '\t', (size_t)nText) ||
                   memchr(pText, '\n', (size_t)nText);
        rc = frana_analyze(s, pText, (size_t)nText, lang, mode, count_token, &c);
        if (rc == FRANA_OK && c.prefix && c.ntokens)
            c.to = c.ntokens; /* the prefix is searched, stopword or not */
        if (rc == FRANA_OK && c.to == 0)
            goto done; /* stopwords only: nothing to search */
    }
    if (rc == FRANA_OK)
        rc = frana_analyze(s, pText, (size_t)nText, lang, mode, emit_token, &c);
done:
    if (rc < 0)
        sqlite3_log(SQLITE_ERROR, "frana tokenizer: %s", frana_session_errmsg(s));
    p->busy--;
    frana_session_free(own);
    return rc == FRANA_OK ? SQLITE_OK : sqlite_rc(rc);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) == SQLITE_OK)
        sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int fts5_frana_register(sqlite3 *db, char **pzErrMsg)
{
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2) {
        if (pzErrMsg)
            *pzErrMsg = sqlite3_mprintf("frana: this SQLite has no FTS5 (version 2 or later)");
        return SQLITE_ERROR;
    }
    static fts5_tokenizer tokenizer = {fts5_frana_create, fts5_frana_delete, fts5_frana_tokenize};
    int rc = api->xCreateTokenizer(api, "frana", NULL, &tokenizer, NULL);
    if (rc != SQLITE_OK && pzErrMsg)
        *pzErrMsg = sqlite3_mprintf("frana: FTS5 refused the tokenizer: %s", sqlite3_errstr(rc));
    return rc;
}
