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
}

/// <summary>The migrations history table as configured (<c>MigrationsHistoryTable(name, schema)</c>).</summary>
public sealed record HistoryTableResult(string Name, string? Schema);

/// <summary>One migration, in the order EF applies them, with the SQL its Up operations generate on PostgreSQL.</summary>
public sealed record MigrationResult(string Id, string Name, IReadOnlyList<CommandResult> Commands);

/// <summary>One generated command; <c>transactionSuppressed</c> commands run outside the migration's transaction.</summary>
public sealed record CommandResult(string Sql, bool TransactionSuppressed);

/// <summary>Whether the model differs from the last migration's snapshot, and how (one line per operation).</summary>
public sealed record PendingModelChangesResult(bool HasChanges, IReadOnlyList<string> Operations);

/// <summary>Answer to <c>scaffold</c>: the new migration's id and the files written (or, for a dry run, the code).</summary>
public sealed record ScaffoldResult(string MigrationId, string? MigrationFile, string? MetadataFile, string? SnapshotFile, string? MigrationCode, string? MetadataCode);
