/*
 * pool.h — more connections to the remote parts of a reader, so that the
 * documents of a page, and the first questions of a query, are asked at the
 * same time (pool.cc). Xapian 1.4's remote backend answers each in a round
 * trip of its own, one after the other on a connection; a few connections
 * per remote HOST:PORT part, each used by one worker thread, answer a
 * page's hits in about one round trip. Not installed; nothing here is
 * public API.
 */
#ifndef FRANA_POOL_H
#define FRANA_POOL_H

#include <xapian.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace frana_shim {

/* Opens one more connection to a part (empty: the part gets none). */
using part_connect = std::function<Xapian::Database()>;

/* The parts of a reader's database when it combines several and some are
 * remote: each part (sharing the combined database's connection), how to
 * connect to it again (remote HOST:PORT parts only), and its name
 * ("127.0.0.1:3456", "shard0") for messages. Empty otherwise. */
struct reader_parts {
    std::vector<Xapian::Database> parts;
    std::vector<part_connect> connect;
    std::vector<std::string> names;
    void clear()
    {
        parts.clear();
        connect.clear();
        names.clear();
    }
};

/* What a remote part says of the revision it reads: Xapian 1.4 gives no
 * revision over the remote protocol (get_revision() is unimplemented there),
 * so a connection counts as at the main connection's revision when all of
 * its statistics are equal (documents, last docid, total length, length
 * bounds, positions, uuid) and so is the count of commits frana's writer
 * keeps in the metadata (FRANA_COMMITS_KEY: a commit that changes none of the
 * statistics, a document replaced by one of the same length, changes it).
 * Reading it is a round trip: once per connection and reopen. */
struct part_revision {
    Xapian::doccount docs = 0;
    Xapian::docid last = 0;
    Xapian::totallength total = 0;
    Xapian::termcount lo = 0, hi = 0;
    bool positions = false;
    std::string uuid;
    std::string commits;
    static part_revision of(const Xapian::Database &db);
    bool operator==(const part_revision &o) const
    {
        return docs == o.docs && last == o.last && total == o.total && lo == o.lo && hi == o.hi &&
               positions == o.positions && uuid == o.uuid && commits == o.commits;
    }
};

/* A question to one part, answered by a worker (or on the main connection):
 * a document's data, a term's frequency, or the index terms that begin with
 * a prefix (at most max, in order). */
struct part_task {
    enum kind_t { DOCUMENT, TERMFREQ, EXPAND } kind = DOCUMENT;
    size_t part = 0;
    Xapian::docid did = 0; /* DOCUMENT */
    std::string term;      /* TERMFREQ: the term; EXPAND: the prefix */
    size_t max = 0;        /* EXPAND */
    /* the answer */
    std::string data;
    Xapian::doccount freq = 0;
    std::vector<std::string> terms;
    bool ready = false; /* answered (under the pool's lock while a worker may set it) */
    /* Answers the task on db (the calling thread's connection). */
    void answer(const Xapian::Database &db);
};

/* Up to PER_PART extra connections per part that has a part_connect, each
 * opened lazily by a worker thread of its own, which alone uses it. The
 * caller's thread uses the main connections (parts), the workers never.
 * One thread at a time (the reader's) calls the methods; reopened only when
 * no task is given out (not between start and finish). */
class hit_pool {
  public:
    static const size_t PER_PART = 4;
    explicit hit_pool(const reader_parts &parts);
    ~hit_pool();
    hit_pool(const hit_pool &) = delete;
    hit_pool &operator=(const hit_pool &) = delete;

    /* The main connections went to another revision (Database::reopen):
     * each worker reopens its connection before its next read. */
    void reopened();
    /* Answers every task: the first on the main connection by this thread,
     * the others of a part by its workers when their connections are at the
     * main connection's revision, else (and for parts without workers, or a
     * worker that failed) on the main connection by this thread. Exceptions
     * of the main connections propagate; a worker's only makes its tasks be
     * answered on the main connection. */
    void run(std::vector<part_task> &tasks);
    /* run in three steps, so that the caller works on the first answers
     * while the workers fetch the others: start gives the tasks out (they
     * must stay in place until finish), wait(i) returns task i answered
     * (answering it here when no worker did; exceptions propagate), finish
     * waits until no worker touches the tasks (also run by start and by the
     * destructor; it throws nothing). */
    void start(std::vector<part_task> &tasks);
    part_task &wait(size_t i);
    void finish();

  private:
    struct worker;
    void work(worker *w);
    bool add_worker(size_t part);
    std::vector<Xapian::Database> mains_;
    std::vector<part_connect> connect_;
    std::vector<part_revision> revision_; /* of each main connection */
    std::vector<std::vector<std::unique_ptr<worker>>> workers_; /* by part */
    std::mutex mu_;
    std::condition_variable done_cv_;
    size_t pending_ = 0; /* workers given a job that have not ended it */
    /* the tasks given out by start, the worker of each (null: answered
     * here), and the workers given a job */
    std::vector<part_task> *tasks_ = nullptr;
    std::vector<worker *> owner_, given_;
    /* the task the caller waits for in wait(), and its worker: only their
     * answer or that worker's end wakes it */
    const part_task *waiting_ = nullptr;
    const worker *waiting_owner_ = nullptr;
    unsigned long generation_ = 0; /* counts reopened() */
    bool stop_ = false;
    long pid_; /* a forked child has none of the workers' threads */
};

} // namespace frana_shim

#endif /* FRANA_POOL_H */
