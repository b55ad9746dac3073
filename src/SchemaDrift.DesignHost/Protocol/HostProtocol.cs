// The contract between the tool and the design-time host: one file, compiled into both (the host's project and, as a
// link, the tool's Hosting/), so that both read and write the same names. Plain C# and System only: the host compiles
// it against EF Core, the tool without. The JSON is camelCase; members may be added freely, renamed or removed only
// with a new protocol version.

namespace SchemaDrift.Protocol;

/// <summary>
/// How the tool talks to the host: <c>schemadrift-host (contexts|migrations|scaffold) --assembly PATH ...</c>, answered
/// with one JSON document on stdout, <c>{"version":1,"result":{...}}</c> or <c>{"version":1,"error":{"type":...,"message":...}}</c>.
/// </summary>
public static class HostProtocol
{
    public const int Version = 1;

    /// <summary>The host's folder beside the tool, and its file there.</summary>
    public const string HostFolder = "host";

    public const string HostFileName = "schemadrift-host.dll";

    /// <summary>The DbContext types of the application (answered with <see cref="ContextsInfo"/>).</summary>
    public const string Contexts = "contexts";

    /// <summary>One context's migrations and model (answered with <see cref="MigrationsInfo"/>).</summary>
    public const string Migrations = "migrations";

    /// <summary>
    /// An option of <see cref="Migrations"/>: only what the history and checksums need (each migration's id, name, SQL and
    /// operations, the history table), for commands that read nothing else. The host builds no model beyond each
    /// migration's target model; the answer has <see cref="MigrationsInfo.Complete"/> false.
    /// </summary>
    public const string MigrationsOnly = "--migrations-only";

    /// <summary>
    /// An option of <see cref="Migrations"/>, followed by a folder: where the host may keep, across builds, what depends
    /// only on the code of a migration's designer file and on the EF Core that runs (its designer changes). The answer
    /// is the same with or without it.
    /// </summary>
    public const string CacheDirectory = "--cache-dir";

    /// <summary>Writes a migration (its <see cref="ScaffoldRequest"/> in the file of --input; answered with <see cref="ScaffoldInfo"/>).</summary>
    public const string Scaffold = "scaffold";
}

/// <summary>The kinds of failure the host answers (<c>error.type</c>, the member's name); the tool maps each to an exit code.</summary>
public enum HostErrorType
{
    /// <summary>No DbContext type was found in the project.</summary>
    NoContext,

    /// <summary>Several DbContext types match and none was chosen; <c>candidates</c> lists them.</summary>
    AmbiguousContext,

    /// <summary>No DbContext has the name given with --context; <c>candidates</c> lists the ones found.</summary>
    ContextNotFound,

    /// <summary>The context uses a provider other than Npgsql; the message names it.</summary>
    NotNpgsql,

    /// <summary>Microsoft.EntityFrameworkCore.Design cannot be loaded from the application's dependencies.</summary>
    DesignNotReferenced,

    /// <summary>The project's assembly (or the startup project's) cannot be loaded.</summary>
    AssemblyNotLoaded,

    /// <summary>The application threw while its DbContext (or its service provider) was being created.</summary>
    ContextCreationFailed,

    /// <summary>A migration with the requested name already exists.</summary>
    DuplicateMigrationName,

    /// <summary>Anything else: a bug in the host or an EF Core behaviour it does not expect.</summary>
    Internal,
}

/// <summary>The kinds of database object the host names (<see cref="ObjectTarget.Kind"/>, <see cref="ModelObject.Kind"/>).</summary>
public static class ObjectKinds
{
    public const string Schema = "schema";
    public const string Table = "table";
    public const string Column = "column";
    public const string Index = "index";
    public const string Constraint = "constraint";
    public const string Sequence = "sequence";
    public const string View = "view";
    public const string Function = "function";
    public const string Enum = "enum";
    public const string Trigger = "trigger";
}

/// <summary>What an operation does to an object (<see cref="ObjectTarget.Action"/>).</summary>
public static class TargetActions
{
    public const string Created = "created";
    public const string Changed = "changed";
    public const string Renamed = "renamed";
    public const string Dropped = "dropped";
}

/// <summary>Answer to <c>contexts</c>.</summary>
public sealed record ContextsInfo(IReadOnlyList<ContextInfo> Contexts);

/// <summary>A DbContext type: its short name (what --context usually gets) and its full name.</summary>
public sealed record ContextInfo(string Name, string FullName);

/// <summary>Answer to <c>migrations</c>: one context's migrations, as EF Core would run them on PostgreSQL, and its model.</summary>
public sealed record MigrationsInfo(
    ContextInfo Context,
    string Provider,
    string EfCoreVersion,
    string MigrationsAssembly,
    HistoryTable HistoryTable,
    IReadOnlyList<MigrationInfo> Migrations,
    string CreateScript,
    PendingModelChanges PendingModelChanges)
{
    /// <summary>
    /// False for an answer to <see cref="HostProtocol.MigrationsOnly"/>: then <see cref="CreateScript"/> is empty, the
    /// model, designer and snapshot changes are empty and <see cref="PendingModelChanges"/> says nothing (not known).
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>The create script as separate commands, flagged like migration commands.</summary>
    public IReadOnlyList<MigrationCommand> CreateCommands { get; init; } = [];

    /// <summary>What the design-time model maps onto the database, object by object.</summary>
    public IReadOnlyList<ModelObject> Model { get; init; } = [];

    /// <summary>
    /// The objects that the model snapshot changes although the last migration's designer file does not (EF's differ
    /// from the last target model to the snapshot): model changes made with no migration.
    /// </summary>
    public IReadOnlyList<ObjectTarget> SnapshotChanges { get; init; } = [];
}

/// <summary>The migrations history table as the context configures it; <see cref="Schema"/> null means the search path.</summary>
public sealed record HistoryTable(string Name, string? Schema);

/// <summary>A migration (in the order EF applies them) and the commands its Up operations generate, without the history row.</summary>
public sealed record MigrationInfo(string Id, string Name, IReadOnlyList<MigrationCommand> Commands)
{
    /// <summary>The objects its Up operations create, change, rename or drop (raw SQL read for CREATE statements).</summary>
    public IReadOnlyList<ObjectTarget> Operations { get; init; } = [];

    /// <summary>The objects EF's differ changes between the previous migration's target model and this one's: what
    /// <c>migrations add</c> would scaffold from its designer file.</summary>
    public IReadOnlyList<ObjectTarget> DesignerChanges { get; init; } = [];
}

/// <summary>A database object an operation touches (<see cref="ObjectKinds"/>), its catalog name, what happens to it
/// (<see cref="TargetActions"/>), and its former name when renamed.</summary>
public sealed record ObjectTarget(string Kind, string Name, string Action)
{
    public string? From { get; init; }
}

/// <summary>
/// A database object the model maps (<see cref="ObjectKinds"/>) and what it is in EF terms (<c>Order.Description</c>,
/// <c>Buyer unique index (IdentityGuid)</c>…), with the facts that decide what drift on it costs the application.
/// </summary>
public sealed record ModelObject(string Kind, string Name, string Mapping)
{
    /// <summary>Columns: the model requires a value (NOT NULL).</summary>
    public bool? Required { get; init; }

    /// <summary>Indexes and keys: unique in the model.</summary>
    public bool? Unique { get; init; }

    /// <summary>Sequences: EF's HiLo generator reserves blocks of keys from it.</summary>
    public bool? HiLo { get; init; }

    /// <summary>Sequences: the increment the model configures (a HiLo block size).</summary>
    public int? Increment { get; init; }

    /// <summary>Foreign keys: the referential action the model's delete behaviour maps to (<c>NoAction</c>, <c>Restrict</c>, <c>Cascade</c>…).</summary>
    public string? OnDelete { get; init; }

    /// <summary>Foreign keys: the model's delete behaviour (<c>ClientSetNull</c>, <c>Cascade</c>…).</summary>
    public string? DeleteBehavior { get; init; }
}

/// <summary>One SQL command; a transaction-suppressed one runs outside the migration's transaction (CREATE INDEX CONCURRENTLY…).</summary>
public sealed record MigrationCommand(string Sql, bool TransactionSuppressed);

/// <summary>Model changes that no migration captures yet, one short line per operation (<c>AddColumn shop.orders.note</c>).</summary>
public sealed record PendingModelChanges(bool HasChanges, IReadOnlyList<string> Operations)
{
    /// <summary>The objects those operations touch (null: not known, so every difference from the model counts as one of them).</summary>
    public IReadOnlyList<ObjectTarget>? Objects { get; init; }
}

/// <summary>What <c>scaffold</c> is asked to write.</summary>
/// <param name="Mode"><see cref="Model"/> or <see cref="SqlMode"/>.</param>
/// <param name="OutputDir">The folder for the files (default: the project's Migrations folder).</param>
/// <param name="Sql">The statements of Up, for <see cref="SqlMode"/>.</param>
public sealed record ScaffoldRequest(string Mode, string Name, string? OutputDir, IReadOnlyList<string>? Sql, bool DryRun)
{
    /// <summary>For <see cref="SqlMode"/>: the body of Up as C# (one statement, comment or blank line per element),
    /// written instead of one <c>migrationBuilder.Sql</c> per <see cref="Sql"/> string.</summary>
    public IReadOnlyList<string>? Code { get; init; }

    /// <summary>The model changes no migration captures, as <c>dotnet ef migrations add</c> writes them.</summary>
    public const string Model = "model";

    /// <summary>A migration whose Up runs the given SQL; the model snapshot is left as it is.</summary>
    public const string SqlMode = "sql";
}

/// <summary>Answer to <c>scaffold</c>: the new migration's id and the files written (or, for a dry run, its code).</summary>
public sealed record ScaffoldInfo(string MigrationId, string? MigrationFile, string? MetadataFile, string? SnapshotFile, string? MigrationCode, string? MetadataCode);
