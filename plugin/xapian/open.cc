/*
 * open.cc — stub databases and shards over Xapian (frana_db.h, "Shards and
 * remote databases"). stub.c reads a stub and decides what it may open; this
 * file only opens each part as stub.c says (glass, Xapian::Remote::open over
 * TCP or a program) and combines them with add_database. Every extern "C"
 * function catches everything (reader_open and writer_open map Xapian's
 * exceptions).
 */
#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "base.h"
#include "open.h"
#include "stub.h"

namespace {

/* Milliseconds a remote database may take to answer, or to connect. */
const unsigned REMOTE_TIMEOUT_MS = 30000;

void set_out(char **errmsg, const char *msg)
{
    if (errmsg)
        *errmsg = frana_strdup(msg);
}

/* One part of a stub, as the reader keeps it to open it again. */
struct part_spec {
    int kind;
    std::string path, args, host;
    unsigned port;
    std::string name; /* for messages: "127.0.0.1:3456", "shard0" */
};

/* One part of a stub, for reading; its layout checked. */
Xapian::Database open_part(const part_spec &p)
{
    Xapian::Database db;
    if (p.kind == FRANA_STUB_GLASS)
        db = Xapian::Database(p.path, Xapian::DB_BACKEND_GLASS);
    else if (p.kind == FRANA_STUB_TCP)
        db = Xapian::Remote::open(p.host, p.port, REMOTE_TIMEOUT_MS, REMOTE_TIMEOUT_MS);
    else
        db = Xapian::Remote::open(p.path, p.args);
    frana_shim::check_layout(db);
    return db;
}

/* Reads the stub; on failure sets *errmsg and returns the code. */
int read_stub(const char *stub, unsigned flags, frana_stub *st, char **errmsg)
{
    char msg[512];
    int rc = frana_stub_read(stub, flags, st, msg, sizeof msg);
    if (rc)
        set_out(errmsg, msg);
    return rc;
}

/* A reader over parts [first, first + count) of the stub. */
int open_reader(const frana_analyzer *a, const char *stub, unsigned flags, bool one, size_t part,
                frana_db_reader **out, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    if (!a || !stub || !*stub) {
        set_out(errmsg, "frana_db_reader_new_stub: no analyzer or no stub");
        return FRANA_ERR_INVALID;
    }
    frana_stub st{};
    int rc = read_stub(stub, flags, &st, errmsg);
    if (rc)
        return rc;
    if (one && part >= st.n) {
        frana_stub_free(&st);
        set_out(errmsg, "frana_db_reader_new_stub_part: no such part");
        return FRANA_ERR_INVALID;
    }
    size_t first = one ? part : 0, end = one ? part + 1 : st.n;
    try {
        std::vector<std::string> dirs;
        std::vector<part_spec> specs;
        for (size_t i = first; i < end; i++) {
            const frana_stub_part &p = st.parts[i];
            if (p.kind == FRANA_STUB_GLASS)
                dirs.emplace_back(p.path);
            specs.push_back({p.kind, p.path ? p.path : "", p.args ? p.args : "",
                             p.host ? p.host : "", p.port, p.name ? p.name : ""});
        }
        rc = frana_shim::reader_open(
            a,
            [specs](frana_shim::reader_parts &out_parts) {
                Xapian::Database db;
                frana_shim::reader_parts parts;
                bool remote = false;
                for (const part_spec &p : specs) {
                    parts.parts.push_back(open_part(p));
                    db.add_database(parts.parts.back());
                    /* more connections only to servers: a program line
                     * would run its program once per connection */
                    if (p.kind == FRANA_STUB_TCP)
                        parts.connect.emplace_back([p] { return open_part(p); });
                    else
                        parts.connect.emplace_back();
                    parts.names.push_back(p.name);
                    remote |= p.kind != FRANA_STUB_GLASS;
                }
                out_parts.clear();
                if (remote)
                    out_parts = std::move(parts);
                return db;
            },
            std::move(dirs), out, errmsg);
    } catch (...) {
        set_out(errmsg, "out of memory");
        rc = FRANA_ERR_NOMEM;
    }
    frana_stub_free(&st);
    return rc;
}

} // namespace

extern "C" {

int frana_db_reader_new_stub(const frana_analyzer *a, const char *stub, unsigned flags,
                             frana_db_reader **out, char **errmsg)
{
    return open_reader(a, stub, flags, false, 0, out, errmsg);
}

int frana_db_reader_new_stub_part(const frana_analyzer *a, const char *stub, unsigned flags,
                                  size_t part, frana_db_reader **out, char **errmsg)
{
    return open_reader(a, stub, flags, true, part, out, errmsg);
}

int frana_db_stub_names(const char *stub, unsigned flags, char ***names, size_t *n,
                        char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!names || !n)
        return FRANA_ERR_INVALID;
    *names = nullptr;
    *n = 0;
    frana_stub st{};
    int rc = read_stub(stub, flags, &st, errmsg);
    if (rc)
        return rc;
    char **v = static_cast<char **>(std::calloc(st.n, sizeof *v));
    for (size_t i = 0; v && i < st.n; i++) {
        v[i] = st.parts[i].name;
        st.parts[i].name = nullptr;
    }
    size_t count = st.n;
    frana_stub_free(&st);
    if (!v) {
        set_out(errmsg, "out of memory");
        return FRANA_ERR_NOMEM;
    }
    *names = v;
    *n = count;
    return FRANA_OK;
}

void frana_db_stub_names_free(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        std::free(names[i]);
    std::free(names);
}

int frana_db_writer_new_stub(const frana_analyzer *a, const char *stub, unsigned flags,
                             frana_db_writer **out, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out)
        return FRANA_ERR_INVALID;
    *out = nullptr;
    if (!a || !stub || !*stub) {
        set_out(errmsg, "frana_db_writer_new_stub: no analyzer or no stub");
        return FRANA_ERR_INVALID;
    }
    frana_stub st{};
    int rc = read_stub(stub, flags, &st, errmsg);
    if (rc)
        return rc;
    if (st.n != 1 || st.parts[0].kind == FRANA_STUB_PROGRAM) {
        set_out(errmsg, st.n != 1 ? "frana_db_writer_new_stub: the stub names several databases; "
                                    "Xapian writes to one (a writer per shard)"
                                  : "frana_db_writer_new_stub: frana writes to a local or a "
                                    "remote HOST:PORT database only");
        frana_stub_free(&st);
        return FRANA_ERR_INVALID;
    }
    try {
        const frana_stub_part &p = st.parts[0];
        rc = frana_shim::writer_open(
            a,
            [&p] {
                if (p.kind == FRANA_STUB_GLASS)
                    return Xapian::WritableDatabase(p.path, Xapian::DB_CREATE_OR_OPEN |
                                                                Xapian::DB_BACKEND_GLASS);
                return Xapian::Remote::open_writable(p.host, p.port, REMOTE_TIMEOUT_MS,
                                                     REMOTE_TIMEOUT_MS);
            },
            out, errmsg);
    } catch (...) {
        set_out(errmsg, "out of memory");
        rc = FRANA_ERR_NOMEM;
    }
    frana_stub_free(&st);
    return rc;
}

int frana_db_shards_create(const char *dir, size_t n, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    char msg[512];
    int rc = frana_stub_make_shards(dir, n, msg, sizeof msg);
    if (rc)
        set_out(errmsg, msg);
    return rc;
}

} // extern "C"
