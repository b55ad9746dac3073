using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Compares two snapshots: a pure function of (from, to, options) that returns every difference with its
/// severity, hazards and statements, and the statements in an order that runs on FROM to turn it into TO.
/// </summary>
public static class SchemaDiffer
{
    public static DiffResult Compare(SchemaSnapshot from, SchemaSnapshot to, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var context = new DiffContext(from, to, options ?? DiffOptions.Default);

        TypeComparer.Compare(context);
        TableComparer.Compare(context);
        RoutineComparer.PlanRecreations(context);
        ConstraintComparer.Compare(context);
        RoutineComparer.Compare(context);
        SecurityComparer.Compare(context);

        var script = ScriptPlanner.Order(context.Planned, context.ToEdges, context.FromEdges).ToValueList();
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
