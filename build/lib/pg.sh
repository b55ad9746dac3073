# Sourced by the build scripts: a PostgreSQL server for demos and benchmarks.
#   pg_start WORKDIR   sets PG_ADMIN (Npgsql keyword string to database "postgres") and starts a throwaway
#                      cluster from the local binaries unless SCHEMADRIFT_TEST_POSTGRES names a server.
#   pg_stop            stops the throwaway cluster (call from an EXIT trap).
#   pg_libpq DB        prints a libpq connection string for database DB on that server (for psql/pg_dump).
#   pg_npgsql DB       prints an Npgsql connection string for database DB.

as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  local work="$1"
  PG_DATA=""
  if [[ -n "${SCHEMADRIFT_TEST_POSTGRES:-}" ]]; then
    PG_ADMIN="$SCHEMADRIFT_TEST_POSTGRES"
    echo "using the server named by SCHEMADRIFT_TEST_POSTGRES"
    return
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL binaries not found: apt-get install postgresql" >&2; exit 4; }
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  chmod 755 "$work"
  [[ "$(id -u)" == 0 ]] && chown postgres "$work"
  PG_DATA="$work/data"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$work/pg.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  PG_ADMIN="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "throwaway PostgreSQL cluster on 127.0.0.1:$port"
}

pg_stop() {
  if [[ -n "${PG_DATA:-}" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
}

pg_libpq() {
  python3 - "$PG_ADMIN" "$1" <<'PY'
import sys
parts = {k.strip().lower(): v for k, v in (p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)}
get = lambda *keys: next((parts[k] for k in keys if k in parts), "")
items = [f"host={get('host', 'server')}", f"port={get('port') or 5432}",
         f"user={get('username', 'user id', 'userid', 'user') or 'postgres'}", f"dbname={sys.argv[2]}"]
if get("password"):
    items.append(f"password={get('password')}")
print(" ".join(items))
PY
}

pg_npgsql() {
  python3 - "$PG_ADMIN" "$1" <<'PY'
import sys
parts = [p for p in sys.argv[1].split(";") if p and p.split("=", 1)[0].strip().lower() not in ("database", "db")]
print(";".join(parts + [f"Database={sys.argv[2]}"]))
PY
}
