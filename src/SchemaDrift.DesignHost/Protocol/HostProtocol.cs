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
    /// An option of <see cref="Migrations"/>, followed by the <see cref="MigrationParts"/> the command needs beyond what
    /// every answer holds, by name, comma-separated (<c>model,origins</c>; <c>none</c> for none). The host computes only
    /// those, and the answer names them (<see cref="MigrationsInfo.Parts"/>). Without it, every part.
    /// </summary>
    public const string Parts = "--parts";

    /// <summary>
    /// An option of <see cref="Migrations"/>, followed by a folder: where the host may keep, across builds, what depends
    /// only on the code of a migration's designer file and on the EF Core that runs (its designer changes). The answer
    /// is the same with or without it.
    /// </summary>
    public const string CacheDirectory = "--cache-dir";

    /// <summary>Writes a migration (its <see cref="ScaffoldRequest"/> in the file of --input; answered with <see cref="ScaffoldInfo"/>).</summary>
    public const string Scaffold = "scaffold";
}

/// <summary>
/// The parts of an answer to <see cref="HostProtocol.Migrations"/> beyond what every answer holds (the context, the
/// history table, each migration's id, name, Up commands and the objects its operations touch), each costing the host
/// its own work, so that a command asks for those it reads.
/// </summary>
[Flags]
public enum MigrationParts
{
    None = 0,

    /// <summary>The design-time model and what is compared with it: the create script and its commands, the model's
    /// objects, the pending model changes and the snapshot changes.</summary>
    Model = 1,

    /// <summary>Each migration's <see cref="MigrationInfo.DownCommands"/> or <see cref="MigrationInfo.DownError"/>.</summary>
    Down = 2,

    /// <summary>Each command's <see cref="MigrationCommand.Operation"/> and each migration's <see cref="MigrationInfo.OperationTypes"/>.</summary>
    Origins = 4,

    /// <summary>Each migration's <see cref="MigrationInfo.DesignerChanges"/>: EF's differ run once per migration, the
    /// costliest part on an application with many migrations.</summary>
    Designer = 8,

    All = Model | Down | Origins | Designer,
}

/// <summary>The names of <see cref="MigrationParts"/> on the host's command line and in its answer.</summary>
public static class MigrationPartNames
{
    public const string None = "none";

    private static readonly (MigrationParts Part, string Name)[] Names =
        [(MigrationParts.Model, "model"), (MigrationParts.Designer, "designer"), (MigrationParts.Down, "down"), (MigrationParts.Origins, "origins")];

    /// <summary><c>model,down</c>; <c>none</c> for none.</summary>
    public static string Format(MigrationParts parts)
    {
        var names = Names.Where(n => (parts & n.Part) != 0).Select(n => n.Name).ToList();
        return names.Count == 0 ? None : string.Join(",", names);
    }

    /// <summary>The parts named; null when a name is unknown.</summary>
    public static MigrationParts? Parse(string? text)
    {
        var parts = MigrationParts.None;
        foreach (var name in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == None)
            {
                continue;
            }

            var match = Names.Where(n => n.Name == name).Select(n => (MigrationParts?)n.Part).FirstOrDefault();
            if (match is not { } part)
            {
                return null;
            }

            parts |= part;
        }

        return parts;
    }
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
    // A member the JSON leaves out, or sets to null, keeps its default: the tool's generated readers set every
    // init-only member of the records they create.
    /// <summary>
    /// The parts this answer holds (<see cref="MigrationParts"/> by name, as <see cref="HostProtocol.Parts"/> takes
    /// them). What a part it lacks fills is empty (or null), not known.
    /// </summary>
    public string Parts { get; init => field = value ?? MigrationPartNames.None; } = MigrationPartNames.None;

    /// <summary>The create script as separate commands, flagged like migration commands.</summary>
    public IReadOnlyList<MigrationCommand> CreateCommands { get; init => field = value ?? []; } = [];

    /// <summary>What the design-time model maps onto the database, object by object.</summary>
    public IReadOnlyList<ModelObject> Model { get; init => field = value ?? []; } = [];

    /// <summary>
    /// The objects that the model snapshot changes although the last migration's designer file does not (EF's differ
    /// from the last target model to the snapshot): model changes made with no migration.
    /// </summary>
    public IReadOnlyList<ObjectTarget> SnapshotChanges { get; init => field = value ?? []; } = [];
}

/// <summary>The migrations history table as the context configures it; <see cref="Schema"/> null means the search path.</summary>
public sealed record HistoryTable(string Name, string? Schema);

/// <summary>A migration (in the order EF applies them) and the commands its Up operations generate, without the history row.</summary>
public sealed record MigrationInfo(string Id, string Name, IReadOnlyList<MigrationCommand> Commands)
{
    // A member the JSON leaves out, or sets to null, keeps its default: the tool's generated readers set every
    // init-only member of the records they create.
    /// <summary>The objects its Up operations create, change, rename or drop (raw SQL read for CREATE statements).</summary>
    public IReadOnlyList<ObjectTarget> Operations { get; init => field = value ?? []; } = [];

    /// <summary>The objects EF's differ changes between the previous migration's target model and this one's: what
    /// <c>migrations add</c> would scaffold from its designer file (part <see cref="MigrationParts.Designer"/>).</summary>
    public IReadOnlyList<ObjectTarget> DesignerChanges { get; init => field = value ?? []; } = [];

    /// <summary>The type of each Up operation, in order, without the <c>Operation</c> suffix (<c>CreateIndex</c>,
    /// <c>Sql</c>): the name of the <c>migrationBuilder</c> method that adds it (part <see cref="MigrationParts.Origins"/>).</summary>
    public IReadOnlyList<string> OperationTypes { get; init => field = value ?? []; } = [];

    /// <summary>
    /// The commands its Down operations generate against the previous migration's target model, as
    /// <c>Migrator.GenerateDownSql</c> makes them, without the history row delete: what reverting it runs. Empty for an
    /// empty Down; null when Down (or the SQL of its operations) threw, and <see cref="DownError"/> says what (part
    /// <see cref="MigrationParts.Down"/>; null without it).
    /// </summary>
    public IReadOnlyList<MigrationCommand>? DownCommands { get; init; }

    /// <summary>What Down threw (the exception's type and message), when its commands could not be made.</summary>
    public string? DownError { get; init; }
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
public sealed record MigrationCommand(string Sql, bool TransactionSuppressed)
{
    /// <summary>The index, in the migration's Up operations, of the operation that generates this command (the
    /// <c>migrationBuilder</c> call it comes from); null when no operation generated alone gives this command (part
    /// <see cref="MigrationParts.Origins"/>; null without it).</summary>
    public int? Operation { get; init; }
}

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
