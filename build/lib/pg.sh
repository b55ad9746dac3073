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
  port="$(free_port)"
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

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free TCP port found on 127.0.0.1" >&2
  return 1
}

# The value of a key of the Npgsql keyword string in PG_ADMIN (keys compared without case; first match wins).
pg_admin_get() {
  local part key wanted
  local -a parts
  IFS=';' read -ra parts <<<"$PG_ADMIN"
  for wanted in "$@"; do
    for part in "${parts[@]}"; do
      [[ "$part" == *=* ]] || continue
      key="${part%%=*}"
      key="$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | sed 's/^ *//; s/ *$//')"
      if [[ "$key" == "$wanted" ]]; then
        printf '%s' "${part#*=}"
        return
      fi
    done
  done
}

pg_libpq() {
  local host port user password
  host="$(pg_admin_get host server)"
  port="$(pg_admin_get port)"
  user="$(pg_admin_get username 'user id' userid user)"
  password="$(pg_admin_get password)"
  printf 'host=%s port=%s user=%s dbname=%s' "$host" "${port:-5432}" "${user:-postgres}" "$1"
  [[ -z "$password" ]] || printf ' password=%s' "$password"
  printf '\n'
}

pg_npgsql() {
  local part key out=""
  local -a parts
  IFS=';' read -ra parts <<<"$PG_ADMIN"
  for part in "${parts[@]}"; do
    [[ -n "$part" ]] || continue
    key="$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | sed 's/^ *//; s/ *$//')"
    [[ "$key" == database || "$key" == db ]] && continue
    out+="$part;"
  done
  printf '%sDatabase=%s\n' "$out" "$1"
}
