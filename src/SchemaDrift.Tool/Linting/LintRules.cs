using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Linting;

/// <summary>Every rule lint checks, by id. The ids are stable: suppressions and CI systems refer to them.</summary>
public static class LintRules
{
    public static readonly LintRule CreateIndexNotConcurrently = new(
        "create-index-not-concurrently", Severity.Major,
        "CREATE INDEX without CONCURRENTLY on an existing table",
        "CREATE INDEX holds a SHARE lock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits until the index is built, which takes minutes on a large table.",
        "Mark the index `.IsCreatedConcurrently()` in `HasIndex(...)`: EF then writes `CREATE INDEX CONCURRENTLY` and runs it outside the migration's transaction. Add it in a migration of its own, so that a failed build (it leaves an INVALID index to drop) cannot leave other changes half applied.",
        SizeSensitive: true);

    public static readonly LintRule DropIndexNotConcurrently = new(
        "drop-index-not-concurrently", Severity.Minor,
        "DROP INDEX without CONCURRENTLY",
        "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. The drop itself is quick, but while it waits for a long query to finish, every later query on the table queues behind it.",
        "Replace `migrationBuilder.DropIndex(...)` with `migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY schema.\\\"IX_...\\\";\", suppressTransaction: true)`.",
        SizeSensitive: true);

    public static readonly LintRule NotAllowedInTransaction = new(
        "not-allowed-in-transaction", Severity.Critical,
        "A statement that cannot run inside a transaction block runs in one",
        "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and VACUUM refuse to run inside a transaction block (SQLSTATE 25001), and so does every statement of a command that sends several at once. EF runs a migration's commands in its transaction unless a command is transaction-suppressed: the migration fails when it is applied.",
        "Use `.IsCreatedConcurrently()` on the index, or pass `suppressTransaction: true` to `migrationBuilder.Sql(...)`, with one statement per call.",
        SizeSensitive: false);

    public static readonly LintRule ConcurrentIndexNotAlone = new(
        "concurrent-index-not-alone", Severity.Minor,
        "A concurrent index build shares its migration with other statements",
        "A concurrent build runs outside the migration's transaction, so EF commits what comes before it. If the build fails (a duplicate for a unique index, a deadlock, a timeout), the statements before it stay committed but the migration is not recorded as applied: the next run replays them and fails, and the failed build leaves an INVALID index behind.",
        "Give the index a migration of its own: change only the `HasIndex(...).IsCreatedConcurrently()` and run `dotnet ef migrations add` right after, before the other model changes.",
        SizeSensitive: false);

    public static readonly LintRule AddForeignKeyValidates = new(
        "add-foreign-key-validates", Severity.Major,
        "A foreign key added to an existing table without NOT VALID",
        "ADD FOREIGN KEY checks every existing row while it holds a SHARE ROW EXCLUSIVE lock on both tables: writes to the table and to the table it references wait for the whole scan.",
        "Replace `migrationBuilder.AddForeignKey(...)` with `migrationBuilder.Sql(\"ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY (...) REFERENCES ... NOT VALID;\")` (new rows are checked at once, existing ones are not scanned) and validate it in the next migration with `migrationBuilder.Sql(\"ALTER TABLE ... VALIDATE CONSTRAINT ...;\")`, whose scan lets reads and writes go on. The model keeps the relationship.",
        SizeSensitive: true);

    public static readonly LintRule AddCheckValidates = new(
        "add-check-validates", Severity.Major,
        "A check constraint added to an existing table without NOT VALID",
        "ADD CHECK scans every row under an ACCESS EXCLUSIVE lock: nothing reads or writes the table until the scan is done.",
        "Replace `migrationBuilder.AddCheckConstraint(...)` (from `ToTable(t => t.HasCheckConstraint(...))`) with `migrationBuilder.Sql(\"ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID;\")` and validate it in the next migration with `migrationBuilder.Sql(\"ALTER TABLE ... VALIDATE CONSTRAINT ...;\")`.",
        SizeSensitive: true);

    public static readonly LintRule ValidateInSameTransaction = new(
        "validate-in-same-transaction", Severity.Major,
        "A constraint validated in the transaction that added it NOT VALID",
        "VALIDATE CONSTRAINT scans under a lock that lets reads and writes go on, but the ADD CONSTRAINT ... NOT VALID before it in the same transaction holds a stronger lock until commit (ACCESS EXCLUSIVE for a check, SHARE ROW EXCLUSIVE for a foreign key): the scan runs under that lock, and NOT VALID buys nothing.",
        "Move the `VALIDATE CONSTRAINT` into the next migration: EF commits each migration on its own.",
        SizeSensitive: true);

    public static readonly LintRule SetNotNullScansTable = new(
        "set-not-null-scans-table", Severity.Major,
        "SET NOT NULL on an existing column without a validated check",
        "SET NOT NULL scans every row under an ACCESS EXCLUSIVE lock to prove there is no NULL, unless a validated CHECK (column IS NOT NULL) constraint proves it already. EF writes it when a property becomes required, after an UPDATE that fills the NULLs in one statement.",
        "First migration: `migrationBuilder.Sql(\"ALTER TABLE t ADD CONSTRAINT ck_t_c_not_null CHECK (\\\"C\\\" IS NOT NULL) NOT VALID;\")`, with the NULLs filled in batches. Next migration: `VALIDATE CONSTRAINT` it, let EF's `AlterColumn(..., nullable: false)` run (its SET NOT NULL then skips the scan), then drop the check.",
        SizeSensitive: true);

    public static readonly LintRule UniqueConstraintBuildsIndex = new(
        "unique-constraint-builds-index", Severity.Major,
        "A unique constraint or primary key built on an existing table",
        "ADD UNIQUE and ADD PRIMARY KEY build their index while holding an ACCESS EXCLUSIVE lock: the table can be neither read nor written during the build. EF writes them for `HasAlternateKey`, for a new or changed key, and when it renames a table (it drops the primary key and adds it again).",
        "Build the index first, in a migration of its own: `migrationBuilder.Sql(\"CREATE UNIQUE INDEX CONCURRENTLY \\\"AK_...\\\" ON ...;\", suppressTransaction: true)`. Then replace `AddUniqueConstraint`/`AddPrimaryKey` with `migrationBuilder.Sql(\"ALTER TABLE ... ADD CONSTRAINT \\\"AK_...\\\" UNIQUE USING INDEX \\\"AK_...\\\";\")`, which holds its lock for an instant. For a renamed table, rename the key (`RENAME CONSTRAINT`) instead of dropping it.",
        SizeSensitive: true);

    public static readonly LintRule AlterColumnTypeRewrites = new(
        "alter-column-type-rewrites", Severity.Major,
        "A column type change that rewrites the table",
        "Changing a column's type rewrites the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless PostgreSQL knows the change to be binary compatible (a longer varchar, varchar to text, a larger numeric precision with the same scale).",
        "Expand and contract: add a column of the new type (`AddColumn`), write both from the application, backfill in batches, switch reads to the new column in one release and drop the old one in a later release. Or keep the column's type and convert in the model with `HasConversion`.",
        SizeSensitive: true);

    public static readonly LintRule PrimaryKeyTypeChange = new(
        "primary-key-type-change", Severity.Critical,
        "A primary key column changes type",
        "Changing the type of a key column rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock; EF also drops and adds again every foreign key that references it, rewriting the referencing columns and validating every referencing row: the longest lock a migration can take.",
        "Add a new key column (e.g. `IdNew bigint`), fill it for new rows (a default or a trigger) and backfill the rest in batches, build its unique index concurrently, move the foreign keys to it (NOT VALID, then VALIDATE), and swap the key in a short migration. New tables: start with `long` keys.",
        SizeSensitive: false);

    public static readonly LintRule AddColumnVolatileDefault = new(
        "add-column-volatile-default", Severity.Major,
        "A column added with a volatile default",
        "A new column whose default is volatile (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval(...)`) gets a value computed for each row: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock. A constant or stable default (`0`, `now()`) is stored once and the column is added at once.",
        "Add the column nullable and without a default (`AddColumn(..., nullable: true)`), set the default for new rows with `AlterColumn(..., defaultValueSql: ...)`, backfill the existing rows in batches, and make the column required in a later migration.",
        SizeSensitive: true);

    public static readonly LintRule AddIdentityColumn = new(
        "add-identity-column", Severity.Major,
        "An identity or serial column added to an existing table",
        "Adding an identity (or serial) column gives every existing row a value from its sequence: the table is rewritten under an ACCESS EXCLUSIVE lock. EF writes it for a new property with `UseIdentityByDefaultColumn()` or `UseIdentityAlwaysColumn()`.",
        "Add a nullable `bigint` column, create a sequence (`migrationBuilder.CreateSequence`) and make it the column's default (`AlterColumn(..., defaultValueSql: \"nextval('...')\")`), backfill the existing rows in batches, then make the column required.",
        SizeSensitive: true);

    public static readonly LintRule AddStoredGeneratedColumn = new(
        "add-stored-generated-column", Severity.Major,
        "A stored generated column added to an existing table",
        "A stored generated column (`HasComputedColumnSql(..., stored: true)`) is computed for every existing row when it is added: the table is rewritten under an ACCESS EXCLUSIVE lock.",
        "Add a plain column, keep it current from the application (or a trigger) and fill the existing rows in batches; or compute the value in queries instead of storing it.",
        SizeSensitive: true);

    public static readonly LintRule AddRequiredColumnWithoutDefault = new(
        "add-required-column-without-default", Severity.Critical,
        "A NOT NULL column added to an existing table without a default",
        "ADD COLUMN ... NOT NULL without a default fails on a table that has rows (SQLSTATE 23502): the migration stops there. EF writes a default (`defaultValue:`) for every required column it adds; this one was removed or written by hand.",
        "Keep the `defaultValue:` EF writes in `AddColumn`, or add the column nullable, backfill it in batches, and make it required in a later migration.",
        SizeSensitive: false);

    public static readonly LintRule AlterTableRewrites = new(
        "alter-table-rewrites", Severity.Major,
        "A table setting that rewrites the table",
        "SET LOGGED, SET UNLOGGED, SET TABLESPACE and SET ACCESS METHOD copy the whole table (SET LOGGED also writes all of it to the WAL) under an ACCESS EXCLUSIVE lock. EF writes SET LOGGED or SET UNLOGGED when `IsUnlogged()` changes.",
        "Create a new table with the wanted setting and move the rows in batches, then swap the tables; or make the change in a maintenance window.",
        SizeSensitive: true);

    public static readonly LintRule RenameColumnInUse = new(
        "rename-column-in-use", Severity.Critical,
        "A column the running release still maps is renamed",
        "During a rolling deploy the instances of the previous release run until new ones replace them, and their model still maps the column by its old name: every query they send that reads or writes the entity fails from the moment the column is renamed.",
        "Rename the property, not the column: map it to the existing column with `.HasColumnName(\"OldName\")`, and no migration is needed. To rename the column itself, add the new column, write both, backfill, and drop the old one in a later release.",
        SizeSensitive: false);

    public static readonly LintRule RenameTableInUse = new(
        "rename-table-in-use", Severity.Critical,
        "A table the running release still maps is renamed",
        "During a rolling deploy the instances of the previous release still map the entity to the table's old name: every query they send on it fails from the moment the table is renamed.",
        "Rename the entity, not the table: keep the table's name with `.ToTable(\"OldName\")`, and no migration is needed. To rename the table itself, do it in a release after the one that stops using the old name (a view with the old name can bridge one release).",
        SizeSensitive: false);

    public static readonly LintRule DropColumnInUse = new(
        "drop-column-in-use", Severity.Critical,
        "A column the running release still maps is dropped",
        "EF reads and writes every mapped column, and the previous release's model still maps this one: its instances fail on every query of the entity from the moment the column is dropped until they are replaced.",
        "Two releases: first remove the property from the model (or `Ignore` it) and delete the `DropColumn` from that migration; drop the column in a migration of the next release, once no running instance maps it.",
        SizeSensitive: false);

    public static readonly LintRule DropTableInUse = new(
        "drop-table-in-use", Severity.Critical,
        "A table the running release still maps is dropped",
        "The previous release's model still maps this table: its instances fail on every query of the entity from the moment the table is dropped until they are replaced.",
        "Two releases: first remove the entity from the model and delete the `DropTable` from that migration; drop the table in a migration of the next release.",
        SizeSensitive: false);

    public static readonly LintRule EnumValueUsedInTransaction = new(
        "enum-value-used-in-transaction", Severity.Critical,
        "An enum label is used in the transaction that added it",
        "A label added with `ALTER TYPE ... ADD VALUE` cannot be used before the transaction that added it commits: a statement of the same migration that uses it fails with \"unsafe use of new value\" (SQLSTATE 55P04), and the migration is rolled back.",
        "Add the label (the `HasPostgresEnum` change) in a migration of its own, and use it from the next migration on.",
        SizeSensitive: false);

    public static readonly LintRule MissingLockTimeout = new(
        "missing-lock-timeout", Severity.Minor,
        "A statement waits for a strong lock without a lock_timeout",
        "A statement that needs a strong lock waits for every transaction that holds any lock on the table (a long report, an idle transaction), and while it waits every new query on the table queues behind it: an outage from a statement that takes milliseconds. `schemadrift apply` sets a lock_timeout (`--lock-timeout`, 10 s by default); `dotnet ef database update` and `Database.Migrate()` do not.",
        "Start the migration with `migrationBuilder.Sql(\"SET lock_timeout = '5s';\")`, or apply migrations with `dotnet schemadrift apply`, which sets one and retries.",
        SizeSensitive: false);

    public static readonly LintRule UnbatchedBackfill = new(
        "unbatched-backfill", Severity.Major,
        "A data backfill in one statement",
        "An UPDATE or DELETE over a table in `migrationBuilder.Sql` runs as one statement in the migration's transaction: every row it touches stays locked until the migration commits, the table grows by a copy of each of them, and a failure undoes all of it.",
        "Backfill in batches that commit on their own: a `DO` block that loops over `LIMIT`ed batches with `COMMIT`, run with `migrationBuilder.Sql(..., suppressTransaction: true)`, or a job of the application after the deploy.",
        SizeSensitive: true);

    public static readonly LintRule VacuumFullOrCluster = new(
        "vacuum-full-or-cluster", Severity.Critical,
        "VACUUM FULL or CLUSTER in a migration",
        "VACUUM FULL and CLUSTER rewrite the whole table under an ACCESS EXCLUSIVE lock: neither reads nor writes for the duration, and twice the table's size on disk meanwhile.",
        "Do not run them in a migration: use pg_repack or pg_squeeze from operations, or a plain `VACUUM (ANALYZE)` with `suppressTransaction: true`.",
        SizeSensitive: false);

    public static readonly LintRule ReindexNotConcurrently = new(
        "reindex-not-concurrently", Severity.Major,
        "REINDEX without CONCURRENTLY",
        "REINDEX without CONCURRENTLY blocks writes to the table, and the reads that would use the index, while each index is rebuilt.",
        "Use `migrationBuilder.Sql(\"REINDEX INDEX CONCURRENTLY ...;\", suppressTransaction: true)`, in a migration of its own.",
        SizeSensitive: true);

    public static readonly LintRule RefreshMaterializedViewBlocksReads = new(
        "refresh-materialized-view-blocks-reads", Severity.Minor,
        "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
        "REFRESH MATERIALIZED VIEW without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the view: every query that reads it waits for the whole refresh.",
        "Give the view a unique index and use `REFRESH MATERIALIZED VIEW CONCURRENTLY` in `migrationBuilder.Sql`.",
        SizeSensitive: true);

    /// <summary>Not a hazard of the SQL: a suppression comment that cannot be honoured.</summary>
    public static readonly LintRule InvalidSuppression = new(
        "invalid-suppression", Severity.Critical,
        "A suppression without a reason, or for an unknown rule",
        "A suppression must name a rule lint knows and say why the hazard is accepted, so that every accepted hazard is explained where it is accepted. One without a reason, or for a rule that does not exist, suppresses nothing.",
        "Write `// schemadrift-lint: ignore <rule> <reason>` on the line of the `migrationBuilder` call or on the lines just above it, with one of the rule ids of `dotnet schemadrift lint --help`.",
        SizeSensitive: false);

    /// <summary>The rules of the SQL, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<LintRule> Hazards =
    [
        CreateIndexNotConcurrently, DropIndexNotConcurrently, NotAllowedInTransaction, ConcurrentIndexNotAlone, AddForeignKeyValidates,
        AddCheckValidates, ValidateInSameTransaction, SetNotNullScansTable, UniqueConstraintBuildsIndex, AlterColumnTypeRewrites,
        PrimaryKeyTypeChange, AddColumnVolatileDefault, AddIdentityColumn, AddStoredGeneratedColumn, AddRequiredColumnWithoutDefault,
        AlterTableRewrites, RenameColumnInUse, RenameTableInUse, DropColumnInUse, DropTableInUse, EnumValueUsedInTransaction,
        MissingLockTimeout, UnbatchedBackfill, VacuumFullOrCluster, ReindexNotConcurrently, RefreshMaterializedViewBlocksReads,
    ];

    /// <summary>Every rule, the suppression check included.</summary>
    public static readonly IReadOnlyList<LintRule> All = [.. Hazards, InvalidSuppression];

    private static readonly Dictionary<string, LintRule> ById = All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The rule with <paramref name="id"/>, or null.</summary>
    public static LintRule? Find(string? id) => id is not null && ById.TryGetValue(id, out var rule) ? rule : null;
}
