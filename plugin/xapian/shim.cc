/*
 * xapian_shim.cc — the only C++ in frana: the writer and the reader of
 * frana_db.h over Xapian. Everything that is not Xapian lives in C (query.c,
 * snippet.c, article.c).
 *
 * Every extern "C" function is try { … } catch (...) { return
 * frana_shim_error(…); }: one handler rethrows the exception in flight and
 * maps it by type to a frana_error, keeping Xapian's get_description() as the
 * message (the xapian-bindings pattern). No exception reaches C code: the
 * token callback that frana_analyze calls catches too and returns a code.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base.h"
#include "frana_xapian.hpp"
#include "layout.h"
#include "open.h"
#include "plan.h"
#include "query.h"
#include "store.h"

namespace {

/* Copies msg into a fixed buffer: storing a message never throws. */
void set_msg(char *buf, size_t cap, const char *prefix, const std::string &msg)
{
    std::snprintf(buf, cap, "%s%s", prefix, msg.c_str());
}

/* The one exception handler: rethrows what is in flight and maps it by type. */
int map_exception(char *msg, size_t cap)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        set_msg(msg, cap, "", e.get_description());
        /* Xapian also reports a lock file it cannot create (a read-only
         * directory) as a lock error; only "already locked" is another writer. */
        if (e.get_msg().find("already locked") == std::string::npos)
            return FRANA_ERR_DB_OPEN;
        return FRANA_ERR_DB_LOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_DB_MODIFIED;
    } catch (const Xapian::DatabaseVersionError &e) {
        /* A database there, of another format or frana layout. */
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_DB;
    } catch (const Xapian::DatabaseOpeningError &e) {
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_DB_OPEN;
    } catch (const Xapian::DatabaseError &e) {
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_DB;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_INVALID;
    } catch (const Xapian::Error &e) {
        set_msg(msg, cap, "", e.get_description());
        return FRANA_ERR_DB;
    } catch (const std::bad_alloc &) {
        std::snprintf(msg, cap, "out of memory");
        return FRANA_ERR_NOMEM;
    } catch (const std::exception &e) {
        std::snprintf(msg, cap, "%s", e.what());
        return FRANA_ERR_DB;
    } catch (...) {
        std::snprintf(msg, cap, "unknown C++ exception");
        return FRANA_ERR_DB;
    }
}

template <class H> int frana_shim_error(H *h)
{
    return map_exception(h->errmsg, sizeof h->errmsg);
}

/* A message for a constructor that failed before its handle existed. */
int frana_shim_error_out(char **errmsg)
{
    char msg[512];
    int rc = map_exception(msg, sizeof msg);
    if (errmsg) {
        size_t n = std::strlen(msg);
        *errmsg = static_cast<char *>(std::malloc(n + 1));
        if (*errmsg)
            std::memcpy(*errmsg, msg, n + 1);
    }
    return rc;
}

void out_msg(char **errmsg, const char *msg)
{
    if (errmsg)
        *errmsg = frana_strdup(msg);
}

/* Refuses a database of another layout (layout.h). Returns true for a
 * database that holds no article and no layout yet, which a writer marks. */
bool layout_unmarked(const Xapian::Database &db)
{
    char msg[256];
    int rc = frana_layout_check(db.get_metadata(FRANA_LAYOUT_KEY).c_str(), db.get_doccount(), msg,
                                sizeof msg);
    if (rc < 0)
        throw Xapian::DatabaseVersionError(msg);
    return rc == 1;
}

/* frana opens only the backend it writes, glass, never through Xapian's
 * auto-detection: a stub file (XAPIANDB, or the path itself a file) could
 * name a remote database whose "program" Xapian would run. Combining
 * databases is for the caller to ask for by name, not for a path to decide. */
const int OPEN_BACKEND = Xapian::DB_BACKEND_GLASS;

/* Refuses a path that is a stub file or a folder holding one, with a message
 * that says why (DB_BACKEND_GLASS alone would only say "no database"). */
void refuse_stub(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
        throw Xapian::DatabaseOpeningError(std::string(path) +
                                           ": not a directory (frana opens only glass database "
                                           "directories, never stub or single-file databases)");
    std::string stub = std::string(path) + "/XAPIANDB";
    if (lstat(stub.c_str(), &st) == 0)
        throw Xapian::DatabaseOpeningError(
            std::string(path) + ": holds a Xapian stub file (XAPIANDB), which frana does not "
                                "follow from a plain path: a stub may name remote databases and "
                                "programs to run (open it as a stub: frana_db_reader_new_stub, "
                                "frana search --stub)");
}

void copy_lang(char out[16], const char *lang, size_t len)
{
    if (!lang || len == 0 || len >= 16) {
        std::memcpy(out, "fr", 3);
        return;
    }
    std::memcpy(out, lang, len);
    out[len] = 0;
}

} // namespace

/* ------------------------------------------------------------------------ */
/* Writer                                                                    */
/* ------------------------------------------------------------------------ */

namespace {

/* The non-positional terms of one article with their wdf, so that Xapian sees
 * each distinct term once (add_term(term, wdf)) instead of once per
 * occurrence. Open addressing over an arena: no allocation per term once the
 * buffers have grown to the size of the largest article. */
class term_counts {
  public:
    void clear()
    {
        for (uint32_t i : used_)
            slots_[i].len = 0;
        used_.clear();
        arena_.clear();
    }
    void add(const char *t, size_t len)
    {
        if ((used_.size() + 1) * 2 > slots_.size())
            grow();
        uint32_t h = hash(t, len);
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            slot &sl = slots_[i];
            if (sl.len == 0) {
                sl.hash = h;
                sl.off = static_cast<uint32_t>(arena_.size());
                sl.len = static_cast<uint32_t>(len);
                sl.wdf = 1;
                arena_.append(t, len);
                used_.push_back(static_cast<uint32_t>(i));
                return;
            }
            if (sl.hash == h && sl.len == len && std::memcmp(arena_.data() + sl.off, t, len) == 0) {
                sl.wdf++;
                return;
            }
        }
    }
    /* Adds every term to doc; scratch is a reused string. */
    void flush(Xapian::Document &doc, std::string &scratch) const
    {
        for (uint32_t i : used_) {
            const slot &sl = slots_[i];
            scratch.assign(arena_.data() + sl.off, sl.len);
            doc.add_term(scratch, sl.wdf);
        }
    }
    /* Adds every term to doc as a boolean term (wdf 0), once. */
    void flush_boolean(Xapian::Document &doc, std::string &scratch) const
    {
        for (uint32_t i : used_) {
            const slot &sl = slots_[i];
            scratch.assign(arena_.data() + sl.off, sl.len);
            doc.add_boolean_term(scratch);
        }
    }

  private:
    struct slot {
        uint32_t hash, off, len, wdf;
    };
    static uint32_t hash(const char *t, size_t len) { return frana_hash(t, len); }
    void grow()
    {
        std::vector<slot> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, slot{0, 0, 0, 0});
        std::vector<uint32_t> old_used;
        old_used.swap(used_);
        size_t mask = slots_.size() - 1;
        for (uint32_t k : old_used) {
            const slot &sl = old[k];
            size_t i = sl.hash & mask;
            while (slots_[i].len)
                i = (i + 1) & mask;
            slots_[i] = sl;
            used_.push_back(static_cast<uint32_t>(i));
        }
    }
    std::vector<slot> slots_;
    std::vector<uint32_t> used_;
    std::string arena_;
};

/* Whether dir holds a glass database whose creation was cut short (a crash
 * before the first commit): table files but no "iamglass", the version file
 * every committed revision has, and nothing Xapian does not make. Such a
 * directory holds no article, yet Xapian refuses to open or create there. */
bool interrupted_creation(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool tables = false, other = false;
    while (struct dirent *e = readdir(d)) {
        std::string n = e->d_name;
        if (n == "." || n == "..")
            continue;
        auto ends = [&n](const char *suffix) {
            size_t k = std::strlen(suffix);
            return n.size() >= k && n.compare(n.size() - k, k, suffix) == 0;
        };
        if (ends(".glass"))
            tables = true;
        else if (n != "flintlock" && !ends(".tmp"))
            other = true; /* iamglass, or a file that is not Xapian's */
    }
    closedir(d);
    if (!tables || other)
        return false;
    /* A writer creating the database right now holds the lock: leave it be. */
    int fd = open((std::string(dir) + "/flintlock").c_str(), O_RDONLY);
    if (fd < 0)
        return true;
    struct flock fl;
    std::memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    bool held = fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
    close(fd);
    return !held;
}

/* Removes what interrupted_creation() found, so that the database is created anew. */
void remove_interrupted(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    std::vector<std::string> names;
    while (struct dirent *e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
            names.emplace_back(e->d_name);
    closedir(d);
    for (const std::string &n : names)
        unlink((std::string(dir) + "/" + n).c_str());
}

} // namespace

struct writer_pipe;

struct frana_db_writer {
    Xapian::WritableDatabase db;
    term_counts counts; /* the article's counted terms (layout.h) */
    term_counts bools;  /* its boolean terms, each given to Xapian once */
    frana_session *s = nullptr;
    char errmsg[512] = {0};
    /* State of the article being added (the token callback reads it). */
    Xapian::Document *doc = nullptr;
    std::string term; /* scratch: no allocation per term once grown */
    Xapian::termpos base = 0, last = 0;
    bool title = false;
    /* The articles are written in a Xapian transaction that each commit ends.
     * An add or a commit that fails while writing cancels it: the database
     * keeps its last commit, and the writer is poisoned until the next
     * commit, which fails and says what was lost (frana_db.h). */
    size_t added = 0;          /* articles added in the current transaction */
    unsigned long long commits = 0; /* FRANA_COMMITS_KEY's value, as of the last commit */
    bool poisoned = false;
    char poison[400] = {0};    /* why */
    size_t lost = 0;           /* articles the cancelled transaction held */
    /* A local glass database is written by a thread of its own (writer_pipe):
     * the caller's thread analyses the next article while Xapian writes the
     * last. While it runs, added, poisoned, poison and lost are the
     * thread's, read and written under the pipe's mutex; db is the thread's
     * but when the pipe is idle. NULL: every call writes in the caller's
     * thread (a remote database, or a thread that could not start). */
    writer_pipe *pipe = nullptr;
    std::string glass; /* the local glass database's path; empty: no thread */
};

namespace {

/* Xapian 1.4's commit and its matcher have paths that cannot pass an
 * exception on: an allocation that fails there ends the process
 * (std::terminate, or a crash in the matcher's half-built postlists),
 * whatever the caller catches. While a commit or a match runs, operator new
 * therefore gets a handler that frees a reserve of memory kept for that
 * moment and lets the allocation retry; with the reserve spent it does what
 * operator new does without a handler (the handler the process had, or
 * std::bad_alloc). The handler is the process's, so it is set while any
 * writer commits or any reader matches, and put back when the last one
 * ends. */
constexpr size_t xapian_reserve_size = 16u << 20;
std::mutex reserve_mu;
size_t reserve_users = 0;
std::new_handler reserve_prev = nullptr;
std::atomic<void *> reserve_block{nullptr};

void reserve_handler()
{
    void *r = reserve_block.exchange(nullptr);
    if (r) {
        std::free(r);
        return;
    }
    if (reserve_prev)
        reserve_prev();
    else
        throw std::bad_alloc();
}

struct xapian_reserve {
    xapian_reserve()
    {
        std::lock_guard<std::mutex> g(reserve_mu);
        if (!reserve_block.load()) {
            /* Touched, so that the pages exist before memory runs out. */
            void *r = std::malloc(xapian_reserve_size);
            if (r)
                std::memset(r, 0, xapian_reserve_size);
            reserve_block.store(r);
        }
        if (reserve_users++ == 0)
            reserve_prev = std::set_new_handler(reserve_handler);
    }
    ~xapian_reserve()
    {
        std::lock_guard<std::mutex> g(reserve_mu);
        if (--reserve_users == 0) {
            std::set_new_handler(reserve_prev);
            reserve_prev = nullptr;
        }
    }
    xapian_reserve(const xapian_reserve &) = delete;
    xapian_reserve &operator=(const xapian_reserve &) = delete;
};

/* Cancels the current transaction after a failed write (Xapian's own
 * cancel: the tables go back to the last commit) and starts the next. A
 * commit that failed left no transaction: an unflushed one is begun only to be
 * cancelled, which drops what the failed commit left in memory. */
void writer_cancel(frana_db_writer *w, const char *why)
{
    w->lost += w->added;
    w->added = 0;
    if (!w->poisoned) {
        w->poisoned = true;
        std::snprintf(w->poison, sizeof w->poison, "%s", why);
    }
    try {
        try {
            w->db.begin_transaction(false);
        } catch (const Xapian::InvalidOperationError &) {
            /* still in the transaction: cancel that one */
        }
        w->db.cancel_transaction();
        w->db.begin_transaction(false);
    } catch (...) {
        /* The database cannot go on (Xapian closed it): later calls fail. */
    }
}

/* Commits the transaction, or says what a cancelled one lost
 * (frana_db_writer_commit); runs where the writes run. */
int writer_commit_now(frana_db_writer *w)
{
    if (!w->poisoned) {
        try {
            xapian_reserve r;
            if (w->added)
                w->db.set_metadata(FRANA_COMMITS_KEY, std::to_string(w->commits + 1));
            w->db.commit_transaction();
            w->db.commit();
            if (w->added)
                w->commits++;
            w->added = 0;
            w->db.begin_transaction(false);
            return FRANA_OK;
        } catch (...) {
            frana_shim_error(w);
            writer_cancel(w, w->errmsg);
        }
    }
    /* Nothing of the transaction is durable: say what the database holds. */
    size_t held = 0;
    try {
        held = w->db.get_doccount();
    } catch (...) {
    }
    std::snprintf(w->errmsg, sizeof w->errmsg,
                  "not committed: %s; the %zu article%s added since the last commit %s lost, "
                  "the database holds %zu",
                  w->poison, w->lost, w->lost == 1 ? "" : "s", w->lost == 1 ? "is" : "are", held);
    w->poisoned = false;
    w->poison[0] = 0;
    w->lost = 0;
    return FRANA_ERR_DB;
}

/* What the caller's thread hands the writer thread: an article's document
 * under its id term (ownership moves with it), a commit, or the end. */
struct pipe_item {
    enum kind_t { DOC, COMMIT, QUIT } kind = DOC;
    Xapian::Document *doc = nullptr;
    std::string idterm;
};

/* Documents the caller may be ahead of the writer thread by. A caller that
 * finds the ring full waits until it is half empty, so that the two threads
 * take turns in runs of pipe_cap / 2 documents, not one. */
constexpr size_t pipe_cap = 32;

} // namespace

/* The writer thread of a frana_db_writer and the bounded queue to it (a ring
 * that never allocates once made: a push cannot fail). The caller's thread
 * checks and analyses an article and builds its Xapian::Document, which
 * touches no database; the thread calls replace_document and commit. A
 * write that fails there poisons the transaction as in the caller's thread
 * (writer_cancel), and the caller's next add or commit reports it. */
struct writer_pipe {
    std::mutex mu;
    std::condition_variable work; /* the thread waits for an item */
    std::condition_variable done; /* the caller waits for room, idleness, a commit */
    pipe_item ring[pipe_cap];
    size_t head = 0, n = 0;
    /* Documents written, for the caller's thread to free: their memory
     * goes back to the allocator of the thread that took it. */
    Xapian::Document *written[2 * pipe_cap];
    size_t nwritten = 0;
    bool busy = false; /* the thread holds an item it took */
    size_t commits_asked = 0, commits_done = 0;
    int commit_rc = 0;
    std::thread th;
    /* The caller's side of *replaced: a read-only handle on the last
     * commit, reopened after each, and the ids added since; not known for
     * a thread started in the middle of a transaction, until its commit. */
    std::string path;
    Xapian::Database *ro = nullptr;
    std::unordered_set<std::string> ids;
    bool ids_known = true;
};

namespace {

void pipe_run(frana_db_writer *w) noexcept
{
    writer_pipe &p = *w->pipe;
    std::unique_lock<std::mutex> lk(p.mu);
    for (;;) {
        while (p.n == 0)
            p.work.wait(lk);
        pipe_item it;
        it.kind = p.ring[p.head].kind;
        it.doc = p.ring[p.head].doc;
        it.idterm.swap(p.ring[p.head].idterm);
        p.ring[p.head].doc = nullptr;
        p.head = (p.head + 1) % pipe_cap;
        p.n--;
        p.busy = true;
        if (p.n == pipe_cap / 2)
            p.done.notify_all(); /* room for a caller that waits */
        if (it.kind == pipe_item::QUIT) {
            p.busy = false;
            p.done.notify_all();
            return;
        }
        if (it.kind == pipe_item::COMMIT) {
            lk.unlock();
            int rc = writer_commit_now(w);
            lk.lock();
            p.commit_rc = rc;
            p.commits_done++;
        } else {
            /* A poisoned transaction takes no more writes: the article is
             * counted with what the next commit reports lost. */
            bool drop = w->poisoned;
            char msg[512];
            int rc = 0;
            lk.unlock();
            if (!drop) {
                try {
                    w->db.replace_document(it.idterm, *it.doc);
                } catch (...) {
                    rc = map_exception(msg, sizeof msg);
                }
            }
            lk.lock();
            if (p.nwritten < 2 * pipe_cap)
                p.written[p.nwritten++] = it.doc;
            else
                delete it.doc;
            if (drop) {
                w->lost++;
            } else {
                w->added++;
                if (rc)
                    writer_cancel(w, msg);
            }
        }
        p.busy = false;
        /* Idle (count, free wait for it), or a commit done. */
        if (p.n == 0 || it.kind == pipe_item::COMMIT)
            p.done.notify_all();
    }
}

/* Queues an item, waiting for room. Never fails. */
void pipe_push(writer_pipe &p, std::unique_lock<std::mutex> &lk, pipe_item::kind_t kind,
               Xapian::Document *doc, std::string *idterm)
{
    if (p.n == pipe_cap)
        while (p.n > pipe_cap / 2)
            p.done.wait(lk);
    pipe_item &it = p.ring[(p.head + p.n) % pipe_cap];
    it.kind = kind;
    it.doc = doc;
    if (idterm)
        it.idterm.swap(*idterm);
    p.n++;
    p.work.notify_one();
}

/* Waits until the thread has written everything queued: db is then the
 * caller's until it queues again. */
void pipe_drain(writer_pipe &p, std::unique_lock<std::mutex> &lk)
{
    while (p.n || p.busy)
        p.done.wait(lk);
}

/* Frees the documents the thread has written (the caller's thread). */
void pipe_free_written(writer_pipe &p, std::unique_lock<std::mutex> &lk)
{
    Xapian::Document *docs[2 * pipe_cap];
    size_t n = p.nwritten;
    std::memcpy(docs, p.written, n * sizeof *docs);
    p.nwritten = 0;
    lk.unlock();
    for (size_t i = 0; i < n; i++)
        delete docs[i];
    lk.lock();
}

/* Starts the writer thread of w over its local glass database; leaves w
 * writing in the caller's thread when it cannot. */
void pipe_start(frana_db_writer *w)
{
    if (w->pipe || w->glass.empty())
        return;
    try {
        w->pipe = new writer_pipe;
        w->pipe->path = w->glass;
        w->pipe->ids_known = w->added == 0;
        w->pipe->th = std::thread(pipe_run, w);
    } catch (...) {
        delete w->pipe;
        w->pipe = nullptr;
    }
}

/* Counts idterm as added to the transaction and, when asked, says whether
 * it names an article of the database or of the transaction (*replaced),
 * from the caller's thread. Every add counts its id, asked or not. */
bool pipe_replaced(frana_db_writer *w, const std::string &idterm, bool ask)
{
    writer_pipe &p = *w->pipe;
    if (!p.ids_known) {
        if (!ask)
            return false;
        /* Some of the transaction was written before the thread: ask the
         * writable database, once the thread has written what is queued. */
        std::unique_lock<std::mutex> lk(p.mu);
        pipe_drain(p, lk);
        return w->db.term_exists(idterm);
    }
    if (p.ids.count(idterm))
        return true;
    if (!ask) {
        p.ids.insert(idterm);
        return false;
    }
    if (!p.ro)
        p.ro = new Xapian::Database(p.path, OPEN_BACKEND);
    bool exists = false;
    for (int tries = 0;; tries++) {
        try {
            exists = p.ro->term_exists(idterm);
            break;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (tries == 3)
                throw;
            p.ro->reopen();
        }
    }
    p.ids.insert(idterm);
    return exists;
}

/* After a commit, durable or not: the ids of the transaction are in the
 * database or gone. A handle that cannot reopen is opened anew when needed. */
void pipe_committed(writer_pipe &p)
{
    p.ids.clear();
    p.ids_known = true;
    if (p.ro) {
        try {
            p.ro->reopen();
        } catch (...) {
            delete p.ro;
            p.ro = nullptr;
        }
    }
}

/* Ends the thread (after what is queued) and frees the pipe. */
void pipe_stop(frana_db_writer *w)
{
    writer_pipe *p = w->pipe;
    {
        std::unique_lock<std::mutex> lk(p->mu);
        pipe_push(*p, lk, pipe_item::QUIT, nullptr, nullptr);
    }
    p->th.join();
    w->pipe = nullptr;
    for (size_t i = 0; i < p->nwritten; i++)
        delete p->written[i];
    delete p->ro;
    delete p;
}

/* Whether w's transaction is poisoned (writes it to errmsg as an add's error). */
bool writer_refuses(frana_db_writer *w)
{
    std::unique_lock<std::mutex> lk;
    if (w->pipe)
        lk = std::unique_lock<std::mutex>(w->pipe->mu);
    if (!w->poisoned)
        return false;
    std::snprintf(w->errmsg, sizeof w->errmsg,
                  "an earlier add failed (%s): commit to see what was lost", w->poison);
    return true;
}

} // namespace

extern "C" {

/* The writer's frana_layout_doc_sink: filter terms and values of the article. */
extern "C" int doc_sink_boolean(void *ctx, const char *term, size_t len)
{
    try {
        static_cast<Xapian::Document *>(ctx)->add_boolean_term(std::string(term, len));
        return 0;
    } catch (...) {
        return FRANA_ERR_NOMEM;
    }
}

extern "C" int doc_sink_value(void *ctx, unsigned slot, const char *v, size_t len)
{
    try {
        static_cast<Xapian::Document *>(ctx)->add_value(slot, std::string(v, len));
        return 0;
    } catch (...) {
        return FRANA_ERR_NOMEM;
    }
}

/* The writer's frana_layout_sink: each puts one term where the layout says. */
static int sink_posting(void *ctx, const char *prefix, const char *t, size_t len, uint32_t pos)
{
    frana_db_writer *w = static_cast<frana_db_writer *>(ctx);
    try {
        w->term.assign(prefix);
        w->term.append(t, len);
        w->doc->add_posting(w->term, pos);
        return 0;
    } catch (...) {
        return frana_shim_error(w);
    }
}

static int sink_counted(void *ctx, const char *prefix, const char *t, size_t len)
{
    frana_db_writer *w = static_cast<frana_db_writer *>(ctx);
    try {
        if (!*prefix) {
            w->counts.add(t, len);
            return 0;
        }
        w->term.assign(prefix);
        w->term.append(t, len);
        w->counts.add(w->term.data(), w->term.size());
        return 0;
    } catch (...) {
        return frana_shim_error(w);
    }
}

static int sink_boolean(void *ctx, const char *t, size_t len)
{
    frana_db_writer *w = static_cast<frana_db_writer *>(ctx);
    try {
        w->bools.add(t, len);
        return 0;
    } catch (...) {
        return frana_shim_error(w);
    }
}

static int writer_token(void *ctx, const frana_token *t)
{
    frana_db_writer *w = static_cast<frana_db_writer *>(ctx);
    uint32_t pos = w->base + t->pos + 1;
    if (pos > w->last)
        w->last = pos;
    const frana_layout_sink sink = {w, sink_posting, sink_counted, sink_boolean};
    return frana_layout_token(t, pos, w->title, &sink);
}

int frana_db_writer_new(const frana_analyzer *a, const char *path, frana_db_writer **out,
                        char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    if (!a || !path || !*path) {
        out_msg(errmsg, "frana_db_writer_new: no analyzer or no path");
        return FRANA_ERR_INVALID;
    }
    try {
        return frana_shim::writer_open(
            a,
            [path] {
                refuse_stub(path);
                if (interrupted_creation(path))
                    remove_interrupted(path);
                return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | OPEN_BACKEND);
            },
            out, errmsg, path);
    } catch (...) {
        return frana_shim_error_out(errmsg);
    }
}

} // extern "C"

int frana_shim::writer_open(const frana_analyzer *a,
                            const std::function<Xapian::WritableDatabase()> &open,
                            frana_db_writer **out, char **errmsg, const char *local_glass)
{
    frana_db_writer *w = nullptr;
    try {
        w = new frana_db_writer;
        w->s = frana_session_new(a);
        if (!w->s)
            throw std::bad_alloc();
        w->db = open();
        if (layout_unmarked(w->db)) {
            w->db.set_metadata(FRANA_LAYOUT_KEY, FRANA_DB_LAYOUT);
            xapian_reserve r;
            w->db.commit();
        }
        w->commits = std::strtoull(w->db.get_metadata(FRANA_COMMITS_KEY).c_str(), nullptr, 10);
        w->db.begin_transaction(false);
        w->term.reserve(256);
        if (local_glass) {
            try {
                w->glass = local_glass;
            } catch (...) {
                w->glass.clear(); /* out of memory: no thread */
            }
            pipe_start(w);
        }
        *out = w;
        return FRANA_OK;
    } catch (...) {
        int rc = frana_shim_error_out(errmsg);
        if (w) {
            frana_session_free(w->s);
            delete w;
        }
        return rc;
    }
}

extern "C" {

int frana_db_writer_add(frana_db_writer *w, const frana_db_article *art, int *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!w || !art)
        return FRANA_ERR_INVALID;
    w->errmsg[0] = 0;
    /* A NULL field is absent whatever its length says (frana_db.h). */
    frana_db_article clean = *art;
    if (!clean.id)
        clean.id_len = 0;
    if (!clean.title)
        clean.title_len = 0;
    if (!clean.body)
        clean.body_len = 0;
    if (!clean.lang)
        clean.lang_len = 0;
    if (!clean.date)
        clean.date_len = 0;
    if (!clean.url)
        clean.url_len = 0;
    if (!clean.source)
        clean.source_len = 0;
    art = &clean;
    if (writer_refuses(w))
        return FRANA_ERR_DB;
    if (!art->id || art->id_len == 0 || art->id_len > 240) {
        std::snprintf(w->errmsg, sizeof w->errmsg, "%s",
                      art->id_len ? "id longer than 240 bytes" : "missing id");
        return FRANA_ERR_INPUT;
    }
    char date[9] = {0};
    if (art->date && art->date_len && frana_date_to_value(art->date, art->date_len, date)) {
        std::snprintf(w->errmsg, sizeof w->errmsg, "bad date (want YYYY-MM-DD)");
        return FRANA_ERR_INPUT;
    }
    if (!frana_utf8_valid(art->title, art->title_len) ||
        !frana_utf8_valid(art->body, art->body_len) || !frana_utf8_valid(art->id, art->id_len)) {
        std::snprintf(w->errmsg, sizeof w->errmsg, "invalid UTF-8");
        return FRANA_ERR_INPUT;
    }
    char lang[16];
    copy_lang(lang, art->lang, art->lang_len);
    char *data = nullptr;
    size_t datalen = 0;
    bool writing = false;
    int rc = frana_article_to_data(art, &data, &datalen);
    if (rc) {
        std::snprintf(w->errmsg, sizeof w->errmsg, "%s",
                      rc == FRANA_ERR_NOMEM ? "out of memory" : "a field is not valid UTF-8");
        return rc;
    }
    Xapian::Document *owned = nullptr;
    try {
        owned = new Xapian::Document;
        Xapian::Document &doc = *owned;
        w->doc = &doc;
        w->counts.clear();
        w->bools.clear();
        w->base = 0;
        w->last = 0;
        w->title = true;
        rc = frana_analyze(w->s, art->title, art->title_len, lang, FRANA_MODE_INDEX,
                           writer_token, w);
        if (rc == 0) {
            w->title = false;
            w->base = w->last + FRANA_DB_TITLE_GAP;
            rc = frana_analyze(w->s, art->body, art->body_len, lang, FRANA_MODE_INDEX,
                               writer_token, w);
        }
        w->doc = nullptr;
        if (rc == 0) {
            w->counts.flush(doc, w->term);
            w->bools.flush_boolean(doc, w->term);
        }
        if (rc) {
            if (!w->errmsg[0])
                std::snprintf(w->errmsg, sizeof w->errmsg, "%s", frana_session_errmsg(w->s));
            std::free(data);
            delete owned;
            return rc;
        }
        std::string idterm(FRANA_PREFIX_ID);
        idterm.append(art->id, art->id_len);
        doc.add_boolean_term(idterm);
        if (date[0])
            doc.add_value(FRANA_DB_SLOT_DATE, std::string(date, 8));
        const frana_layout_doc_sink dsink = {&doc, doc_sink_boolean, doc_sink_value};
        rc = frana_layout_article(lang, art->source, art->source_len, &dsink);
        if (rc)
            throw std::bad_alloc(); /* the sink only fails when memory runs out */
        doc.set_data(std::string(data, datalen));
        std::free(data);
        data = nullptr;
        if (w->pipe) {
            writer_pipe &p = *w->pipe;
            int rep = pipe_replaced(w, idterm, replaced != nullptr);
            std::unique_lock<std::mutex> lk(p.mu);
            if (w->poisoned) {
                /* The thread failed a write since this add began. */
                lk.unlock();
                writer_refuses(w);
                delete owned;
                return FRANA_ERR_DB;
            }
            pipe_push(p, lk, pipe_item::DOC, owned, &idterm);
            owned = nullptr;
            if (p.nwritten >= pipe_cap / 2)
                pipe_free_written(p, lk);
            if (replaced)
                *replaced = rep;
            return FRANA_OK;
        }
        if (replaced)
            *replaced = w->db.term_exists(idterm) ? 1 : 0;
        writing = true;
        w->db.replace_document(idterm, doc);
        delete owned;
        owned = nullptr;
        w->added++;
        return FRANA_OK;
    } catch (...) {
        w->doc = nullptr;
        std::free(data);
        delete owned;
        rc = frana_shim_error(w);
        /* A write that failed half-way may have left some of the batch in
         * the tables and some not: the whole transaction goes. */
        if (writing)
            writer_cancel(w, w->errmsg);
        return rc;
    }
}

int frana_db_writer_commit(frana_db_writer *w)
{
    if (!w)
        return FRANA_ERR_INVALID;
    if (!w->pipe)
        return writer_commit_now(w);
    /* The thread commits after the articles queued before; the caller
     * waits until the batch is durable or known lost. */
    writer_pipe &p = *w->pipe;
    int rc;
    {
        std::unique_lock<std::mutex> lk(p.mu);
        pipe_push(p, lk, pipe_item::COMMIT, nullptr, nullptr);
        size_t ticket = ++p.commits_asked;
        while (p.commits_done != ticket)
            p.done.wait(lk);
        rc = p.commit_rc;
    }
    pipe_committed(p);
    return rc;
}

int frana_db_writer_threaded(frana_db_writer *w, int on)
{
    if (!w)
        return FRANA_ERR_INVALID;
    try {
        if (on)
            pipe_start(w);
        else if (w->pipe)
            pipe_stop(w);
    } catch (...) {
    }
    return w->pipe ? 1 : 0;
}

size_t frana_db_writer_count(const frana_db_writer *w)
{
    if (!w)
        return 0;
    try {
        if (w->pipe) {
            std::unique_lock<std::mutex> lk(w->pipe->mu);
            pipe_drain(*w->pipe, lk);
        }
        return w->db.get_doccount();
    } catch (...) {
        return 0;
    }
}

const char *frana_db_writer_errmsg(const frana_db_writer *w)
{
    return w ? w->errmsg : "no writer";
}

void frana_db_writer_free(frana_db_writer *w)
{
    if (!w)
        return;
    try {
        /* The thread writes what is queued first. */
        if (w->pipe)
            pipe_stop(w);
        /* A poisoned transaction is left active, so that closing cancels it. */
        xapian_reserve r;
        if (!w->poisoned) {
            if (w->added)
                w->db.set_metadata(FRANA_COMMITS_KEY, std::to_string(w->commits + 1));
            w->db.commit_transaction();
        }
        w->db.close();
    } catch (...) {
        frana_shim_error(w);
    }
    frana_session_free(w->s);
    try {
        delete w;
    } catch (...) {
    }
}

} // extern "C"

/* ------------------------------------------------------------------------ */
/* Reader                                                                    */
/* ------------------------------------------------------------------------ */

namespace {

/* What the query side asked the index (frana_vocab: term frequencies, the
 * pair terms of a key, co-occurrence checks) and its answers, for the
 * revision the reader sees: the same word in a later query asks nothing
 * again, which over the remote backend is one round trip per shard and per
 * question. Owned by one reader (one thread), emptied whenever the reader
 * opens another revision (frana_db_reader_reopen, and the reopen of a read
 * that a writer overtook), and when it grows past CACHE_BYTES. */
class vocab_cache {
  public:
    static const size_t CACHE_BYTES = 4u << 20;
    void clear()
    {
        tf_.clear();
        expand_.clear();
        cooccur_.clear();
        bytes_ = 0;
    }
    const uint64_t *termfreq(const std::string &t) const { return find(tf_, t); }
    void set_termfreq(const std::string &t, uint64_t v) { put(tf_, t, v, t.size()); }
    /* The key of the first max terms under prefix. */
    static std::string expand_key(const char *prefix, size_t plen, size_t max)
    {
        std::string key(prefix, plen);
        key.append(reinterpret_cast<const char *>(&max), sizeof max);
        return key;
    }
    const std::vector<std::string> *expand(const std::string &k) const { return find(expand_, k); }
    void set_expand(const std::string &k, std::vector<std::string> v)
    {
        size_t n = k.size();
        for (const std::string &t : v)
            n += t.size() + sizeof t;
        put(expand_, k, std::move(v), n);
    }
    const bool *cooccur(const std::string &k) const { return find(cooccur_, k); }
    void set_cooccur(const std::string &k, bool v) { put(cooccur_, k, v, k.size()); }

  private:
    template <class M> static const typename M::mapped_type *find(const M &m, const std::string &k)
    {
        auto it = m.find(k);
        return it == m.end() ? nullptr : &it->second;
    }
    template <class M, class V> void put(M &m, const std::string &k, V &&v, size_t n)
    {
        if (bytes_ + n + 64 > CACHE_BYTES)
            clear();
        bytes_ += n + 64;
        m[k] = std::forward<V>(v);
    }
    std::unordered_map<std::string, uint64_t> tf_;
    std::unordered_map<std::string, std::vector<std::string>> expand_;
    std::unordered_map<std::string, bool> cooccur_;
    size_t bytes_ = 0;
};

} // namespace

struct frana_db_reader {
    Xapian::Database db;
    frana_session *s = nullptr;
    std::vector<std::string> dirs; /* the local databases, for their size */
    vocab_cache cache;             /* answers for the revision db sees */
    /* The parts of db when some are remote (they share db's connections),
     * and the worker connections that read their hits (pool.h). */
    frana_shim::reader_parts parts;
    std::unique_ptr<frana_shim::hit_pool> pool;
    frana_shim::reader_opener open; /* opens db (and parts) afresh */
    /* An allocation failed during a search: Xapian may have left db's
     * internals half-updated (a cursor of glass, a remote connection in the
     * middle of a reply), so the next search opens a new handle first. */
    bool stale = false;
    char errmsg[512] = {0};
};

namespace {

/* Attempts at a read that a writer's commits overtake. */
const int MODIFIED_ATTEMPTS = 4;

/* Runs f; while a writer's commits overtake it (Xapian's
 * DatabaseModifiedError, which asks for exactly this), reopens r and runs it
 * again, MODIFIED_ATTEMPTS times in all. Opening and reopening can be
 * overtaken too, not only searching. Other exceptions propagate. */
template <class F> auto retry_modified(frana_db_reader *r, F f) -> decltype(f())
{
    for (int attempt = 1;; attempt++) {
        try {
            if (attempt > 1) {
                r->cache.clear();
                r->db.reopen();
                if (r->pool)
                    r->pool->reopened();
            }
            return f();
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == MODIFIED_ATTEMPTS)
                throw;
        }
    }
}

/* Opens r's database afresh, a new handle (not Database::reopen, which
 * keeps the internals an allocation failure may have broken), and forgets
 * what it asked the old one. */
void open_fresh(frana_db_reader *r)
{
    r->cache.clear();
    r->pool.reset();
    frana_shim::reader_parts parts;
    Xapian::Database db = r->open(parts);
    std::unique_ptr<frana_shim::hit_pool> pool;
    if (!parts.parts.empty())
        pool.reset(new frana_shim::hit_pool(parts));
    r->db = db;
    r->parts = std::move(parts);
    r->pool = std::move(pool);
    r->stale = false;
}

/* Before a read: a reader left stale by a failed allocation opens afresh
 * (again while a writer's commits overtake the opening). */
void ensure_fresh(frana_db_reader *r)
{
    for (int attempt = 1; r->stale; attempt++) {
        try {
            open_fresh(r);
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == MODIFIED_ATTEMPTS)
                throw;
        }
    }
}

/* After a failed read: a failed allocation leaves the reader stale. */
int after_error(frana_db_reader *r, int rc)
{
    if (rc == FRANA_ERR_NOMEM) {
        r->stale = true;
        r->cache.clear();
    }
    return rc;
}

/* A remote connection broke (Xapian::NetworkError e, in flight): the
 * message names the stub's part that Xapian's context names
 * ("remote:tcp(HOST:PORT)"), and the reader opens its connections afresh at
 * its next read (a server back by then answers again). */
int after_network_error(frana_db_reader *r, const Xapian::NetworkError &e)
{
    int rc = frana_shim_error(r);
    r->stale = true;
    r->cache.clear();
    const std::vector<std::string> &names = r->parts.names;
    for (size_t p = 0; p < names.size(); p++) {
        if (e.get_context() != "remote:tcp(" + names[p] + ")")
            continue;
        char where[64];
        std::snprintf(where, sizeof where, " (part %zu of %zu): ", p + 1, names.size());
        std::string msg = names[p] + where + r->errmsg;
        size_t n = std::min(msg.size(), sizeof r->errmsg - 1);
        std::memcpy(r->errmsg, msg.data(), n);
        r->errmsg[n] = 0;
        break;
    }
    return rc;
}

/* Bytes of the first version of frana_search_options (size to snippet_words):
 * a caller built against it passes no query caps, which then take their
 * defaults. */
const size_t FRANA_SEARCH_OPTIONS_V0_SIZE = offsetof(frana_search_options, count_only);

extern "C" int vocab_prefix_count(void *ctx, const char *prefix, size_t len, size_t max,
                                  size_t *out)
{
    frana_db_reader *r = static_cast<frana_db_reader *>(ctx);
    try {
        std::string pre(prefix, len);
        size_t n = 0;
        for (Xapian::TermIterator t = r->db.allterms_begin(pre);
             t != r->db.allterms_end(pre) && n <= max; ++t)
            n++;
        *out = n;
        return 0;
    } catch (...) {
        return frana_shim_error(r);
    }
}

/* A query plan (plan.h) as a Xapian::Query, node for node. */
Xapian::Query to_xapian(const frana_plan *p)
{
    if (p->op == FRANA_P_TERM)
        return Xapian::Query(std::string(p->term, p->len));
    if (p->op == FRANA_P_VALUE_RANGE)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, p->slot, p->lo, p->hi);
    if (p->op == FRANA_P_VALUE_GE)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, p->slot, p->lo);
    if (p->op == FRANA_P_VALUE_LE)
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, p->slot, p->hi);
    if (p->op == FRANA_P_WILDCARD)
        return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(p->term, p->len), p->window,
                             Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM);
    std::vector<Xapian::Query> kids;
    kids.reserve(p->nkids);
    for (size_t i = 0; i < p->nkids; i++)
        kids.push_back(to_xapian(p->kids[i]));
    switch (p->op) {
    case FRANA_P_AND:
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    case FRANA_P_OR:
        return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
    case FRANA_P_AND_NOT:
        return Xapian::Query(Xapian::Query::OP_AND_NOT, kids[0], kids[1]);
    case FRANA_P_AND_MAYBE:
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, kids[0], kids[1]);
    case FRANA_P_SYNONYM:
        return Xapian::Query(Xapian::Query::OP_SYNONYM, kids.begin(), kids.end());
    case FRANA_P_PHRASE:
        return Xapian::Query(Xapian::Query::OP_PHRASE, kids.begin(), kids.end(), p->window);
    case FRANA_P_SCALE:
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, kids[0], p->scale);
    case FRANA_P_XOR:
        return Xapian::Query(Xapian::Query::OP_XOR, kids.begin(), kids.end());
    case FRANA_P_NEAR:
        return Xapian::Query(Xapian::Query::OP_NEAR, kids.begin(), kids.end(), p->window);
    case FRANA_P_FILTER:
        return Xapian::Query(Xapian::Query::OP_FILTER, kids[0], kids[1]);
    default:
        throw Xapian::InvalidArgumentError("frana: unexpected node in a query plan");
    }
}

/* Frees the C objects of a search whatever happens. */
struct search_state {
    frana_qnode *root = nullptr, *filter = nullptr;
    frana_plan *plan = nullptr, *filter_plan = nullptr;
    frana_termset_view view{};
    frana_db_results *res = nullptr;
    ~search_state()
    {
        frana_termset_view_free(&view);
        frana_plan_free(plan);
        frana_plan_free(filter_plan);
        frana_qnode_free(root);
        frana_qnode_free(filter);
        frana_db_results_free(res);
    }
};

} // namespace

extern "C" {

int frana_db_reader_new(const frana_analyzer *a, const char *path, frana_db_reader **out,
                        char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    if (!a || !path || !*path) {
        out_msg(errmsg, "frana_db_reader_new: no analyzer or no path");
        return FRANA_ERR_INVALID;
    }
    try {
        return frana_shim::reader_open(
            a,
            [dir = std::string(path)](frana_shim::reader_parts &parts) {
                /* A plain path is a glass database; stubs and shards are
                 * frana_db_reader_new_stub's, asked for by name. */
                refuse_stub(dir.c_str());
                Xapian::Database db(dir, OPEN_BACKEND);
                layout_unmarked(db);
                parts.clear();
                return db;
            },
            {path}, out, errmsg);
    } catch (...) {
        return frana_shim_error_out(errmsg);
    }
}

} // extern "C"

int frana_shim::reader_open(const frana_analyzer *a, reader_opener open,
                            std::vector<std::string> dirs, frana_db_reader **out, char **errmsg)
{
    frana_db_reader *r = nullptr;
    try {
        r = new frana_db_reader;
        r->s = frana_session_new(a);
        if (!r->s)
            throw std::bad_alloc();
        r->dirs = std::move(dirs);
        r->open = std::move(open);
        retry_modified(r, [&] { open_fresh(r); });
        *out = r;
        return FRANA_OK;
    } catch (...) {
        int rc = frana_shim_error_out(errmsg);
        if (r) {
            frana_session_free(r->s);
            delete r;
        }
        return rc;
    }
}

void frana_shim::check_layout(const Xapian::Database &db)
{
    layout_unmarked(db);
}

extern "C" {

void frana_db_reader_free(frana_db_reader *r)
{
    if (!r)
        return;
    frana_session_free(r->s);
    try {
        delete r;
    } catch (...) {
    }
}

const char *frana_db_reader_errmsg(const frana_db_reader *r)
{
    return r ? r->errmsg : "no reader";
}

int frana_db_reader_reopen(frana_db_reader *r)
{
    if (!r)
        return FRANA_ERR_INVALID;
    try {
        if (r->stale) {
            ensure_fresh(r);
            return FRANA_OK;
        }
        r->cache.clear();
        retry_modified(r, [&] {
            r->db.reopen();
            if (r->pool)
                r->pool->reopened();
        });
        return FRANA_OK;
    } catch (...) {
        return frana_shim_error(r);
    }
}

} // extern "C"

namespace {

/* Spies on the value slots that the asked facets count. */
struct facet_spies {
    Xapian::ValueCountMatchSpy date{FRANA_DB_SLOT_DATE}, lang{FRANA_DB_SLOT_LANG},
        source{FRANA_DB_SLOT_SOURCE};
    void attach(Xapian::Enquire &e, unsigned facets)
    {
        if (facets & (FRANA_FACET_YEAR | FRANA_FACET_MONTH))
            e.add_matchspy(&date);
        if (facets & FRANA_FACET_LANG)
            e.add_matchspy(&lang);
        if (facets & FRANA_FACET_SOURCE)
            e.add_matchspy(&source);
    }
};

/* Copies the counts of the spies into res: years and months from the dates
 * (the spy walks them in order), languages and sources by count. */
void fill_facets(facet_spies &sp, unsigned facets, frana_db_results *res)
{
    auto add = [res](unsigned kind, const std::string &v, size_t count) {
        if (frana_results_add_facet(res, kind, v.data(), v.size(), count) == FRANA_ERR_NOMEM)
            throw std::bad_alloc();
    };
    for (unsigned kind : {FRANA_FACET_YEAR, FRANA_FACET_MONTH}) {
        if (!(facets & kind))
            continue;
        std::vector<std::pair<std::string, size_t>> out;
        for (Xapian::TermIterator t = sp.date.values_begin(); t != sp.date.values_end(); ++t) {
            std::string d = *t;
            if (d.size() != 8)
                continue;
            std::string key = kind == FRANA_FACET_YEAR ? d.substr(0, 4)
                                                       : d.substr(0, 4) + "-" + d.substr(4, 2);
            if (!out.empty() && out.back().first == key)
                out.back().second += t.get_termfreq();
            else
                out.emplace_back(key, t.get_termfreq());
        }
        for (auto &kv : out)
            add(kind, kv.first, kv.second);
    }
    for (unsigned kind : {FRANA_FACET_LANG, FRANA_FACET_SOURCE}) {
        if (!(facets & kind))
            continue;
        Xapian::ValueCountMatchSpy &spy = kind == FRANA_FACET_LANG ? sp.lang : sp.source;
        std::vector<std::pair<std::string, size_t>> out;
        for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t)
            out.emplace_back(*t, t.get_termfreq());
        std::stable_sort(out.begin(), out.end(),
                         [](const std::pair<std::string, size_t> &x,
                            const std::pair<std::string, size_t> &y) { return x.second > y.second; });
        for (auto &kv : out)
            add(kind, kv.first, kv.second);
    }
}

/* frana::detail::Vocab's questions over r->db, answered from r->cache when
 * they were asked before (the same answers: the revision is the same). */
struct cached_vocab {
    explicit cached_vocab(frana_db_reader *reader) : r(reader), base(reader->db) {}
    frana_db_reader *r;
    frana::detail::Vocab base;
    std::exception_ptr error;
    frana_vocab c{this, &cached_vocab::termfreq, &cached_vocab::cooccur, &cached_vocab::expand};

  private:
    static int fail(void *ctx)
    {
        static_cast<cached_vocab *>(ctx)->error = std::current_exception();
        return FRANA_ERR_DB;
    }
    /* The answer of the uncached call, its exception kept as the call keeps it. */
    int pass(int rc)
    {
        if (base.error) {
            error = base.error;
            base.error = nullptr;
        }
        return rc;
    }
    static int termfreq(void *ctx, const char *t, size_t len, uint64_t *out)
    {
        cached_vocab *v = static_cast<cached_vocab *>(ctx);
        try {
            std::string key(t, len);
            if (const uint64_t *hit = v->r->cache.termfreq(key)) {
                *out = *hit;
                return 0;
            }
            int rc = v->pass(v->base.c.termfreq(v->base.c.ctx, t, len, out));
            if (rc == 0)
                v->r->cache.set_termfreq(key, *out);
            return rc;
        } catch (...) {
            return fail(ctx);
        }
    }
    static int cooccur(void *ctx, const char *a, size_t alen, const char *const *bs,
                       const size_t *blens, size_t n, int *out)
    {
        cached_vocab *v = static_cast<cached_vocab *>(ctx);
        try {
            /* the terms, each after its length: terms may hold any byte */
            std::string key;
            auto add = [&key](const char *t, size_t len) {
                key.append(reinterpret_cast<const char *>(&len), sizeof len);
                key.append(t, len);
            };
            add(a, alen);
            for (size_t i = 0; i < n; i++)
                add(bs[i], blens[i]);
            if (const bool *hit = v->r->cache.cooccur(key)) {
                *out = *hit;
                return 0;
            }
            /* frana::detail::Vocab's check, with a's frequency from the cache:
             * a match of at most one document, unweighted, when a is there. */
            uint64_t tf = 0;
            int rc = termfreq(ctx, a, alen, &tf);
            if (rc)
                return rc;
            *out = 0;
            if (tf > 0 && n > 0) {
                std::vector<Xapian::Query> any;
                for (size_t i = 0; i < n; i++)
                    any.emplace_back(std::string(bs[i], blens[i]));
                Xapian::Enquire e(v->r->db);
                e.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(std::string(a, alen)),
                                          Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end())));
                e.set_weighting_scheme(Xapian::BoolWeight());
                xapian_reserve reserve;
                *out = e.get_mset(0, 1).size() > 0;
            }
            v->r->cache.set_cooccur(key, *out != 0);
            return 0;
        } catch (...) {
            return fail(ctx);
        }
    }
    static int expand(void *ctx, const char *prefix, size_t plen, size_t max,
                      int (*cb)(void *, const char *, size_t), void *cbctx)
    {
        cached_vocab *v = static_cast<cached_vocab *>(ctx);
        try {
            std::string key = vocab_cache::expand_key(prefix, plen, max);
            const std::vector<std::string> *hit = v->r->cache.expand(key);
            std::vector<std::string> terms;
            if (!hit) {
                auto collect = [](void *into, const char *t, size_t len) {
                    static_cast<std::vector<std::string> *>(into)->emplace_back(t, len);
                    return 0;
                };
                int rc = v->pass(v->base.c.expand(v->base.c.ctx, prefix, plen, max, collect, &terms));
                if (rc)
                    return rc;
                v->r->cache.set_expand(key, terms);
                hit = &terms;
            }
            for (const std::string &t : *hit) {
                int rc = cb(cbctx, t.data(), t.size());
                if (rc)
                    return rc;
            }
            return 0;
        } catch (...) {
            return fail(ctx);
        }
    }
};

/* The questions a plan asks first, gathered without asking them: a term's
 * frequency or the terms under a prefix that r->cache does not hold yet are
 * noted, and answered 0 or none (a co-occurrence check is not asked: its
 * answer comes from the others). The plan built on these answers is thrown
 * away; the questions are then asked all at once (prefetch). */
struct noted_vocab {
    explicit noted_vocab(const vocab_cache &kept) : cache(kept) {}
    const vocab_cache &cache;
    std::vector<std::string> tf;                       /* terms */
    std::vector<std::pair<std::string, size_t>> walks; /* prefix, max */
    frana_vocab c{this, &noted_vocab::termfreq, &noted_vocab::cooccur, &noted_vocab::expand};

  private:
    static int termfreq(void *ctx, const char *t, size_t len, uint64_t *out)
    {
        noted_vocab *v = static_cast<noted_vocab *>(ctx);
        try {
            std::string key(t, len);
            const uint64_t *hit = v->cache.termfreq(key);
            *out = hit ? *hit : 0;
            if (!hit && std::find(v->tf.begin(), v->tf.end(), key) == v->tf.end())
                v->tf.push_back(std::move(key));
            return 0;
        } catch (...) {
            return FRANA_ERR_NOMEM;
        }
    }
    static int cooccur(void *, const char *, size_t, const char *const *, const size_t *, size_t,
                       int *out)
    {
        *out = 0;
        return 0;
    }
    static int expand(void *ctx, const char *prefix, size_t plen, size_t max,
                      int (*cb)(void *, const char *, size_t), void *cbctx)
    {
        noted_vocab *v = static_cast<noted_vocab *>(ctx);
        try {
            std::string key = vocab_cache::expand_key(prefix, plen, max);
            if (const std::vector<std::string> *hit = v->cache.expand(key)) {
                for (const std::string &t : *hit) {
                    int rc = cb(cbctx, t.data(), t.size());
                    if (rc)
                        return rc;
                }
                return 0;
            }
            std::pair<std::string, size_t> walk(std::string(prefix, plen), max);
            if (std::find(v->walks.begin(), v->walks.end(), walk) == v->walks.end())
                v->walks.push_back(std::move(walk));
            return 0;
        } catch (...) {
            return FRANA_ERR_NOMEM;
        }
    }
};

/* Over remote parts, the first questions of root's plan (noted_vocab), asked
 * of every part at the same time through the worker connections (a round
 * trip or two, where asking them one by one through the combined database
 * is a round trip per part and per question), their answers put in r->cache
 * as the combined database gives them: the sum of the parts' frequencies,
 * and the first max terms of the parts' merged walks. */
void prefetch(frana_db_reader *r, const frana_qnode *root)
{
    noted_vocab noted(r->cache);
    frana_plan *dry = nullptr;
    char msg[256];
    frana_plan_build_opts(r->s, root, &noted.c, "", FRANA_LAYOUT_TITLE_PREFIX, nullptr, &dry, msg,
                          sizeof msg);
    frana_plan_free(dry);
    size_t n = r->parts.parts.size(), q = noted.tf.size() + noted.walks.size();
    if (q == 0)
        return;
    std::vector<frana_shim::part_task> tasks(q * n);
    for (size_t i = 0; i < q; i++)
        for (size_t p = 0; p < n; p++) {
            frana_shim::part_task &t = tasks[i * n + p];
            t.part = p;
            if (i < noted.tf.size()) {
                t.kind = frana_shim::part_task::TERMFREQ;
                t.term = noted.tf[i];
            } else {
                t.kind = frana_shim::part_task::EXPAND;
                t.term = noted.walks[i - noted.tf.size()].first;
                t.max = noted.walks[i - noted.tf.size()].second;
            }
        }
    r->pool->run(tasks);
    for (size_t i = 0; i < q; i++) {
        if (i < noted.tf.size()) {
            uint64_t sum = 0;
            for (size_t p = 0; p < n; p++)
                sum += tasks[i * n + p].freq;
            r->cache.set_termfreq(noted.tf[i], sum);
            continue;
        }
        std::vector<std::string> all;
        for (size_t p = 0; p < n; p++)
            all.insert(all.end(), tasks[i * n + p].terms.begin(), tasks[i * n + p].terms.end());
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        size_t max = tasks[i * n].max;
        if (all.size() > max)
            all.resize(max);
        const std::string &prefix = tasks[i * n].term;
        r->cache.set_expand(vocab_cache::expand_key(prefix.data(), prefix.size(), max),
                            std::move(all));
    }
}

/* Parses text and builds its plan; FRANA_OK, or an error in r->errmsg. */
int plan_of(frana_db_reader *r, const char *text, size_t len, const frana_search_options &o,
            frana_qnode **root, frana_plan **plan)
{
    int rc = frana_query_parse_limited(r->s, text, len, o.lang, o.default_or, o.max_query_terms,
                                       root, r->errmsg, sizeof r->errmsg);
    if (rc)
        return rc;
    if (r->pool)
        prefetch(r, *root);
    cached_vocab vocab(r);
    frana_plan_opts popts{};
    popts.wildcard_max = o.wildcard_max;
    popts.prefix_count = vocab_prefix_count;
    popts.prefix_ctx = r;
    rc = frana_plan_build_opts(r->s, *root, &vocab.c, "", FRANA_LAYOUT_TITLE_PREFIX, &popts, plan,
                               r->errmsg, sizeof r->errmsg);
    if (vocab.error)
        std::rethrow_exception(vocab.error);
    return rc;
}

/* Whether a plan only restricts (the --filter options must). */
bool plan_filters_only(const frana_plan *p)
{
    if (p->op == FRANA_P_SCALE && p->scale == 0)
        return true;
    if (p->op >= FRANA_P_VALUE_RANGE && p->op <= FRANA_P_VALUE_LE)
        return true;
    if ((p->op != FRANA_P_AND && p->op != FRANA_P_OR) || p->nkids == 0)
        return false;
    for (size_t i = 0; i < p->nkids; i++)
        if (!plan_filters_only(p->kids[i]))
            return false;
    return true;
}

/* The stored data of the hits, in mset order. Xapian 1.4's remote backend
 * reads a document in one round trip of its own and MSet::fetch does not
 * pipeline them (fetch(begin, end) requests nothing), so over remote parts
 * the hits go to the reader's worker connections (hit_pool), a few per
 * HOST:PORT part, and are read at the same time, while the caller works on
 * those already read (at waits for hit k). A hit of the combined database
 * is document (did - 1) / n + 1 of part (did - 1) % n
 * (Database::add_database). Exceptions (DatabaseModifiedError included)
 * propagate; the destructor waits until no worker touches the hits. */
class hit_data {
  public:
    hit_data(frana_db_reader *r, const Xapian::MSet &mset, bool no_fields) : r_(r)
    {
        size_t k = 0;
        if (no_fields) {
            plain_.assign(mset.size(), "{}"); /* no document read: every field absent */
        } else if (!r->pool || mset.size() < 2) {
            plain_.resize(mset.size());
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++k)
                plain_[k] = it.get_document().get_data();
        } else {
            size_t n = r->parts.parts.size();
            tasks_.resize(mset.size());
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++k) {
                tasks_[k].part = (*it - 1) % n;
                tasks_[k].did = static_cast<Xapian::docid>((*it - 1) / n + 1);
            }
            r->pool->start(tasks_);
        }
    }
    ~hit_data()
    {
        if (!tasks_.empty())
            r_->pool->finish();
    }
    hit_data(const hit_data &) = delete;
    hit_data &operator=(const hit_data &) = delete;
    const std::string &at(size_t k) { return tasks_.empty() ? plain_[k] : r_->pool->wait(k).data; }

  private:
    frana_db_reader *r_;
    std::vector<std::string> plain_;
    std::vector<frana_shim::part_task> tasks_;
};

/* One attempt of frana_db_search; Xapian exceptions propagate. */
int search_once(frana_db_reader *r, const char *query, size_t len, const frana_search_options &o,
                frana_db_results **out)
{
    search_state st;
    if (len > o.max_query_bytes) {
        std::snprintf(r->errmsg, sizeof r->errmsg,
                      "query of %zu bytes, over the limit of %zu (max_query_bytes)", len,
                      o.max_query_bytes);
        return FRANA_ERR_LIMIT;
    }
    int rc = plan_of(r, query, len, o, &st.root, &st.plan);
    if (rc)
        return rc;
    Xapian::Query q = to_xapian(st.plan);
    if (o.filter && o.filter_len) {
        rc = plan_of(r, o.filter, o.filter_len, o, &st.filter, &st.filter_plan);
        if (rc == 0 && !plan_filters_only(st.filter_plan)) {
            std::snprintf(r->errmsg, sizeof r->errmsg,
                          "filter \"%.*s\": only field filters (lang: source: id: date:)",
                          (int)(o.filter_len > 80 ? 80 : o.filter_len), o.filter);
            rc = FRANA_ERR_SYNTAX;
        }
        if (rc)
            return rc;
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, to_xapian(st.filter_plan));
    }
    Xapian::Enquire enquire(r->db);
    enquire.set_query(q);
    if (o.sort == FRANA_SORT_DATE || o.sort == FRANA_SORT_DATE_DESC)
        enquire.set_sort_by_value_then_relevance(FRANA_DB_SLOT_DATE, o.sort == FRANA_SORT_DATE_DESC);
    facet_spies spies;
    spies.attach(enquire, o.facets);
    /* Every match is checked (exact counts, facets) unless an estimate is asked for. */
    Xapian::doccount check = o.estimate && !o.facets ? 0 : r->db.get_doccount();
    xapian_reserve reserve;
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(o.offset),
                                         static_cast<Xapian::doccount>(o.count_only ? 0 : o.limit),
                                         check);
    hit_data data(r, mset, o.no_fields != 0);
    if (!o.no_snippets) {
        rc = frana_plan_highlight_terms(st.plan, &st.view);
        if (rc)
            throw std::bad_alloc();
    }
    st.res = frana_results_new(mset.get_matches_estimated());
    if (!st.res)
        throw std::bad_alloc();
    size_t lower = mset.get_matches_lower_bound(), upper = mset.get_matches_upper_bound();
    frana_results_set_bounds(st.res, lower == upper, lower, upper);
    fill_facets(spies, o.facets, st.res);
    frana_snippet_ctx ctx{r->s, &st.view, o.hl_open, o.hl_close, o.snippet_words};
    size_t rank = o.offset;
    size_t k = 0;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++k) {
        const std::string &d = data.at(k);
        rc = frana_results_add(st.res, o.no_snippets ? nullptr : &ctx, ++rank, it.get_weight(),
                               it.get_percent(), d.data(), d.size());
        if (rc == FRANA_ERR_NOMEM)
            throw std::bad_alloc();
        if (rc) {
            std::snprintf(r->errmsg, sizeof r->errmsg, "snippet: %s", frana_strerror(rc));
            return rc;
        }
    }
    *out = st.res;
    st.res = nullptr;
    return FRANA_OK;
}

} // namespace

extern "C" {

int frana_db_search(frana_db_reader *r, const char *query, size_t len,
                    const frana_search_options *opts, frana_db_results **out)
{
    if (!out)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    if (!r || (!query && len))
        return FRANA_ERR_INVALID;
    r->errmsg[0] = 0;
    frana_search_options o{};
    if (opts && frana_copy_sized(&o, sizeof o, opts, FRANA_SEARCH_OPTIONS_V0_SIZE)) {
        std::snprintf(r->errmsg, sizeof r->errmsg, "frana_search_options.size is too small");
        return FRANA_ERR_INVALID;
    }
    if (o.limit == 0)
        o.limit = 10;
    if (o.offset > FRANA_SEARCH_MAX || o.limit > FRANA_SEARCH_MAX - o.offset) {
        std::snprintf(r->errmsg, sizeof r->errmsg,
                      "limit %zu and offset %zu: their sum must not pass %u", o.limit, o.offset,
                      FRANA_SEARCH_MAX);
        return FRANA_ERR_INVALID;
    }
    if (o.sort < FRANA_SORT_RELEVANCE || o.sort > FRANA_SORT_DATE_DESC ||
        (o.facets & ~15u) != 0) {
        std::snprintf(r->errmsg, sizeof r->errmsg, "unknown sort order or facet");
        return FRANA_ERR_INVALID;
    }
    if (o.no_fields)
        o.no_snippets = 1; /* a snippet is a field */
    if (o.max_query_bytes == 0)
        o.max_query_bytes = FRANA_QUERY_MAX_BYTES;
    if (o.max_query_terms == 0)
        o.max_query_terms = FRANA_QUERY_MAX_TERMS;
    /* A connection that broke (a server closes the connections left idle
     * past its --idle-timeout; a server restarted) gets one more attempt, on
     * connections opened afresh. */
    for (int attempt = 1;; attempt++) {
        try {
            ensure_fresh(r);
            return after_error(r,
                               retry_modified(r, [&] { return search_once(r, query, len, o, out); }));
        } catch (const Xapian::NetworkError &e) {
            int rc = after_network_error(r, e);
            if (attempt == 2)
                return rc;
        } catch (...) {
            return after_error(r, frana_shim_error(r));
        }
    }
}

int frana_query_serialise(frana_session *s, const char *query, size_t len,
                          const frana_query_options *opts, const frana_vocab *vocab, char **out,
                          size_t *outlen, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out || !outlen)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    *outlen = 0;
    char msg[512] = {0};
    frana_query_options o{};
    if (!s || (!query && len)) {
        out_msg(errmsg, "frana_query_serialise: no session or no query");
        return FRANA_ERR_INVALID;
    }
    if (opts && frana_copy_sized(&o, sizeof o, opts, offsetof(frana_query_options, max_query_bytes))) {
        out_msg(errmsg, "frana_query_serialise: frana_query_options.size is too small");
        return FRANA_ERR_INVALID;
    }
    size_t max_bytes = o.max_query_bytes ? o.max_query_bytes : FRANA_QUERY_MAX_BYTES;
    if (len > max_bytes) {
        std::snprintf(msg, sizeof msg, "query of %zu bytes, over the limit of %zu (max_query_bytes)",
                      len, max_bytes);
        out_msg(errmsg, msg);
        return FRANA_ERR_LIMIT;
    }
    frana_qnode *root = nullptr;
    frana_plan *plan = nullptr;
    int rc = frana_query_parse_limited(s, query ? query : "", len, o.lang, o.default_or,
                                       o.max_query_terms ? o.max_query_terms : FRANA_QUERY_MAX_TERMS,
                                       &root, msg, sizeof msg);
    if (rc == 0)
        rc = frana_plan_build(s, root, vocab, o.body_prefix ? o.body_prefix : "",
                              o.title_prefix ? o.title_prefix : FRANA_LAYOUT_TITLE_PREFIX, &plan,
                              msg, sizeof msg);
    if (rc == 0) {
        try {
            std::string bytes = to_xapian(plan).serialise();
            char *p = static_cast<char *>(std::malloc(bytes.size() + 1));
            if (!p)
                throw std::bad_alloc();
            std::memcpy(p, bytes.data(), bytes.size());
            p[bytes.size()] = 0;
            *out = p;
            *outlen = bytes.size();
        } catch (...) {
            rc = map_exception(msg, sizeof msg);
        }
    }
    frana_plan_free(plan);
    frana_qnode_free(root);
    if (rc)
        out_msg(errmsg, msg[0] ? msg : frana_strerror(rc));
    return rc;
}

int frana_db_stats(frana_db_reader *r, frana_db_info *out)
{
    if (!r || !out)
        return FRANA_ERR_INVALID;
    try {
        ensure_fresh(r);
        out->articles = r->db.get_doccount();
        size_t n = 0;
        for (Xapian::TermIterator t = r->db.allterms_begin(); t != r->db.allterms_end(); ++t)
            n++;
        out->distinct_terms = n;
        out->disk_bytes = 0;
        for (const std::string &d : r->dirs)
            out->disk_bytes += frana_dir_bytes(d.c_str());
        return FRANA_OK;
    } catch (const Xapian::NetworkError &e) {
        return after_network_error(r, e);
    } catch (...) {
        return after_error(r, frana_shim_error(r));
    }
}

} // extern "C"
