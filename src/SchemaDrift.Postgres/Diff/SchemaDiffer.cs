using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Compares two snapshots and plans the DDL that turns the first into the second (statements to run on
/// <c>from</c>, as migra does). A pure function: no database, no clock, deterministic output.
/// </summary>
public static class SchemaDiffer
{
    /// <exception cref="DependencyCycleException">The objects to create or drop depend on each other in a cycle.</exception>
    public static DiffResult Compare(SchemaSnapshot from, SchemaSnapshot to, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Compare(new SnapshotIndexes(from), new SnapshotIndexes(to), options);
    }

    /// <summary>Compares two snapshots prepared ahead (see <see cref="PreparedSnapshot"/>): the same result as for the snapshots themselves.</summary>
    /// <exception cref="DependencyCycleException">The objects to create or drop depend on each other in a cycle.</exception>
    public static DiffResult Compare(PreparedSnapshot from, PreparedSnapshot to, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Compare(from.Indexes, to.Indexes, options);
    }

    private static DiffResult Compare(SnapshotIndexes fromIndexes, SnapshotIndexes toIndexes, DiffOptions? options)
    {
        var (from, to) = (fromIndexes.Snapshot, toIndexes.Snapshot);
        var context = new DiffContext(fromIndexes, toIndexes, options ?? DiffOptions.Default);

        DiffAnalysis.Run(context);
        PrerequisiteComparer.Compare(context);
        TypeComparer.Compare(context);
        CompositeTypeComparer.Compare(context);
        RangeTypeComparer.Compare(context);
        TableComparer.Compare(context);
        ViewComparer.Compare(context);
        ConstraintComparer.Compare(context);
        RoutineComparer.Compare(context);
        SecurityComparer.Compare(context);
        OwnerComparer.Compare(context);

        // Like pg_dump: SQL routine bodies are checked when called, not when created, so that routines can be
        // created before the tables and views they read.
        if (context.Statements.Any(IsRoutineCreate))
        {
            context.Emit(default, Phase.Preamble, StatementAction.Alter, "preamble", "SET check_function_bodies = off;");
        }

        var ordered = ScriptPlanner.Order(context.Statements, context.FromGraph, context.ToGraph);
        var script = new List<SqlStatement>(ordered.Count);
        Dictionary<string, ChangeBuilder>? changesByKey = null;

        // The preamble is withheld with the routines it is for, when all of them are.
        var preambleWithheld = !ordered.Any(s => IsRoutineCreate(s) && !s.Statement.Destructive);
        foreach (var planned in ordered)
        {
            var statement = OutsideTransactionIfNeeded(context, planned, ordered);
            if (planned.Key == "preamble" && preambleWithheld)
            {
                statement = statement with { Destructive = true };
            }

            script.Add(statement);
            OwnerOf(context, planned, ref changesByKey)?.Statements.Add(statement);
        }

        return new DiffResult(
            context.Changes.Select(c => c.Build()).ToValueList(),
            script.ToValueList(),
            NotCompared(from, to, context.Options))
        {
            UnknownPositions = context.UnknownPositions.ToValueList(),
        };
    }

    private static bool IsRoutineCreate(PlannedStatement s) =>
        s.Key.StartsWith("function:", StringComparison.Ordinal) && s.Statement.Sql.StartsWith("CREATE", StringComparison.Ordinal);

    /// <summary>
    /// ALTER TYPE ... ADD VALUE cannot run in a transaction before PostgreSQL 12; from 12 it can, but the new value
    /// cannot be used before the transaction commits. It runs on its own when the script uses the value.
    /// </summary>
    private static SqlStatement OutsideTransactionIfNeeded(DiffContext context, PlannedStatement planned, IReadOnlyList<PlannedStatement> script)
    {
        if (!context.NewEnumValues.TryGetValue(planned.Sequence, out var use))
        {
            return planned.Statement;
        }

        var used = context.From.ServerVersionNum < 120000
            || script.Any(s => s != planned && s.Statement.Sql.Contains(use, StringComparison.Ordinal));
        return used ? planned.Statement with { Transactional = false } : planned.Statement;
    }

    /// <summary>The change a statement belongs to; a re-created dependent's statements belong to the change causing it.</summary>
    private static ChangeBuilder? OwnerOf(DiffContext context, PlannedStatement planned, ref Dictionary<string, ChangeBuilder>? changesByKey)
    {
        if (planned.Change is not null || planned.CauseKey is null)
        {
            return planned.Change;
        }

        // The first change of the causing object; many re-created dependents may share one cause.
        if (changesByKey is null)
        {
            changesByKey = new Dictionary<string, ChangeBuilder>(StringComparer.Ordinal);
            foreach (var change in context.Changes)
            {
                changesByKey.TryAdd(change.ObjectKey, change);
            }
        }

        return changesByKey.GetValueOrDefault(planned.CauseKey);
    }

    /// <summary>
    /// Kinds neither snapshot compares, with the larger count and a few examples from both; owners and privileges
    /// when the options leave them out (nothing is ever silently equal).
    /// </summary>
    private static ValueList<NotComparedKind> NotCompared(SchemaSnapshot from, SchemaSnapshot to, DiffOptions options) =>
        from.NotCompared.Concat(to.NotCompared)
            .Concat(options.ComparePrivileges ? [] : [PrivilegesNotCompared(from, to)])
            .Concat(OwnerComparer.NotCompared(from, to, options) is { } owners ? [owners] : [])
            .GroupBy(n => n.Kind, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NotComparedKind(g.Key, g.Max(n => n.Count), g.SelectMany(n => n.Examples).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(3).ToValueList()))
            .ToValueList();

    /// <summary>
    /// Privileges not compared: the objects with grants (counted by the catalog reader when it did not read them,
    /// or from the privileges read), always listed, with none when there are none.
    /// </summary>
    private static NotComparedKind PrivilegesNotCompared(SchemaSnapshot from, SchemaSnapshot to)
    {
        const string kind = "granted privileges (--with-privileges compares them)";
        var read = from.Privileges.Concat(to.Privileges).Select(p => p.ObjectSql[(p.ObjectSql.IndexOf(' ', StringComparison.Ordinal) + 1)..])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new NotComparedKind(kind, read.Count, read.Take(3).ToValueList());
    }
}
