using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Compares two snapshots: a pure function of (from, to, options) that returns every difference with its
/// severity, hazards and statements, and the statements in an order that runs on FROM to turn it into TO.
/// </summary>
public static class SchemaDiffer
{
    /// <summary>Tables whose partitioning changes cannot be altered in place: they are dropped and created again.</summary>
    private static HashSet<QualifiedName> Rebuilt(SchemaSnapshot from, SchemaSnapshot to)
    {
        var target = to.Tables.ToDictionary(t => t.Name);
        return from.Tables
            .Where(t => target.TryGetValue(t.Name, out var other) && (t.TableKind != other.TableKind || t.PartitionKey != other.PartitionKey))
            .Select(t => t.Name)
            .ToHashSet();
    }

    /// <summary>The source without the rebuilt tables and what lives on them, so they compare as new.</summary>
    private static SchemaSnapshot Without(SchemaSnapshot source, HashSet<QualifiedName> tables) => tables.Count == 0 ? source : source with
    {
        Tables = source.Tables.Where(t => !tables.Contains(t.Name)).ToValueList(),
        Constraints = source.Constraints.Where(c => !tables.Contains(c.Table)).ToValueList(),
        Indexes = source.Indexes.Where(i => !tables.Contains(i.Table)).ToValueList(),
        Triggers = source.Triggers.Where(t => !tables.Contains(t.Table)).ToValueList(),
        Policies = source.Policies.Where(p => !tables.Contains(p.Table)).ToValueList(),
    };

    private static void RebuildTable(DiffContext context, DbTable from, DbTable to)
    {
        foreach (var dependent in context.DependentsInSource(from.Key).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
        {
            context.RecreateViews.Add(dependent);
        }

        foreach (var fk in context.From.Constraints.Where(c => c.ReferencedTable == from.Name))
        {
            context.RecreateConstraints.Add(fk.Key);
        }

        context.Add(
            ChangeSpec.For(to, "rebuild-table", ChangeType.Modified, from.PartitionKey ?? "not partitioned", to.PartitionKey ?? "not partitioned",
                $"table {to.DisplayName}: partitioning {from.PartitionKey ?? "none"} → {to.PartitionKey ?? "none"} (dropped and created again)",
                Severity.Critical, Hazards.DeletesData | Hazards.AccessExclusiveLock),
            (Phase.DropRebuilt, new SqlStatement($"DROP TABLE {from.Name.Sql};", Destructive: true)));
    }

    public static DiffResult Compare(SchemaSnapshot from, SchemaSnapshot to, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var rebuilt = Rebuilt(from, to);
        var context = new DiffContext(Without(from, rebuilt), to, options ?? DiffOptions.Default, from);
        foreach (var table in from.Tables.Where(t => rebuilt.Contains(t.Name)))
        {
            RebuildTable(context, table, to.Tables.First(t => t.Name == table.Name));
        }

        TypeComparer.Compare(context);
        TableComparer.Compare(context);
        RoutineComparer.PlanRecreations(context);
        ConstraintComparer.Compare(context);
        RoutineComparer.Compare(context);
        SecurityComparer.Compare(context);

        var ordered = ScriptPlanner.Order(context.Planned, context.ToEdges, rebuilt.Count == 0 ? context.FromEdges : ScriptPlanner.Edges(from)).ToList();

        // As pg_dump does: function bodies are checked when they run, not when they are created, so a SQL function
        // may be created before the views and tables its body reads (PostgreSQL records no dependency for those).
        var script = ordered.Any(s => s.Sql.StartsWith("CREATE OR REPLACE FUNCTION", StringComparison.Ordinal) || s.Sql.StartsWith("CREATE OR REPLACE PROCEDURE", StringComparison.Ordinal))
            ? new[] { new SqlStatement("SET check_function_bodies = off;") }.Concat(ordered).ToValueList()
            : ordered.ToValueList();
        var notCompared = from.NotCompared.Concat(to.NotCompared)
            .GroupBy(n => n.Kind)
            .Select(g => new NotComparedKind(g.Key, g.Max(n => n.Count), g.SelectMany(n => n.Examples).Distinct().Take(3).ToValueList()))
            .ToValueList();
        if (!context.Options.ComparePrivileges)
        {
            notCompared = notCompared.Append(new NotComparedKind("privileges", 0, ValueList.Of("use --with-privileges to compare grants"))).ToValueList();
        }

        notCompared = notCompared.Append(new NotComparedKind("owners", 0, ValueList<string>.Empty)).ToValueList();
        return new DiffResult(context.Changes.ToValueList(), script, notCompared);
    }
}
