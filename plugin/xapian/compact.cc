/*
 * compact.cc — frana_db_compact: Xapian::Database::compact on one glass
 * database, or on each local database a stub lists, each swapped in
 * atomically. The compacted copy is written into a new folder next to the
 * database (so that the swap is a rename on one file system), checked, and
 * exchanged with the old folder in one renameat2(RENAME_EXCHANGE) (two
 * renames where the file system cannot exchange); the old folder is then
 * removed. The database's write lock is held from before the copy until
 * after the swap, so no writer commits into the old folder meanwhile.
 * Xapian's xapian-compact merges the databases of a stub into one; frana
 * keeps the shards (an article's shard is fixed by its id) and compacts each
 * in place, so the stub stays as it is.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base.h"
#include "open.h"
#include "store.h"
#include "stub.h"

namespace {

struct compact_error {
    int rc;
    std::string msg;
};

/* Removes a folder tree this file made (the temporary folder). */
void remove_tree(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (d) {
        while (struct dirent *e = readdir(d)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
                continue;
            std::string p = dir + "/" + e->d_name;
            struct stat st;
            if (lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p.c_str());
        }
        closedir(d);
    }
    rmdir(dir.c_str());
}

/* Swaps the folders at a and b: one atomic exchange, or two renames. */
int swap_dirs(const std::string &a, const std::string &b, const std::string &spare)
{
    if (renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
    /* b → spare, a → b; b back on failure */
    if (rename(b.c_str(), spare.c_str()) != 0)
        return -1;
    if (rename(a.c_str(), b.c_str()) != 0) {
        int e = errno;
        rename(spare.c_str(), b.c_str());
        errno = e;
        return -1;
    }
    return rename(spare.c_str(), a.c_str());
}

void compact_one_unnamed(const std::string &path, uint64_t sizes[2]);

/* Compacts the glass database at path in place; adds its sizes to sizes.
 * Every failure names the path. */
void compact_one(const std::string &path, uint64_t sizes[2])
{
    try {
        compact_one_unnamed(path, sizes);
    } catch (const Xapian::Error &e) {
        throw compact_error{FRANA_ERR_DB,
                            path + ": " + e.get_description() + " (the database is unchanged)"};
    }
}

void compact_one_unnamed(const std::string &named, uint64_t sizes[2])
{
    struct stat st;
    if (stat(named.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
        access((named + "/iamglass").c_str(), F_OK) != 0)
        throw compact_error{FRANA_ERR_DB_OPEN, named + ": no glass database here"};
    /* The folder itself (a symbolic link's target, no trailing slash), so that
     * the new folder is made beside it and swapped in its place. */
    char *real = realpath(named.c_str(), nullptr);
    if (!real)
        throw compact_error{FRANA_ERR_DB_OPEN, named + ": " + std::strerror(errno)};
    std::string path(real);
    std::free(real);
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError &e) {
        throw compact_error{FRANA_ERR_DB_LOCKED,
                            named + ": a writer holds the database (" + e.get_msg() +
                                "): compact it when no writer runs"};
    }
    frana_shim::check_layout(db);
    Xapian::doccount n = db.get_doccount();
    /* The new folder next to the database: same file system, same parent. */
    std::string::size_type slash = path.find_last_of('/');
    std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string tmpl = parent + "/." + base + ".compact-XXXXXX";
    if (!mkdtemp(&tmpl[0]))
        throw compact_error{FRANA_ERR_DB, named + ": cannot make the folder to compact into in " +
                                              parent + ": " + std::strerror(errno) +
                                              " (the database is unchanged)"};
    std::string out = tmpl + "/db", spare = tmpl + "/old";
    try {
        db.compact(out, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DB_BACKEND_GLASS);
        Xapian::Database check(out, Xapian::DB_BACKEND_GLASS);
        frana_shim::check_layout(check);
        if (check.get_doccount() != n)
            throw compact_error{FRANA_ERR_DB, named + ": the compacted copy holds " +
                                                  std::to_string(check.get_doccount()) +
                                                  " articles, not " + std::to_string(n) +
                                                  " (the database is unchanged)"};
        check.close();
        uint64_t before = frana_dir_bytes(path.c_str()), after = frana_dir_bytes(out.c_str());
        if (swap_dirs(out, path, spare) != 0)
            throw compact_error{FRANA_ERR_DB, named + ": cannot swap in the compacted copy: " +
                                                  std::strerror(errno) +
                                                  " (the database is unchanged)"};
        sizes[0] += before;
        sizes[1] += after;
    } catch (...) {
        db.close();
        remove_tree(tmpl);
        throw;
    }
    /* The old folder is at out now (or spare): the lock goes with it. */
    db.close();
    remove_tree(tmpl);
}

} // namespace

extern "C" int frana_db_compact(const char *path, unsigned flags, uint64_t sizes[2],
                                char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    uint64_t local[2] = {0, 0};
    if (!sizes)
        sizes = local;
    sizes[0] = sizes[1] = 0;
    if (!path || !*path || (flags & ~FRANA_COMPACT_STUB)) {
        if (errmsg)
            *errmsg = frana_strdup("frana_db_compact: no path, or unknown flags");
        return FRANA_ERR_INVALID;
    }
    frana_stub st{};
    char msg[512];
    int rc = FRANA_OK;
    try {
        if (!(flags & FRANA_COMPACT_STUB)) {
            struct stat sb;
            if (lstat((std::string(path) + "/XAPIANDB").c_str(), &sb) == 0)
                throw compact_error{FRANA_ERR_INVALID,
                                    std::string(path) + ": holds a stub of shards (XAPIANDB): "
                                                        "compact it as a stub (frana compact "
                                                        "--stub)"};
            compact_one(path, sizes);
            return FRANA_OK;
        }
        /* Every kind of line is read (nothing is opened): remote ones are refused. */
        rc = frana_stub_read(path, FRANA_STUB_ALLOW_REMOTE | FRANA_STUB_ALLOW_PROGRAMS, &st, msg,
                             sizeof msg);
        if (rc)
            throw compact_error{rc, msg};
        for (size_t i = 0; i < st.n; i++)
            if (st.parts[i].kind != FRANA_STUB_GLASS)
                throw compact_error{FRANA_ERR_INVALID,
                                    std::string(path) + ":" + std::to_string(st.parts[i].line) +
                                        ": " + st.parts[i].name +
                                        " is a remote database: compact it on its server "
                                        "(xapian-compact there, while no writer runs); nothing "
                                        "was compacted"};
        for (size_t i = 0; i < st.n; i++)
            compact_one(st.parts[i].path, sizes);
    } catch (const compact_error &e) {
        rc = e.rc;
        if (errmsg)
            *errmsg = frana_strdup(e.msg.c_str());
    } catch (const Xapian::Error &e) {
        rc = FRANA_ERR_DB;
        if (errmsg)
            *errmsg = frana_strdup((std::string(path) + ": " + e.get_description()).c_str());
    } catch (const std::bad_alloc &) {
        rc = FRANA_ERR_NOMEM;
    } catch (...) {
        rc = FRANA_ERR_DB;
        if (errmsg)
            *errmsg = frana_strdup("frana_db_compact: unexpected error");
    }
    frana_stub_free(&st);
    return rc;
}
