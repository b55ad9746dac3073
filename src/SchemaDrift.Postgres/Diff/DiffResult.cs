using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>The outcome of comparing a source snapshot with a target snapshot.</summary>
/// <param name="Changes">Every difference, for reporting; each carries its own statements.</param>
/// <param name="Script">Every statement of every change, in the order they must run (a change's statements may
/// fall in different phases, e.g. CREATE TABLE early and its foreign keys late).</param>
/// <param name="NotCompared">Kinds of object present in either database that were not compared.</param>
public sealed record DiffResult(ValueList<SchemaChange> Changes, ValueList<SqlStatement> Script, ValueList<NotComparedKind> NotCompared)
{
    public bool IsEmpty => Changes.IsEmpty;

    /// <summary>
    /// The sequences whose range the script narrows without knowing where they stand in the source (its snapshot left
    /// positions out, or could not read them): their ALTER SEQUENCE has no RESTART. Read them and compare again to have it.
    /// </summary>
    public ValueList<SequencePositionRequest> UnknownPositions { get; init; } = ValueList<SequencePositionRequest>.Empty;

    public Severity MaxSeverity => Changes.IsEmpty ? Severity.None : Changes.Max(c => c.Severity);

    /// <summary>The script in run order; destructive statements only when <paramref name="includeDestructive"/>.</summary>
    public IEnumerable<SqlStatement> Statements(bool includeDestructive) =>
        Script.Where(s => includeDestructive || !s.Destructive);

    /// <summary>The changes whose statements are withheld without unsafe output.</summary>
    public IEnumerable<SchemaChange> DestructiveChanges => Changes.Where(c => c.IsDestructive);
}
