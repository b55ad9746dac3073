using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>The state of one comparison: both snapshots, and the changes and statements found so far.</summary>
internal sealed class DiffContext
{
    private readonly List<SchemaChange> changes = [];
    private readonly List<PlannedStatement> planned = [];
    private readonly Lazy<ILookup<string, string>> sourceDependents;

    /// <param name="original">The source before rebuilt tables were taken out: its dependencies still say what depends on them.</param>
    public DiffContext(SchemaSnapshot from, SchemaSnapshot to, DiffOptions options, SchemaSnapshot original)
    {
        From = from;
        To = to;
        Options = options;
        FromEdges = ScriptPlanner.Edges(from);
        ToEdges = ScriptPlanner.Edges(to);
        FromTables = from.Tables.ToDictionary(t => t.Name);
        ToTables = to.Tables.ToDictionary(t => t.Name);
        sourceDependents = new(() => original.Dependencies.ToLookup(d => d.ReferencedKey, d => d.DependentKey, StringComparer.Ordinal));
    }

    public SchemaSnapshot From { get; }

    public SchemaSnapshot To { get; }

    public DiffOptions Options { get; }

    public ILookup<string, string> FromEdges { get; }

    public ILookup<string, string> ToEdges { get; }

    public Dictionary<QualifiedName, DbTable> FromTables { get; }

    public Dictionary<QualifiedName, DbTable> ToTables { get; }

    /// <summary>Views (and materialized views) that must be dropped and created again because something they read changes.</summary>
    public HashSet<string> RecreateViews { get; } = new(StringComparer.Ordinal);

    /// <summary>Constraints (foreign keys) that must be dropped and added again because what they reference is rebuilt.</summary>
    public HashSet<string> RecreateConstraints { get; } = new(StringComparer.Ordinal);

    /// <summary>Triggers that must be dropped and created again because their function is rebuilt.</summary>
    public HashSet<string> RecreateTriggers { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SchemaChange> Changes => changes;

    public IReadOnlyList<PlannedStatement> Planned => planned;

    public bool TableDropped(QualifiedName table) => FromTables.ContainsKey(table) && !ToTables.ContainsKey(table);

    public bool TableCreated(QualifiedName table) => ToTables.ContainsKey(table) && !FromTables.ContainsKey(table);

    /// <summary>Records a change and places its statements in the script.</summary>
    public void Add(ChangeSpec spec, params (Phase Phase, SqlStatement Statement)[] statements)
    {
        foreach (var (phase, statement) in statements)
        {
            planned.Add(new PlannedStatement(phase, spec.ObjectKey, statement, planned.Count));
        }

        changes.Add(spec.ToChange(statements.Select(s => s.Statement).ToValueList()));
    }

    /// <summary>Adds a statement that belongs to no reported change (e.g. re-creating a dependent object).</summary>
    public void AddSupporting(string objectKey, Phase phase, SqlStatement statement) =>
        planned.Add(new PlannedStatement(phase, objectKey, statement, planned.Count));

    /// <summary>Every object (transitively) depending on <paramref name="key"/> in the source.</summary>
    public IEnumerable<string> DependentsInSource(string key)
    {
        var reverse = sourceDependents.Value;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([key]);
        while (queue.Count > 0)
        {
            foreach (var dependent in reverse[queue.Dequeue()])
            {
                if (seen.Add(dependent))
                {
                    queue.Enqueue(dependent);
                }
            }
        }

        return seen;
    }
}

/// <summary>What a change is, before its statements are attached.</summary>
internal sealed record ChangeSpec(
    string Kind,
    ChangeType ChangeType,
    ObjectKind ObjectKind,
    string ObjectKey,
    string ObjectName,
    string? Before,
    string? After,
    string Description,
    Severity Severity,
    Hazards Hazards)
{
    public SchemaChange ToChange(ValueList<SqlStatement> statements) =>
        new(Kind, ChangeType, ObjectKind, ObjectKey, ObjectName, Before, After, Description, Severity, Hazards, statements);

    public static ChangeSpec For(ISchemaObject obj, string kind, ChangeType type, string? before, string? after, string description, Severity severity, Hazards hazards = Hazards.None) =>
        new(kind, type, obj.Kind, obj.Key, obj.DisplayName, before, after, description, severity, hazards);
}
