#!/usr/bin/env bash
# The main job, end to end on a fresh machine:
#   1. pack the tool and install it from the local feed into build/out/tools;
#   2. get a PostgreSQL server: $SCHEMADRIFT_TEST_POSTGRES (Npgsql keyword string) when set, else a throwaway
#      cluster from the local PostgreSQL binaries (run as the 'postgres' user when this script runs as root);
#   3. migrate the ShopApp sample into two databases, "dev" and "production";
#   4. type a few hotfixes into production by hand (schema drift);
#   5. run `dotnet schemadrift diff --from production --to dev`: it finds the drift and prints the repair DDL;
#   6. apply that DDL to production and diff again: no differences.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/out"
work="$(mktemp -d /tmp/schemadrift-demo.XXXXXX)"
chmod 755 "$work"
pg_pid_dir=""

cleanup() {
  if [[ -n "$pg_pid_dir" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_pid_dir" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Packing and installing the tool"
version="0.1.0-demo.$(date +%s)"
dotnet pack "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -o "$out/feed" "-p:Version=$version" --nologo -v quiet
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$out/feed" /></packageSources></configuration>
XML
rm -rf "$out/tools"
NUGET_PACKAGES="$work/packages" dotnet tool install SchemaDrift.EfCore --version "$version" \
  --tool-path "$out/tools" --configfile "$work/nuget.config" >/dev/null
schemadrift="$out/tools/dotnet-schemadrift"
"$schemadrift" --version

step "Starting PostgreSQL"
if [[ -n "${SCHEMADRIFT_TEST_POSTGRES:-}" ]]; then
  admin="$SCHEMADRIFT_TEST_POSTGRES"
  echo "using the server named by SCHEMADRIFT_TEST_POSTGRES"
else
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$pg_bin/initdb" ]] || { echo "PostgreSQL binaries not found: apt-get install postgresql" >&2; exit 4; }
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  pg_pid_dir="$work/data"
  [[ "$(id -u)" == 0 ]] && chown postgres "$work"
  as_pg "$pg_bin/initdb" -D "$pg_pid_dir" -A trust -U postgres >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_pid_dir" -l "$work/pg.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  admin="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "throwaway cluster on 127.0.0.1:$port"
fi
psql_url() { python3 - "$1" "$2" <<'PY'
import sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
get = lambda *keys: next((parts[k] for k in parts if k.lower() in keys), "")
print(f"host={get('host','server')} port={get('port') or 5432} user={get('username','user id','userid') or 'postgres'} dbname={sys.argv[2]}")
PY
}
for db in shop_dev shop_production; do
  psql "$(psql_url "$admin" postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
export SHOP_DEV_DB="${admin/Database=postgres/Database=shop_dev}"
export SHOP_PRODUCTION_DB="${admin/Database=postgres/Database=shop_production}"
export SHOP_STAGING_DB="$SHOP_DEV_DB"

step "Migrating the ShopApp sample into dev and production"
dotnet tool restore >/dev/null
for target in "$SHOP_DEV_DB" "$SHOP_PRODUCTION_DB"; do
  SHOP_DB="$target" dotnet ef database update --project "$root/samples/ShopApp" >/dev/null
done

step "Hotfixes typed into production"
prod="$(psql_url "$admin" shop_production)"
cat <<'SQL' | tee /dev/stderr | psql "$prod" -q
ALTER TABLE shop."Products" ADD COLUMN hotfix_note text;
DROP INDEX shop."IX_Orders_CustomerId_PlacedAt";
ALTER TABLE shop."Customers" ALTER COLUMN "PhoneNumber" TYPE varchar(64);
COMMENT ON TABLE shop."Warehouses" IS 'edited by hand';
SQL

cd "$root/samples/ShopApp"
step "dotnet schemadrift diff --from production --to dev"
set +e
"$schemadrift" diff --from production --to dev --sql "$work/repair.sql" --unsafe
code=$?
set -e
echo "exit code: $code"
cat "$work/repair.sql"

step "Applying the repair to production, then diffing again"
psql "$prod" -q -v ON_ERROR_STOP=1 -f "$work/repair.sql"
"$schemadrift" diff --from production --to dev
echo "exit code: $?"
