/*
 * frana_pg.c — frana as a PostgreSQL text search parser and dictionary templates.
 *
 * The parser runs frana's analysis over the whole text once (frana_analyze)
 * and hands PostgreSQL one token per frana token, with frana's byte offsets,
 * plus the text between tokens as "blank" tokens, so that ts_headline puts
 * the text back together. A hyphenated word is reported whole (hword, no
 * lexeme) and then part by part (hword_part, one position each), as the
 * default parser does. Token type numbers are those of the default parser
 * for the same kinds, so its headline function (prsd_headline) serves.
 *
 * A dictionary is called token by token with the token's text only. When
 * that text is the parser's current token (the same pointer: parsetext and
 * hlparsetext hand the parser's pointer on), the dictionary takes the terms
 * the analysis of the whole text gave it (elision, hyphens, names of several
 * words, positions all need the context); otherwise (ts_lexize, ts_debug, a
 * dictionary behind a filter) it analyzes the token text alone.
 *
 * Index or query side: PostgreSQL does not tell a dictionary whether it is
 * building a tsvector or a tsquery. All four tsquery builders (to_tsquery,
 * plainto_, phraseto_, websearch_to_tsquery) go through parse_tsquery(), so
 * the parser looks, once per parse, whether parse_tsquery is among its
 * callers' frames. A self-test on first use checks that this works on the
 * running server; when it does not, "auto" dictionaries serve as the index
 * side and say so once (templates frana_index and frana_query fix the side).
 * Document side: every term of a word is a lexeme at the word's position
 * (but a stem equal to the word). Query side: each query alternative is its
 * own variant (a new nvariant), so pushval_morph ORs them; the words of a
 * query are joined by the function's own operator (& or <->). Stopwords and
 * elided articles give no lexeme but keep their position, so phrases keep
 * their distances.
 *
 * Memory: frana allocates with malloc and may not be left by a longjmp, so
 * the analysis callback never calls palloc (it grows malloc'd buffers and
 * reports a failure by its return value). The buffers belong to the parse
 * and are freed at its end, or by a reset callback of its memory context
 * when an error ends the parse early.
 */
/* PostgreSQL's headers, as system headers (plugin/postgres is a host: frana.h only). */
#define _GNU_SOURCE /* dladdr1 */
#include <postgres.h>

#include <catalog/pg_type.h>
#include <commands/defrem.h>
#include <fmgr.h>
#include <mb/pg_wchar.h>
#include <tsearch/ts_public.h>
#include <tsearch/ts_utils.h>
#include <utils/builtins.h>
#include <utils/memutils.h>

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frana.h"

PG_MODULE_MAGIC;

/* Token types. The numbers are the default parser's for the same kinds
 * (wparser_def.c), which prsd_headline relies on; 24 and up are frana's. */
enum {
    FP_ASCIIWORD = 1,
    FP_WORD = 2,
    FP_NUMWORD = 3,
    FP_NUMPARTHWORD = 9,
    FP_PARTHWORD = 10,
    FP_ASCIIPARTHWORD = 11,
    FP_BLANK = 12,
    FP_NUMHWORD = 15,
    FP_ASCIIHWORD = 16,
    FP_HWORD = 17,
    FP_DECIMAL = 20,
    FP_UINT = 22,
    FP_ELISION = 24,
    FP_DATE = 25,
    FP_WORDTAIL = 26
};

static const struct {
    int id;
    const char *alias, *descr;
} fp_types[] = {
    {FP_ASCIIWORD, "asciiword", "Word, all ASCII"},
    {FP_WORD, "word", "Word, all letters"},
    {FP_NUMWORD, "numword", "Word, letters and digits"},
    {FP_NUMPARTHWORD, "hword_numpart", "Hyphenated word part, letters and digits"},
    {FP_PARTHWORD, "hword_part", "Hyphenated word part, all letters"},
    {FP_ASCIIPARTHWORD, "hword_asciipart", "Hyphenated word part, all ASCII"},
    {FP_BLANK, "blank", "Space symbols"},
    {FP_NUMHWORD, "numhword", "Hyphenated word, letters and digits"},
    {FP_ASCIIHWORD, "asciihword", "Hyphenated word, all ASCII"},
    {FP_HWORD, "hword", "Hyphenated word, all letters"},
    {FP_DECIMAL, "float", "Decimal number (3,5)"},
    {FP_UINT, "uint", "Unsigned integer, thousands groups joined (100 000)"},
    {FP_ELISION, "elision", "Elided article or pronoun (l', qu')"},
    {FP_DATE, "date", "Date (2020-09-14)"},
    {FP_WORDTAIL, "word_tail", "Rest of a word longer than a token may be"},
};

/* PostgreSQL ignores tokens of MAXSTRLEN (2047) bytes or more, in tsvectors
 * and in headlines alike; longer text goes out in pieces of at most this. */
#define FP_CHUNK 2000

/* ------------------------------------------------------------------------ */
/* Analyzers and sessions: one per set of flags, for the backend's life       */
/* ------------------------------------------------------------------------ */

#define FP_MAX_ANALYZERS 4

static struct {
    unsigned flags;
    frana_analyzer *analyzer;
    frana_session *session;
} fp_analyzers[FP_MAX_ANALYZERS];
static int fp_nanalyzers;

static frana_session *fp_session(unsigned flags)
{
    for (int i = 0; i < fp_nanalyzers; i++)
        if (fp_analyzers[i].flags == flags)
            return fp_analyzers[i].session;
    if (fp_nanalyzers == FP_MAX_ANALYZERS)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("frana: too many different dictionary option sets in one session")));
    frana_options opts;
    memset(&opts, 0, sizeof opts);
    opts.flags = flags;
    frana_analyzer *a = NULL;
    char *msg = NULL;
    int rc = frana_analyzer_new(&opts, &a, &msg);
    if (rc != FRANA_OK) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", msg ? msg : frana_strerror(rc));
        frana_free(msg);
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("frana: %s", buf)));
    }
    frana_session *s = frana_session_new(a);
    if (!s) {
        frana_analyzer_free(a);
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
                        errdetail("frana could not create an analysis session.")));
    }
    fp_analyzers[fp_nanalyzers].flags = flags;
    fp_analyzers[fp_nanalyzers].analyzer = a;
    fp_analyzers[fp_nanalyzers].session = s;
    fp_nanalyzers++;
    return s;
}

/* ------------------------------------------------------------------------ */
/* One analysis of a text, in malloc'd buffers                                */
/* ------------------------------------------------------------------------ */

typedef struct fp_term {
    size_t off; /* into chars */
    size_t len;
    int kind; /* a frana_term_kind */
} fp_term;

typedef struct fp_tok {
    size_t start, end;
    uint32_t pos;
    unsigned flags;
    size_t term0, nterms; /* into terms */
} fp_tok;

typedef struct fp_analysis {
    const char *lang; /* a static string or NULL (any) */
    frana_mode mode;
    unsigned aflags;
    fp_tok *toks;
    size_t ntoks, captoks;
    fp_term *terms;
    size_t nterms, capterms;
    char *chars;
    size_t nchars, capchars;
} fp_analysis;

static void fp_analysis_free(fp_analysis *an)
{
    free(an->toks);
    free(an->terms);
    free(an->chars);
    memset(an, 0, sizeof *an);
}

/* Grows *buf to hold need elements of size elem; 0 on success. */
static int fp_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*buf, n * elem);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

#define FP_CB_NOMEM 1

/* frana's token callback: copies the token into the analysis. No palloc here
 * (see the header comment). */
static int fp_collect(void *ctx, const frana_token *tok)
{
    fp_analysis *an = ctx;
    size_t chars = 0;
    for (size_t i = 0; i < tok->nterms; i++)
        chars += tok->terms[i].len + 1;
    if (fp_grow((void **)&an->toks, &an->captoks, an->ntoks + 1, sizeof *an->toks) ||
        fp_grow((void **)&an->terms, &an->capterms, an->nterms + tok->nterms, sizeof *an->terms) ||
        fp_grow((void **)&an->chars, &an->capchars, an->nchars + chars, 1))
        return FP_CB_NOMEM;
    fp_tok *t = &an->toks[an->ntoks++];
    t->start = tok->start;
    t->end = tok->end;
    t->pos = tok->pos;
    t->flags = tok->flags;
    t->term0 = an->nterms;
    t->nterms = tok->nterms;
    for (size_t i = 0; i < tok->nterms; i++) {
        fp_term *term = &an->terms[an->nterms++];
        term->off = an->nchars;
        term->len = tok->terms[i].len;
        term->kind = tok->terms[i].kind;
        memcpy(an->chars + an->nchars, tok->terms[i].text, term->len);
        an->chars[an->nchars + term->len] = 0;
        an->nchars += term->len + 1;
    }
    return 0;
}

/* Analyzes text[0..len) into an (emptied first). Errors are reported with
 * ereport, after frana_analyze has returned. */
static void fp_run(fp_analysis *an, const char *text, size_t len, const char *lang,
                   frana_mode mode, unsigned aflags)
{
    frana_session *s = fp_session(aflags);
    an->lang = lang;
    an->mode = mode;
    an->aflags = aflags;
    an->ntoks = an->nterms = an->nchars = 0;
    int rc = frana_analyze(s, text, len, lang, mode, fp_collect, an);
    if (rc == FP_CB_NOMEM)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
                        errdetail("frana could not store the analysis of a %zu-byte text.", len)));
    if (rc != FRANA_OK)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("frana: %s", frana_session_errmsg(s))));
}

/* ------------------------------------------------------------------------ */
/* Which side: does this call run under parse_tsquery()?                      */
/* ------------------------------------------------------------------------ */

static uintptr_t fp_tsq_lo, fp_tsq_hi;
static int fp_side_state; /* 0: not tested yet, 1: works, -1: unavailable */
static bool fp_side_warned;

static bool fp_under_tsquery_frames(void)
{
    void *frames[128];
    int n = backtrace(frames, 128);
    for (int i = 0; i < n; i++) {
        uintptr_t a = (uintptr_t)frames[i];
        if (a > fp_tsq_lo && a <= fp_tsq_hi)
            return true;
    }
    return false;
}

static bool fp_probe_seen;

static void fp_probe_push(Datum opaque, TSQueryParserState state, char *token, int tokenlen,
                          int16 weight, bool prefix)
{
    (void)opaque;
    fp_probe_seen = fp_under_tsquery_frames();
    pushValue(state, token, tokenlen, weight, prefix);
}

/* Finds parse_tsquery's code range and checks that its frame is seen from
 * inside: from where we are when that is under parse_tsquery already, else
 * by running it once with a push function of ours. */
static void fp_side_selftest(void)
{
    Dl_info info;
    const ElfW(Sym) *sym = NULL;
    void *addr = (void *)(uintptr_t)&parse_tsquery;
    fp_side_state = -1;
    if (!dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) || !sym || sym->st_size == 0 ||
        info.dli_saddr != addr)
        return;
    fp_tsq_lo = (uintptr_t)addr;
    fp_tsq_hi = fp_tsq_lo + sym->st_size;
    if (fp_under_tsquery_frames()) { /* called under parse_tsquery already: seen */
        fp_side_state = 1;
        return;
    }
    char probe[] = "frana";
    fp_probe_seen = false;
    TSQuery q = parse_tsquery(probe, fp_probe_push, (Datum)0, 0);
    if (q)
        pfree(q);
    if (fp_probe_seen)
        fp_side_state = 1;
}

/* true when the caller builds a tsquery. */
static bool fp_query_side(void)
{
    if (fp_side_state == 0)
        fp_side_selftest();
    if (fp_side_state < 0) {
        if (!fp_side_warned) {
            fp_side_warned = true;
            ereport(WARNING,
                    (errmsg("frana: cannot tell a tsquery from a tsvector on this server"),
                     errdetail("Dictionaries of template \"frana\" serve as the document side."),
                     errhint("Use a configuration whose dictionary has template frana_query "
                             "for queries.")));
        }
        return false;
    }
    return fp_under_tsquery_frames();
}

/* ------------------------------------------------------------------------ */
/* The parser                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct fp_piece {
    size_t start, end;
    int type;
    long tok; /* index into the parse's first analysis; -1: no lexeme of its own */
} fp_piece;

#define FP_ANALYSES 3

typedef struct fp_parse {
    const char *text;
    size_t len;
    bool query;
    fp_analysis an[FP_ANALYSES]; /* [0]: the parser's own; the others on demand */
    int nan;
    fp_piece *pieces;
    size_t npieces, cappieces, next;
    const fp_piece *cur; /* the token last handed out */
    MemoryContextCallback reset;
} fp_parse;

/* The parse in progress, for the dictionaries it feeds. */
static fp_parse *fp_current;

static void fp_parse_release(void *arg)
{
    fp_parse *p = arg;
    for (int i = 0; i < p->nan; i++)
        fp_analysis_free(&p->an[i]);
    p->nan = 0;
    if (fp_current == p)
        fp_current = NULL;
}

static void fp_add_piece(fp_parse *p, size_t start, size_t end, int type, long tok)
{
    if (p->npieces == p->cappieces) {
        p->cappieces = p->cappieces ? p->cappieces * 2 : 64;
        p->pieces = p->pieces ? repalloc_huge(p->pieces, p->cappieces * sizeof *p->pieces)
                              : palloc_extended(p->cappieces * sizeof *p->pieces, MCXT_ALLOC_HUGE);
    }
    fp_piece *pc = &p->pieces[p->npieces++];
    pc->start = start;
    pc->end = end;
    pc->type = type;
    pc->tok = tok;
}

/* The end of a piece of at most FP_CHUNK bytes from start, on a character
 * boundary (the text is valid UTF-8: PostgreSQL checked it). */
static size_t fp_chunk_end(const char *t, size_t start, size_t end)
{
    if (end - start <= FP_CHUNK)
        return end;
    size_t e = start + FP_CHUNK;
    while (e > start + 1 && ((unsigned char)t[e] & 0xC0) == 0x80)
        e--;
    return e;
}

/* Adds text[start..end) as pieces: the first of type first_type carrying tok,
 * the rest (when longer than a token may be) of type rest_type. */
static void fp_add_chunked(fp_parse *p, size_t start, size_t end, int first_type, long tok,
                           int rest_type)
{
    size_t e = fp_chunk_end(p->text, start, end);
    fp_add_piece(p, start, e, first_type, tok);
    while (e < end) {
        size_t s = e;
        e = fp_chunk_end(p->text, s, end);
        fp_add_piece(p, s, e, rest_type, -1);
    }
}

/* 0: ASCII letters only, 1: letters (some not ASCII), 2: letters and digits. */
static int fp_word_class(const char *t, size_t start, size_t end)
{
    int ascii = 1, digit = 0;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= '0' && c <= '9')
            digit = 1;
        else if (c >= 0x80)
            ascii = 0;
    }
    return digit ? 2 : ascii ? 0 : 1;
}

static int fp_number_type(const char *t, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++) {
        char c = t[i];
        if (c == '-' || c == '/')
            return FP_DATE;
        if (c == ',' || c == '.')
            return FP_DECIMAL;
    }
    return FP_UINT;
}

/* Between two parts of one hyphenated word there are hyphens only: no space,
 * no control character, a few bytes at most. */
static bool fp_hyphen_gap(const char *t, size_t start, size_t end)
{
    if (end <= start || end - start > 8)
        return false;
    for (size_t i = start; i < end; i++)
        if ((unsigned char)t[i] <= ' ')
            return false;
    return true;
}

static void fp_build_pieces(fp_parse *p)
{
    static const int whole_types[] = {FP_ASCIIHWORD, FP_HWORD, FP_NUMHWORD};
    static const int part_types[] = {FP_ASCIIPARTHWORD, FP_PARTHWORD, FP_NUMPARTHWORD};
    static const int word_types[] = {FP_ASCIIWORD, FP_WORD, FP_NUMWORD};
    const fp_analysis *an = &p->an[0];
    const char *t = p->text;
    size_t cursor = 0;
    for (size_t i = 0; i < an->ntoks; i++) {
        const fp_tok *tk = &an->toks[i];
        if (tk->start < cursor) {
            /* a token at the place of the previous one: no text of its own */
            fp_add_piece(p, cursor, cursor, FP_WORD, (long)i);
            continue;
        }
        if (tk->start > cursor)
            fp_add_chunked(p, cursor, tk->start, FP_BLANK, -1, FP_BLANK);
        if ((tk->flags & FRANA_TOKEN_HYPHEN) && i + 1 < an->ntoks &&
            (an->toks[i + 1].flags & FRANA_TOKEN_HYPHEN) &&
            fp_hyphen_gap(t, tk->end, an->toks[i + 1].start)) {
            /* a hyphenated word: the whole first (no lexeme), then the parts */
            size_t j = i;
            while (j + 1 < an->ntoks && (an->toks[j + 1].flags & FRANA_TOKEN_HYPHEN) &&
                   fp_hyphen_gap(t, an->toks[j].end, an->toks[j + 1].start))
                j++;
            size_t ws = tk->start, we = an->toks[j].end;
            if (we - ws <= FP_CHUNK)
                fp_add_piece(p, ws, we, whole_types[fp_word_class(t, ws, we)], -1);
            for (size_t k = i; k <= j; k++) {
                const fp_tok *pk = &an->toks[k];
                if (k > i)
                    fp_add_piece(p, an->toks[k - 1].end, pk->start, FP_BLANK, -1);
                fp_add_chunked(p, pk->start, pk->end,
                               part_types[fp_word_class(t, pk->start, pk->end)], (long)k,
                               FP_WORDTAIL);
            }
            cursor = we;
            i = j;
            continue;
        }
        int type;
        if (tk->flags & FRANA_TOKEN_ELIDED)
            type = FP_ELISION;
        else if (tk->flags & FRANA_TOKEN_NUMBER)
            type = fp_number_type(t, tk->start, tk->end);
        else
            type = word_types[fp_word_class(t, tk->start, tk->end)];
        fp_add_chunked(p, tk->start, tk->end, type, (long)i, FP_WORDTAIL);
        cursor = tk->end;
    }
    if (cursor < p->len)
        fp_add_chunked(p, cursor, p->len, FP_BLANK, -1, FP_BLANK);
}

static void fp_check_encoding(void)
{
    if (GetDatabaseEncoding() != PG_UTF8)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("frana needs a UTF8 database, not %s", GetDatabaseEncodingName())));
}

/* The analysis languages of a dictionary language: a query in French tries
 * every romanization convention (lang NULL), as `frana search` does. */
static const char *fp_lang_for(const char *lang, frana_mode mode)
{
    if (mode == FRANA_MODE_QUERY && strcmp(lang, "fr") == 0)
        return NULL;
    return lang;
}

PG_FUNCTION_INFO_V1(frana_prs_start);
Datum frana_prs_start(PG_FUNCTION_ARGS)
{
    char *text = (char *)PG_GETARG_POINTER(0);
    int len = PG_GETARG_INT32(1);
    fp_check_encoding();
    fp_parse *p = palloc0(sizeof *p);
    p->text = text;
    p->len = len > 0 ? (size_t)len : 0;
    p->query = fp_query_side();
    p->reset.func = fp_parse_release;
    p->reset.arg = p;
    MemoryContextRegisterResetCallback(CurrentMemoryContext, &p->reset);
    frana_mode mode = p->query ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
    p->nan = 1;
    fp_run(&p->an[0], p->text, p->len, fp_lang_for("fr", mode), mode, 0);
    fp_build_pieces(p);
    fp_current = p;
    PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(frana_prs_nexttoken);
Datum frana_prs_nexttoken(PG_FUNCTION_ARGS)
{
    fp_parse *p = (fp_parse *)PG_GETARG_POINTER(0);
    char **t = (char **)PG_GETARG_POINTER(1);
    int *tlen = (int *)PG_GETARG_POINTER(2);
    if (p->next >= p->npieces) {
        p->cur = NULL;
        PG_RETURN_INT32(0);
    }
    const fp_piece *pc = &p->pieces[p->next++];
    *t = (char *)p->text + pc->start;
    *tlen = (int)(pc->end - pc->start);
    p->cur = pc;
    fp_current = p;
    PG_RETURN_INT32(pc->type);
}

PG_FUNCTION_INFO_V1(frana_prs_end);
Datum frana_prs_end(PG_FUNCTION_ARGS)
{
    fp_parse *p = (fp_parse *)PG_GETARG_POINTER(0);
    fp_parse_release(p);
    PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(frana_prs_lextype);
Datum frana_prs_lextype(PG_FUNCTION_ARGS)
{
    size_t n = sizeof fp_types / sizeof fp_types[0];
    LexDescr *d = palloc(sizeof(LexDescr) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        d[i].lexid = fp_types[i].id;
        d[i].alias = pstrdup(fp_types[i].alias);
        d[i].descr = pstrdup(fp_types[i].descr);
    }
    d[n].lexid = 0;
    PG_RETURN_POINTER(d);
}

/* ------------------------------------------------------------------------ */
/* The dictionary templates                                                   */
/* ------------------------------------------------------------------------ */

typedef enum { FP_SIDE_AUTO, FP_SIDE_INDEX, FP_SIDE_QUERY } fp_side;

typedef struct fp_dict {
    const char *lang; /* static */
    fp_side side;
    unsigned aflags;
} fp_dict;

static const char *const fp_langs[] = {"fr", "en", "de", "ru", "es", "it", "pt",
                                       "nl", "sv", "da", "no", "fi", "hu", "ro",
                                       "tr", "ca", "pl", "cs", "uk", "be"};

static bool fp_bool_option(DefElem *d)
{
    return defGetBoolean(d);
}

static fp_dict *fp_dict_init(List *options, fp_side side)
{
    fp_dict *d = palloc0(sizeof *d);
    d->lang = "fr";
    d->side = side;
    ListCell *lc;
    foreach (lc, options) {
        DefElem *o = lfirst(lc);
        if (strcmp(o->defname, "lang") == 0) {
            char *v = defGetString(o);
            d->lang = NULL;
            for (size_t i = 0; i < sizeof fp_langs / sizeof fp_langs[0]; i++)
                if (strcmp(v, fp_langs[i]) == 0)
                    d->lang = fp_langs[i];
            if (!d->lang)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("frana: unknown lang \"%s\"", v),
                                errhint("frana knows fr en de ru es it pt nl sv da no fi hu ro "
                                        "tr ca pl cs uk be.")));
        } else if (strcmp(o->defname, "mode") == 0 && side == FP_SIDE_AUTO) {
            char *v = defGetString(o);
            if (strcmp(v, "auto") == 0)
                d->side = FP_SIDE_AUTO;
            else if (strcmp(v, "index") == 0)
                d->side = FP_SIDE_INDEX;
            else if (strcmp(v, "query") == 0)
                d->side = FP_SIDE_QUERY;
            else
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("frana: unknown mode \"%s\"", v),
                                errhint("mode is auto, index or query.")));
        } else if (strcmp(o->defname, "names") == 0) {
            if (!fp_bool_option(o))
                d->aflags |= FRANA_NO_NAMES;
        } else if (strcmp(o->defname, "stem") == 0) {
            if (!fp_bool_option(o))
                d->aflags |= FRANA_NO_STEM;
        } else if (strcmp(o->defname, "fold") == 0) {
            if (!fp_bool_option(o))
                d->aflags |= FRANA_NO_FOLD;
        } else {
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("frana: unknown dictionary option \"%s\"", o->defname),
                            errhint("Options are lang, names, stem, fold%s.",
                                    side == FP_SIDE_AUTO ? ", mode" : "")));
        }
    }
    return d;
}

PG_FUNCTION_INFO_V1(frana_dict_init);
Datum frana_dict_init(PG_FUNCTION_ARGS)
{
    PG_RETURN_POINTER(fp_dict_init((List *)PG_GETARG_POINTER(0), FP_SIDE_AUTO));
}

PG_FUNCTION_INFO_V1(frana_dict_index_init);
Datum frana_dict_index_init(PG_FUNCTION_ARGS)
{
    PG_RETURN_POINTER(fp_dict_init((List *)PG_GETARG_POINTER(0), FP_SIDE_INDEX));
}

PG_FUNCTION_INFO_V1(frana_dict_query_init);
Datum frana_dict_query_init(PG_FUNCTION_ARGS)
{
    PG_RETURN_POINTER(fp_dict_init((List *)PG_GETARG_POINTER(0), FP_SIDE_QUERY));
}

/* The stem of a stem term without its prefix ("Z", "XZen:"). */
static void fp_bare_stem(const char *t, size_t len, const char **out, size_t *outlen)
{
    size_t skip = 1;
    if (len > 2 && t[0] == 'X' && t[1] == 'Z') {
        const char *colon = memchr(t, ':', len);
        skip = colon ? (size_t)(colon - t) + 1 : len;
    }
    *out = t + skip;
    *outlen = len - skip;
}

/* Lexemes of one analysed token. Stopwords and elided words give none (an
 * empty array: the token keeps its position). Document side: every term, one
 * variant, except a stem equal to the word (Snowball left the word as it
 * was: the word's lexeme stands for it, as in frana's Xapian layout). Query
 * side: one variant per alternative, ORed by pushval_morph, and each stem
 * also as a word (it finds the documents whose word stood for that stem).
 * out has room for 2 * nterms lexemes. */
static int fp_push_lexemes(TSLexeme *out, int n, const fp_analysis *an, const fp_tok *tk,
                           bool addpos)
{
    if (tk->flags & (FRANA_TOKEN_STOP | FRANA_TOKEN_ELIDED))
        return n;
    const fp_term *terms = &an->terms[tk->term0];
    const char *chars = an->chars;
    const fp_term *word = NULL;
    for (size_t i = 0; i < tk->nterms; i++)
        if (terms[i].kind == FRANA_TERM_WORD)
            word = &terms[i];
    bool query = an->mode == FRANA_MODE_QUERY;
    int first = n;
    for (size_t i = 0; i < tk->nterms + (query ? tk->nterms : 0); i++) {
        const fp_term *term = &terms[i % tk->nterms];
        const char *t = chars + term->off;
        size_t len = term->len;
        if (i >= tk->nterms) { /* query side, second pass: stems as words */
            if (term->kind != FRANA_TERM_STEM)
                continue;
            fp_bare_stem(t, len, &t, &len);
            bool seen = false;
            for (int k = first; k < n && !seen; k++)
                seen = strlen(out[k].lexeme) == len && memcmp(out[k].lexeme, t, len) == 0;
            if (seen || len == 0)
                continue;
        } else if (!query && term->kind == FRANA_TERM_STEM && word) {
            const char *bare;
            size_t blen;
            fp_bare_stem(t, len, &bare, &blen);
            if (blen == word->len && memcmp(bare, chars + word->off, blen) == 0)
                continue;
        }
        out[n].lexeme = pnstrdup(t, len);
        out[n].nvariant = query ? (uint16)(n - first + 1) : 1;
        out[n].flags = (addpos && n == first) ? TSL_ADDPOS : 0;
        n++;
    }
    return n;
}

static TSLexeme *fp_lexemes_of(const fp_analysis *an, const fp_tok *tk)
{
    TSLexeme *out = palloc0(sizeof(TSLexeme) * (2 * tk->nterms + 1));
    fp_push_lexemes(out, 0, an, tk, false);
    return out;
}

/* The token [start, end) in an (sorted by start), or NULL. */
static const fp_tok *fp_find_tok(const fp_analysis *an, size_t start, size_t end)
{
    size_t lo = 0, hi = an->ntoks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (an->toks[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < an->ntoks && an->toks[lo].start == start; lo++)
        if (an->toks[lo].end == end)
            return &an->toks[lo];
    return NULL;
}

/* A word given alone (ts_lexize, ts_debug, a dictionary behind a filter): its
 * own analysis. Several tokens (ts_lexize('frana_fr', 'l''élection')) follow
 * one another, each token after the first at a new position. */
static fp_analysis fp_alone;

static TSLexeme *fp_lexize_alone(const fp_dict *d, frana_mode mode, const char *word, int len)
{
    fp_run(&fp_alone, word, len > 0 ? (size_t)len : 0, fp_lang_for(d->lang, mode), mode,
           d->aflags);
    TSLexeme *out = palloc0(sizeof(TSLexeme) * (2 * fp_alone.nterms + 1));
    int n = 0;
    bool first = true;
    for (size_t i = 0; i < fp_alone.ntoks; i++) {
        int before = n;
        n = fp_push_lexemes(out, n, &fp_alone, &fp_alone.toks[i], !first);
        if (n > before)
            first = false;
    }
    return out;
}

PG_FUNCTION_INFO_V1(frana_dict_lexize);
Datum frana_dict_lexize(PG_FUNCTION_ARGS)
{
    const fp_dict *d = (const fp_dict *)PG_GETARG_POINTER(0);
    char *word = (char *)PG_GETARG_POINTER(1);
    int len = PG_GETARG_INT32(2);
    fp_parse *p = fp_current;
    bool ours = p && p->cur && word == p->text + p->cur->start && len >= 0 &&
                (size_t)len == p->cur->end - p->cur->start;
    if (!ours) {
        fp_check_encoding();
        bool query = d->side == FP_SIDE_QUERY || (d->side == FP_SIDE_AUTO && fp_query_side());
        PG_RETURN_POINTER(fp_lexize_alone(d, query ? FRANA_MODE_QUERY : FRANA_MODE_INDEX, word, len));
    }
    if (p->cur->tok < 0) /* the parser gives this text no lexeme of its own */
        PG_RETURN_POINTER(palloc0(sizeof(TSLexeme)));
    bool query = d->side == FP_SIDE_QUERY || (d->side == FP_SIDE_AUTO && p->query);
    frana_mode mode = query ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
    const char *lang = fp_lang_for(d->lang, mode);
    const fp_tok *tk0 = &p->an[0].toks[p->cur->tok];
    for (int i = 0; i < FP_ANALYSES; i++) {
        fp_analysis *an = &p->an[i];
        if (i == p->nan) {
            /* the first token this dictionary sees in this text: analyze the
             * whole text its way once */
            p->nan++;
            fp_run(an, p->text, p->len, lang, mode, d->aflags);
        }
        if (an->mode == mode && an->aflags == d->aflags &&
            (an->lang == lang || (an->lang && lang && strcmp(an->lang, lang) == 0))) {
            const fp_tok *tk = i == 0 ? tk0 : fp_find_tok(an, tk0->start, tk0->end);
            if (tk)
                PG_RETURN_POINTER(fp_lexemes_of(an, tk));
            /* its way splits the text elsewhere: the token alone */
            PG_RETURN_POINTER(fp_lexize_alone(d, mode, word, len));
        }
    }
    /* more ways of analysis in one configuration than kept: the token alone */
    PG_RETURN_POINTER(fp_lexize_alone(d, mode, word, len));
}
