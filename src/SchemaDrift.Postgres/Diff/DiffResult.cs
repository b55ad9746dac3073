using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>The outcome of comparing a source snapshot with a target snapshot.</summary>
/// <param name="Changes">Every difference, in the order their statements must run.</param>
/// <param name="NotCompared">Kinds of object present in either database that were not compared.</param>
public sealed record DiffResult(ValueList<SchemaChange> Changes, ValueList<NotComparedKind> NotCompared)
{
    public bool IsEmpty => Changes.IsEmpty;

    public Severity MaxSeverity => Changes.IsEmpty ? Severity.None : Changes.Max(c => c.Severity);

    /// <summary>All statements in run order; destructive ones only when <paramref name="includeDestructive"/>.</summary>
    public IEnumerable<SqlStatement> Statements(bool includeDestructive) =>
        Changes.SelectMany(c => c.Statements).Where(s => includeDestructive || !s.Destructive);

    /// <summary>The changes whose statements are withheld without unsafe output.</summary>
    public IEnumerable<SchemaChange> DestructiveChanges => Changes.Where(c => c.IsDestructive);
}
