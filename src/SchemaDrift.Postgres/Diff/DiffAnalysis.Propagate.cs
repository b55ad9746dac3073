using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>The last step of the analysis: from every replaced object to the unchanged dependents re-created with it.</summary>
internal static partial class DiffAnalysis
{
    /// <summary>Follows the source's dependencies from every replaced object to the dependents that must be re-created.</summary>
    private static void Propagate(DiffContext context, List<Source> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }

        // Only the few dependents reached are looked up: the sets of the target's keys are made per kind when first
        // needed, and the table or view a part belongs to is the graph's.
        var toKeys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? generated = null;
        var graph = context.FromGraph;

        var queue = new Queue<Source>(sources);
        var visited = new HashSet<string>(sources.Select(s => s.Key), StringComparer.Ordinal);
        while (queue.TryDequeue(out var source))
        {
            foreach (var dependent in graph.RequiredBy(source.Key).Order(StringComparer.Ordinal))
            {
                if (graph.OwnerOf(dependent) is { } parent && (context.GoneRelations.Contains(parent) || context.Recreate.ContainsKey(parent)))
                {
                    continue;
                }

                var prefix = dependent[..(dependent.IndexOf(':', StringComparison.Ordinal) + 1)];
                var recreate = prefix switch
                {
                    "view:" or "function:" or "trigger:" or "policy:" => true,
                    "constraint:" => source.Kind != SourceKind.Retype,
                    "index:" => source.Kind == SourceKind.Column,
                    "column:" => (generated ??= GeneratedColumns(context.From)).Contains(dependent),
                    _ => false,
                };
                if (!recreate || !visited.Add(dependent))
                {
                    continue;
                }

                if (TargetKeys(context.To, toKeys, prefix).Contains(dependent) && !context.DroppedColumns.Contains(dependent))
                {
                    context.Recreate.TryAdd(dependent, source.Cause);
                }

                if (prefix == "column:")
                {
                    context.DroppedColumns.Add(dependent);
                }

                queue.Enqueue(new Source(dependent, source.Cause, prefix == "column:" ? SourceKind.Column : SourceKind.Relation));
            }
        }
    }

    private static HashSet<string> GeneratedColumns(SchemaSnapshot snapshot) =>
        snapshot.Tables.SelectMany(t => t.Columns).Where(c => c.GeneratedExpression is not null).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The keys of the target's objects of one kind (by key prefix), made on first use.</summary>
    private static HashSet<string> TargetKeys(SchemaSnapshot to, Dictionary<string, HashSet<string>> sets, string prefix)
    {
        if (!sets.TryGetValue(prefix, out var set))
        {
            IEnumerable<ISchemaObject> objects = prefix switch
            {
                "view:" => to.Views.Cast<ISchemaObject>(),
                "function:" => to.Functions.Cast<ISchemaObject>(),
                "trigger:" => to.Triggers.Cast<ISchemaObject>(),
                "policy:" => to.Policies.Cast<ISchemaObject>(),
                "constraint:" => to.Constraints.Cast<ISchemaObject>(),
                "index:" => to.Indexes.Cast<ISchemaObject>(),
                "column:" => to.Tables.SelectMany(t => t.Columns),
                _ => to.AllObjects(),
            };
            set = objects.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            sets[prefix] = set;
        }

        return set;
    }
}
