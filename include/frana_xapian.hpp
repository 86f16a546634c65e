/*
 * frana_xapian.hpp — frana for your own Xapian indexer, in the manner of
 * Xapian::TermGenerator and Xapian::QueryParser. Header-only and thin: it calls
 * the C functions of frana_db.h (frana_document_terms, frana_query_serialise),
 * so a query is built by exactly the code `frana search` runs.
 *
 *     frana::Analyzer an;                       // one per program, shared
 *     frana::TermGenerator tg(an);              // one per thread
 *     Xapian::Document doc;
 *     tg.set_document(doc);
 *     tg.index_text(title, 1, "S");
 *     tg.increase_termpos();
 *     tg.index_text(body);
 *     db.replace_document(idterm, doc);
 *
 *     frana::QueryParser qp(an);                // one per thread
 *     qp.set_database(db);                      // accent resolution against it
 *     Xapian::Query q = qp.parse_query("Lukashenko Sochi");
 *
 * Errors are thrown as frana::Error (a std::runtime_error with the frana_error
 * code); Xapian's own exceptions pass through unchanged. No exception crosses
 * the C functions: the vocabulary callbacks catch everything.
 * Link with libfrana-xapian and libxapian (pkg-config frana-xapian, or the
 * CMake target frana::frana-xapian). Licence: GPL-2.0-or-later, as libxapian.
 */
#ifndef FRANA_XAPIAN_HPP
#define FRANA_XAPIAN_HPP

#include <xapian.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "frana.h"
#include "frana_db.h"

namespace frana {

/** A frana error: what() is the message, code() the frana_error. */
class Error : public std::runtime_error {
  public:
    Error(int code, const std::string &msg) : std::runtime_error(msg), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

/** An analyzer (immutable, shareable between threads); see frana_analyzer_new. */
class Analyzer {
  public:
    explicit Analyzer(unsigned flags = 0, const char *stopwords_path = nullptr)
    {
        frana_options o = FRANA_OPTIONS_INIT;
        o.flags = flags;
        o.stopwords_path = stopwords_path;
        char *msg = nullptr;
        int rc = frana_analyzer_new(&o, &a_, &msg);
        if (rc) {
            std::string m = msg ? msg : frana_strerror(rc);
            frana_free(msg);
            throw Error(rc, "frana_analyzer_new: " + m);
        }
    }
    ~Analyzer() { frana_analyzer_free(a_); }
    Analyzer(const Analyzer &) = delete;
    Analyzer &operator=(const Analyzer &) = delete;
    const frana_analyzer *get() const { return a_; }

  private:
    frana_analyzer *a_ = nullptr;
};

namespace detail {

/** A session (per-thread state) over an analyzer. */
class Session {
  public:
    explicit Session(const Analyzer &a) : s_(frana_session_new(a.get()))
    {
        if (!s_)
            throw Error(FRANA_ERR_NOMEM, "frana_session_new: out of memory");
    }
    ~Session() { frana_session_free(s_); }
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    frana_session *get() const { return s_; }

  private:
    frana_session *s_;
};

/** The query side's frana_vocab over a Xapian::Database (`frana search` uses it
 *  too). A Xapian exception is kept in error, and the callback returns
 *  FRANA_ERR_DB: rethrow it once the C call returns. */
struct Vocab {
    explicit Vocab(const Xapian::Database &database) : db(database) {}
    const Xapian::Database &db;
    std::exception_ptr error;
    frana_vocab c{this, &Vocab::termfreq, &Vocab::cooccur, &Vocab::expand};

  private:
    static int fail(void *ctx)
    {
        static_cast<Vocab *>(ctx)->error = std::current_exception();
        return FRANA_ERR_DB;
    }
    static int termfreq(void *ctx, const char *t, size_t len, uint64_t *out)
    {
        try {
            *out = static_cast<Vocab *>(ctx)->db.get_termfreq(std::string(t, len));
            return 0;
        } catch (...) {
            return fail(ctx);
        }
    }
    /* Whether some document holds a and one of bs: a match of at most one
     * document, unweighted. */
    static int cooccur(void *ctx, const char *a, size_t alen, const char *const *bs,
                       const size_t *blens, size_t n, int *out)
    {
        try {
            const Xapian::Database &db = static_cast<Vocab *>(ctx)->db;
            *out = 0;
            std::string at(a, alen);
            if (n == 0 || !db.term_exists(at))
                return 0;
            std::vector<Xapian::Query> any;
            for (size_t i = 0; i < n; i++)
                any.emplace_back(std::string(bs[i], blens[i]));
            Xapian::Enquire e(db);
            e.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(at),
                                      Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end())));
            e.set_weighting_scheme(Xapian::BoolWeight());
            *out = e.get_mset(0, 1).size() > 0;
            return 0;
        } catch (...) {
            return fail(ctx);
        }
    }
    /* The index terms that begin with prefix (the pair terms of a key). */
    static int expand(void *ctx, const char *prefix, size_t plen, size_t max,
                      int (*cb)(void *, const char *, size_t), void *cbctx)
    {
        try {
            const Xapian::Database &db = static_cast<Vocab *>(ctx)->db;
            std::string k(prefix, plen);
            size_t n = 0;
            for (Xapian::TermIterator t = db.allterms_begin(k); t != db.allterms_end(k) && n < max;
                 ++t, ++n) {
                std::string term = *t;
                int rc = cb(cbctx, term.data(), term.size());
                if (rc)
                    return rc;
            }
            return 0;
        } catch (...) {
            return fail(ctx);
        }
    }
};

} // namespace detail

/**
 * Adds frana's terms for a text to a Xapian::Document, as Xapian::TermGenerator
 * does: under a prefix, with positions that continue from one index_text call
 * to the next (increase_termpos leaves a gap between fields). The accent
 * vocabulary goes into the document too, as boolean terms (FRANA_STORE_BOOLEAN):
 * no weight changes, and nothing is written outside the document. One thread
 * at a time.
 */
class TermGenerator {
  public:
    explicit TermGenerator(const Analyzer &a) : s_(a) {}

    void set_document(Xapian::Document &doc) { doc_ = &doc; }
    /** The language of the texts that follow (NULL or "" for French). */
    void set_lang(const std::string &lang) { lang_ = lang; }
    Xapian::termpos get_termpos() const { return pos_; }
    void set_termpos(Xapian::termpos pos) { pos_ = pos; }
    void increase_termpos(Xapian::termpos delta = FRANA_DB_TITLE_GAP) { pos_ += delta; }

    /** Adds the terms of text under prefix; each occurrence adds wdf_inc. */
    void index_text(const std::string &text, Xapian::termcount wdf_inc = 1,
                    const std::string &prefix = std::string())
    {
        if (!doc_)
            throw Error(FRANA_ERR_INVALID, "frana::TermGenerator: no document set");
        run r{this, wdf_inc, nullptr};
        uint32_t pos = static_cast<uint32_t>(pos_);
        int rc = frana_document_terms(s_.get(), text.data(), text.size(),
                                      lang_.empty() ? nullptr : lang_.c_str(), prefix.c_str(),
                                      &pos, &TermGenerator::on_term, &r);
        if (r.error)
            std::rethrow_exception(r.error);
        if (rc)
            throw Error(rc, std::string("frana_document_terms: ") +
                                frana_session_errmsg(s_.get()));
        pos_ = pos;
    }

  private:
    struct run {
        TermGenerator *tg;
        Xapian::termcount wdf;
        std::exception_ptr error;
    };
    static int on_term(void *ctx, int role, const char *t, size_t len, uint32_t pos)
    {
        run *r = static_cast<run *>(ctx);
        try {
            TermGenerator *tg = r->tg;
            if (role == FRANA_STORE_POSTING) {
                tg->doc_->add_posting(std::string(t, len), pos, r->wdf);
            } else if (role == FRANA_STORE_COUNTED) {
                tg->doc_->add_term(std::string(t, len), r->wdf);
            } else if (role == FRANA_STORE_BOOLEAN) {
                tg->doc_->add_boolean_term(std::string(t, len));
            }
            return 0;
        } catch (...) {
            r->error = std::current_exception();
            return 1;
        }
    }

    detail::Session s_;
    Xapian::Document *doc_ = nullptr;
    std::string lang_;
    Xapian::termpos pos_ = 0;
};

/**
 * Turns query text into a Xapian::Query with exactly the logic of `frana
 * search` (frana_query_serialise): words and their stems, name keys at a lower
 * weight, accentless readings resolved against the database given to
 * set_database, phrases, place names of two or three words, AND / OR / NOT,
 * title: (under the title prefix) and date: ranges. One thread at a time.
 */
class QueryParser {
  public:
    explicit QueryParser(const Analyzer &a) : s_(a) {}

    void set_database(const Xapian::Database &db) { db_ = db; has_db_ = true; }
    /** Xapian::Query::OP_AND (the default) or OP_OR between words. */
    void set_default_op(Xapian::Query::op op) { default_or_ = op == Xapian::Query::OP_OR; }
    /** The language of the query words ("" for any convention). */
    void set_lang(const std::string &lang) { lang_ = lang; }
    /** The prefixes your indexer used for unfielded text and for title: words. */
    void set_prefixes(const std::string &body, const std::string &title)
    {
        body_ = body;
        title_ = title;
    }

    Xapian::Query parse_query(const std::string &text)
    {
        frana_query_options o = FRANA_QUERY_OPTIONS_INIT;
        o.default_or = default_or_;
        o.lang = lang_.empty() ? nullptr : lang_.c_str();
        o.body_prefix = body_.c_str();
        o.title_prefix = title_.c_str();
        detail::Vocab v(db_);
        char *bytes = nullptr, *msg = nullptr;
        size_t n = 0;
        int rc = frana_query_serialise(s_.get(), text.data(), text.size(), &o,
                                       has_db_ ? &v.c : nullptr, &bytes, &n, &msg);
        if (v.error) {
            frana_free(bytes);
            frana_free(msg);
            std::rethrow_exception(v.error);
        }
        if (rc) {
            std::string m = msg ? msg : frana_strerror(rc);
            frana_free(msg);
            throw Error(rc, m);
        }
        std::unique_ptr<char, void (*)(void *)> hold(bytes, frana_free);
        return Xapian::Query::unserialise(std::string(bytes, n));
    }

  private:
    detail::Session s_;
    Xapian::Database db_;
    bool has_db_ = false;
    bool default_or_ = false;
    std::string lang_, body_, title_ = FRANA_DB_TITLE_PREFIX;
};

} // namespace frana

#endif /* FRANA_XAPIAN_HPP */
