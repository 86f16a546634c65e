# tests/pg/lib.sh — a throwaway PostgreSQL cluster for frana's tests and
# benchmarks, sourced by tests/pg/extension.sh and bench/bench_pg.sh.
#
# Nothing is written outside the work folder. PostgreSQL 15 reads extension
# control files only from its share directory, which it finds relative to
# its own executable; so pg_setup installs the build into WORK/pg
# (cmake --install, PGXS's layout), gives that prefix a copy (or hard link) of
# the postgres executable and links to the rest of the system's share and
# lib directories: a PostgreSQL installation of its own where
# CREATE EXTENSION frana finds the files just built.
#
# initdb refuses root: as root, the server runs as the user postgres (or
# nobody), owner of WORK/data and WORK/sock. The server listens on a Unix
# socket in WORK/sock only (listen_addresses = '').

pg_bindir=$(pg_config --bindir)
pg_sharedir=$(pg_config --sharedir)
pg_pkglibdir=$(pg_config --pkglibdir)

pg_user() { # the unprivileged user the server runs as, when we are root
    if id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

pg_as_server() { # runs a command as the server's user
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$(pg_user)" -- "$@"
    else
        "$@"
    fi
}

# pg_setup CMAKE BUILD WORK: the installation of its own in WORK/pg
pg_setup() {
    local cmake=$1 build=$2 work=$3 prefix=$3/pg
    "$cmake" --install "$build" --prefix "$prefix" >/dev/null
    local pg_prefix=${pg_pkglibdir%%/lib/*}
    local bin=$prefix/${pg_bindir#"$pg_prefix"/}
    local share=$prefix/${pg_sharedir#"$pg_prefix"/}
    local lib=$prefix/${pg_pkglibdir#"$pg_prefix"/}
    [ -f "$share/extension/frana.control" ] && [ -f "$lib/frana.so" ] || {
        echo "pg_setup: the install put no frana.control in $share/extension or no frana.so in $lib" >&2
        return 1
    }
    mkdir -p "$bin"
    # a copy, not a symbolic link: PostgreSQL resolves links to find its directories
    ln "$pg_bindir/postgres" "$bin/postgres" 2>/dev/null || cp "$pg_bindir/postgres" "$bin/postgres"
    local f
    for f in "$pg_sharedir"/*; do
        [ "$(basename "$f")" = extension ] || ln -s "$f" "$share/"
    done
    for f in "$pg_sharedir"/extension/*; do
        [ -e "$share/extension/$(basename "$f")" ] || ln -s "$f" "$share/extension/"
    done
    for f in "$pg_pkglibdir"/*; do
        [ -e "$lib/$(basename "$f")" ] || ln -s "$f" "$lib/"
    done
    chmod -R a+rX "$work"
    pg_postgres=$bin/postgres
}

# pg_start WORK: a new cluster in WORK/data, started; sets pg_sock
pg_start() {
    local work=$1
    mkdir -p "$work/data" "$work/sock"
    chmod 755 "$work"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$(pg_user)" "$work/data" "$work/sock"
        touch "$work/server.log" && chown "$(pg_user)" "$work/server.log"
    fi
    pg_as_server "$pg_bindir/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C \
        >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; return 1; }
    pg_as_server "$pg_bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
        -p "$pg_postgres" \
        -o "-k $work/sock -c listen_addresses= -p 5432 -c fsync=off -c max_wal_size=4GB" start >/dev/null ||
        { cat "$work/server.log" >&2; return 1; }
    pg_sock=$work/sock
    pg_work=$work
}

# pg_stop: stops the cluster pg_start started (a no-op when none runs)
pg_stop() {
    [ -n "${pg_work:-}" ] && [ -f "$pg_work/data/postmaster.pid" ] || return 0
    pg_as_server "$pg_bindir/pg_ctl" -D "$pg_work/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
        pg_as_server "$pg_bindir/pg_ctl" -D "$pg_work/data" -m immediate -w stop >/dev/null 2>&1 ||
        true
}

# pg_psql ARGS...: psql on the cluster, stopping at the first error
pg_psql() {
    "$pg_bindir/psql" -h "$pg_sock" -p 5432 -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}
