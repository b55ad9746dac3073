using System.Globalization;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Apply;

/// <summary>Where a part of a migration is: taking EF Core's lock, running a statement, recording or committing the migration.</summary>
internal sealed record MigrationStep(string Where, PlannedStatement? Statement = null)
{
    public static readonly MigrationStep Lock = new("taking EF Core's lock on the history table");
    public static readonly MigrationStep Record = new("recording it in the history table and the audit trail");
    public static readonly MigrationStep Commit = new("committing its transaction");

    public static MigrationStep Run(PlannedStatement statement, int of) =>
        new(string.Create(CultureInfo.InvariantCulture, $"statement {statement.Number} of {of} ({SqlText.Abbreviate(statement.Sql)})"), statement);

    /// <summary>The tables whose locks this step waits for: the statement's, else the history table (<paramref name="history"/>).</summary>
    public IReadOnlyList<string> Relations(string history) =>
        Statement is { Tables.Count: > 0 } statement ? [.. statement.Tables.Select(t => t.Table)] : [history];
}
