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
# shellcheck source=lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT
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
pg_start "$work"
for db in shop_dev shop_production; do
  psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
export SHOP_DEV_DB="$(pg_npgsql shop_dev)"
export SHOP_PRODUCTION_DB="$(pg_npgsql shop_production)"
export SHOP_STAGING_DB="$SHOP_DEV_DB"

step "Migrating the ShopApp sample into dev and production"
dotnet tool restore >/dev/null
for target in "$SHOP_DEV_DB" "$SHOP_PRODUCTION_DB"; do
  SHOP_DB="$target" dotnet ef database update --project "$root/samples/ShopApp" >/dev/null
done

step "Hotfixes typed into production"
prod="$(pg_libpq shop_production)"
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
