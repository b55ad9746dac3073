namespace SchemaDrift.Tool.Hosting;

// What the design-time host answers, as the tool uses it. The host's JSON (protocol version 1) maps onto these
// records by name (camelCase); see src/SchemaDrift.DesignHost/README.md.

/// <summary>A DbContext type of the application.</summary>
public sealed record ContextInfo(string Name, string FullName);

/// <summary>One context's migrations, as EF Core would run them on PostgreSQL.</summary>
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
    /// <summary>The create script as commands (a transaction-suppressed one runs on its own); empty from an older host.</summary>
    public IReadOnlyList<MigrationCommand>? CreateCommands { get; init; }

    /// <summary>What the model maps onto the database, object by object (empty from an older host).</summary>
    public IReadOnlyList<ModelObject>? Model { get; init; }

    /// <summary>Objects the model snapshot changes with no migration (EF's differ from the last designer model to the snapshot).</summary>
    public IReadOnlyList<ObjectTarget>? SnapshotChanges { get; init; }
}

/// <summary>The migrations history table as the context configures it; <see cref="Schema"/> null means the search path.</summary>
public sealed record HistoryTable(string Name, string? Schema);

/// <summary>A migration (in application order) and the commands its Up operations generate, without the history row.</summary>
public sealed record MigrationInfo(string Id, string Name, IReadOnlyList<MigrationCommand> Commands)
{
    /// <summary>The objects its Up operations create, change, rename or drop.</summary>
    public IReadOnlyList<ObjectTarget>? Operations { get; init; }

    /// <summary>The type of each Up operation in order (<c>CreateIndex</c>, <c>Sql</c>): the <c>migrationBuilder</c> method that adds it.</summary>
    public IReadOnlyList<string>? OperationTypes { get; init; }

    /// <summary>The objects EF's differ changes between the previous designer model and this one's.</summary>
    public IReadOnlyList<ObjectTarget>? DesignerChanges { get; init; }
}

/// <summary>A database object a migration operation touches; <see cref="Action"/> is created, changed, renamed or dropped.</summary>
public sealed record ObjectTarget(string Kind, string Name, string Action)
{
    /// <summary>The former name of a renamed object.</summary>
    public string? From { get; init; }
}

/// <summary>A database object the model maps, what it is in EF terms (<c>Order.Description</c>) and the facts drift is judged by.</summary>
public sealed record ModelObject(string Kind, string Name, string Mapping)
{
    public bool? Required { get; init; }

    public bool? Unique { get; init; }

    public bool? HiLo { get; init; }

    public int? Increment { get; init; }

    public string? OnDelete { get; init; }

    public string? DeleteBehavior { get; init; }
}

/// <summary>One SQL command; a transaction-suppressed one must run outside a transaction (CREATE INDEX CONCURRENTLY…).</summary>
public sealed record MigrationCommand(string Sql, bool TransactionSuppressed)
{
    /// <summary>The index of the Up operation (the <c>migrationBuilder</c> call) that generates it; null when unknown.</summary>
    public int? Operation { get; init; }
}

/// <summary>Model changes that no migration captures yet, one short line per operation (<c>AddColumn shop.orders.note</c>).</summary>
public sealed record PendingModelChanges(bool HasChanges, IReadOnlyList<string> Operations)
{
    /// <summary>The objects those operations touch.</summary>
    public IReadOnlyList<ObjectTarget>? Objects { get; init; }
}

/// <summary>What the host's <c>scaffold</c> request asks for (camelCase on the wire).</summary>
/// <param name="Mode"><see cref="Model"/> or <see cref="Sql"/>.</param>
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

/// <summary>The migration the host wrote: its id and files (with its code instead, on a dry run).</summary>
public sealed record ScaffoldInfo(string MigrationId, string? MigrationFile, string? MetadataFile, string? SnapshotFile, string? MigrationCode, string? MetadataCode);
