#!/usr/bin/env bash
# The main job, end to end on a fresh machine:
#   1. pack the tool and install it from the local feed into build/out/tools;
#   2. get a PostgreSQL server: $SCHEMADRIFT_TEST_POSTGRES (Npgsql keyword string) when set, else a throwaway
#      cluster from the local PostgreSQL binaries (run as the 'postgres' user when this script runs as root);
#   3. copy the ShopApp sample to a scratch folder and `apply` its migrations to dev, staging and production;
#   4. type a few hotfixes into production by hand (schema drift);
#   5. `verify --all` finds them (Markdown report), `diff` prints the DDL between production and staging;
#   6. `fix --env production` writes a guarded corrective migration; build it, lock it, and `apply` it through
#      dev, staging and production: `verify --all` passes, and `history` shows the audit trail.
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
# Only this machine's runtime and the portable package (build/pack.sh packs every runtime). The second pack replaces
# this runtime's package by its native executable.
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
for pack_rid in "" "${rid:-linux-x64}"; do
  dotnet pack "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -o "$out/feed" "-p:Version=$version" \
    "-p:SchemaDriftToolRuntimes=${rid:-linux-x64}" ${pack_rid:+-r "$pack_rid"} --nologo -v quiet
done
# The local feed is the only source of this one install, and its config file sits in a folder of its own: nothing
# else (the sample's restore, `dotnet tool restore` of dotnet-ef) may lose the machine's normal package sources.
mkdir -p "$work/feed-config"
cat >"$work/feed-config/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$out/feed" /></packageSources></configuration>
XML
rm -rf "$out/tools"
NUGET_PACKAGES="$work/tool-packages" dotnet tool install SchemaDrift.EfCore --version "$version" \
  --tool-path "$out/tools" --configfile "$work/feed-config/nuget.config" >/dev/null
schemadrift="$out/tools/dotnet-schemadrift"
"$schemadrift" --version

step "Starting PostgreSQL"
pg_start "$work"
for db in shop_dev shop_staging shop_production; do
  psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
export SHOP_DEV_DB="$(pg_npgsql shop_dev)"
export SHOP_STAGING_DB="$(pg_npgsql shop_staging)"
export SHOP_PRODUCTION_DB="$(pg_npgsql shop_production)"
export SHOP_DB="$SHOP_DEV_DB"

step "Copying the ShopApp sample (the fix below adds a migration to it)"
mkdir -p "$work/app"
cp "$root"/Directory.Build.props "$root"/Directory.Packages.props "$root"/global.json "$root"/dotnet-tools.json "$work/app/"
(cd "$root/samples" && tar --exclude=bin --exclude=obj -cf - ShopApp) | tar -xf - -C "$work/app"
cd "$work/app/ShopApp"
dotnet tool restore >/dev/null
run() { echo "\$ dotnet schemadrift $*"; set +e; "$schemadrift" "$@"; code=$?; set -e; echo "exit code: $code"; }
expect() { [[ "$code" == "$1" ]] || { echo "demo: expected exit code $1, got $code" >&2; exit 1; }; }

step "Applying the migrations through dev, staging and production"
run apply --env dev
expect 0
run apply --env staging --no-build
expect 0
run apply --env production --yes --no-build
expect 0

step "Hotfixes typed into production"
prod="$(pg_libpq shop_production)"
cat <<'SQL' | tee /dev/stderr | psql "$prod" -q
ALTER TABLE shop."Products" ADD COLUMN hotfix_note text;
DROP INDEX shop."IX_Orders_Status";
ALTER TABLE shop."Products" DROP CONSTRAINT "CK_Products_WeightGrams_Positive";
ALTER TABLE shop."Warehouses" ALTER COLUMN "IsActive" SET DEFAULT false;
COMMENT ON TABLE shop."Warehouses" IS 'edited by hand';
SQL

step "dotnet schemadrift verify --all"
run verify --all --no-build --markdown "$work/verify.md"
expect 1
cat "$work/verify.md"

step "dotnet schemadrift diff --from production --to staging"
run diff --from production --to staging
expect 2

step "dotnet schemadrift fix --env production"
run fix --env production --no-build
expect 0
dotnet build --nologo -v quiet >/dev/null
run checksums --update --no-build
expect 0

step "Applying the corrective migration through dev, staging and production"
run apply --env dev --no-build
run apply --env staging --no-build
expect 0
run apply --env production --yes --no-build
expect 0

step "dotnet schemadrift verify --all (the hotfix column was left in place: minor)"
run verify --all --no-build
expect 0

step "dotnet schemadrift history --env production"
run history --env production
expect 0
