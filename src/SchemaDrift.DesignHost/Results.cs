namespace SchemaDrift.DesignHost;

// The result documents of the protocol (serialized in camelCase). They hold only strings and flags, so the tool can
// read them without referencing EF Core. Add members freely; rename or remove one only with a new protocol version.

/// <summary>Answer to <c>contexts</c>.</summary>
public sealed record ContextsResult(IReadOnlyList<ContextName> Contexts);

/// <summary>A DbContext type: its short name (what --context usually gets) and its full name.</summary>
public sealed record ContextName(string Name, string FullName);

/// <summary>Answer to <c>migrations</c>: everything the tool needs to know about one context's migrations.</summary>
public sealed record MigrationsResult(
    ContextName Context,
    string Provider,
    string EfCoreVersion,
    string MigrationsAssembly,
    HistoryTableResult HistoryTable,
    IReadOnlyList<MigrationResult> Migrations,
    string CreateScript,
    PendingModelChangesResult PendingModelChanges)
{
    /// <summary>The create script as separate commands, flagged like migration commands (added in protocol version 1).</summary>
    public IReadOnlyList<CommandResult> CreateCommands { get; init; } = [];

    /// <summary>What the design-time model maps onto the database, object by object.</summary>
    public IReadOnlyList<ModelObjectResult> Model { get; init; } = [];

    /// <summary>
    /// The objects that the model snapshot changes although the last migration's designer file does not (EF's differ
    /// from the last target model to the snapshot): model changes made with no migration.
    /// </summary>
    public IReadOnlyList<ObjectTargetResult> SnapshotChanges { get; init; } = [];
}

/// <summary>The migrations history table as configured (<c>MigrationsHistoryTable(name, schema)</c>).</summary>
public sealed record HistoryTableResult(string Name, string? Schema);

/// <summary>One migration, in the order EF applies them, with the SQL its Up operations generate on PostgreSQL.</summary>
public sealed record MigrationResult(string Id, string Name, IReadOnlyList<CommandResult> Commands)
{
    /// <summary>The objects its Up operations create, change, rename or drop (raw SQL read for CREATE statements).</summary>
    public IReadOnlyList<ObjectTargetResult> Operations { get; init; } = [];

    /// <summary>The type of each Up operation, in order, without the <c>Operation</c> suffix (<c>CreateIndex</c>,
    /// <c>Sql</c>): the name of the <c>migrationBuilder</c> method that adds it.</summary>
    public IReadOnlyList<string> OperationTypes { get; init; } = [];

    /// <summary>The objects EF's differ changes between the previous migration's target model and this one's: what
    /// <c>migrations add</c> would scaffold from its designer file.</summary>
    public IReadOnlyList<ObjectTargetResult> DesignerChanges { get; init; } = [];
}

/// <summary>A database object an operation touches: its kind, catalog name, what happens to it, and its former name when renamed.</summary>
public sealed record ObjectTargetResult(string Kind, string Name, string Action)
{
    public string? From { get; init; }
}

/// <summary>
/// A database object the model maps (<c>kind</c>: table, column, index, constraint, sequence, view) and what it is in
/// EF terms (<c>mapping</c>: <c>Order.Description</c>, <c>Buyer unique index (IdentityGuid)</c>, ...), with the facts
/// that decide what drift on it costs the application.
/// </summary>
public sealed record ModelObjectResult(string Kind, string Name, string Mapping)
{
    /// <summary>Columns: the model requires a value (NOT NULL).</summary>
    public bool? Required { get; init; }

    /// <summary>Indexes and keys: unique in the model.</summary>
    public bool? Unique { get; init; }

    /// <summary>Sequences: EF's HiLo generator reserves blocks of keys from it.</summary>
    public bool? HiLo { get; init; }

    /// <summary>Sequences: the increment the model configures (a HiLo block size).</summary>
    public int? Increment { get; init; }

    /// <summary>Foreign keys: the referential action the model's delete behaviour maps to (<c>NoAction</c>, <c>Restrict</c>, <c>Cascade</c>, <c>SetNull</c>...).</summary>
    public string? OnDelete { get; init; }

    /// <summary>Foreign keys: the model's delete behaviour (<c>ClientSetNull</c>, <c>Cascade</c>...).</summary>
    public string? DeleteBehavior { get; init; }
}

/// <summary>One generated command; <c>transactionSuppressed</c> commands run outside the migration's transaction.</summary>
public sealed record CommandResult(string Sql, bool TransactionSuppressed)
{
    /// <summary>The index, in the migration's Up operations, of the operation that generates this command (the
    /// <c>migrationBuilder</c> call it comes from); null when the generator's output cannot be split by operation.</summary>
    public int? Operation { get; init; }
}

/// <summary>Whether the model differs from the last migration's snapshot, and how (one line per operation).</summary>
public sealed record PendingModelChangesResult(bool HasChanges, IReadOnlyList<string> Operations)
{
    /// <summary>The objects those operations touch.</summary>
    public IReadOnlyList<ObjectTargetResult> Objects { get; init; } = [];
}

/// <summary>Answer to <c>scaffold</c>: the new migration's id and the files written (or, for a dry run, the code).</summary>
public sealed record ScaffoldResult(string MigrationId, string? MigrationFile, string? MetadataFile, string? SnapshotFile, string? MigrationCode, string? MetadataCode);
