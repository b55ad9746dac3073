using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Decides objects' fates before any statement is written: which tables are dropped or re-created, which
/// columns are re-typed, which types, routines and views must be re-created rather than altered, and then which
/// unchanged dependents (views, routines, triggers, policies, constraints, indexes, generated columns) must be
/// dropped and created again around them, following the source's dependencies.
/// </summary>
internal static partial class DiffAnalysis
{
    public static void Run(DiffContext context)
    {
        var sources = new List<Source>();
        TableFates(context, sources);
        ColumnFates(context, sources);
        TypeFates(context, sources);
        RangeFates(context, sources);
        RoutineFates(context, sources);
        ViewFates(context, sources);
        KeyFates(context, sources);
        Propagate(context, sources);
        foreach (var key in context.Recreate.Keys.Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
        {
            context.GoneRelations.Add(key);
        }
    }

    /// <summary>A view's new columns must start with the old ones (same names and types) for CREATE OR REPLACE VIEW.</summary>
    public static bool CanReplaceView(DbView from, DbView to) =>
        OnlyViewOptionsDiffer(from, to)
        || (!from.Materialized && !to.Materialized
            && from.Columns.Count <= to.Columns.Count
            && SameColumns(from, to, from.Columns.Count));

    /// <summary>Whether two views (or materialized views) differ only in their options, which ALTER sets in place.</summary>
    public static bool OnlyViewOptionsDiffer(DbView from, DbView to) =>
        from.Materialized == to.Materialized && from.Definition == to.Definition && from.Options != to.Options
        && from.Columns.Count == to.Columns.Count && SameColumns(from, to, from.Columns.Count);

    /// <summary>Whether the first <paramref name="count"/> columns of both views have the same names and types.</summary>
    private static bool SameColumns(DbView from, DbView to, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (from.Columns[i].Name != to.Columns[i].Name || from.Columns[i].DataType != to.Columns[i].DataType)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a view differs in anything but comments.</summary>
    public static bool ViewDefinitionDiffers(DbView from, DbView to) =>
        from.Materialized != to.Materialized
        || from.Definition != to.Definition
        || from.Options != to.Options
        || from.Columns.Count != to.Columns.Count
        || !SameColumns(from, to, from.Columns.Count);

    /// <summary>
    /// CREATE OR REPLACE cannot change a routine's kind, argument names or defaults (the header line of
    /// pg_get_functiondef) or its result type (the RETURNS line); aggregates are always re-created.
    /// </summary>
    public static bool RoutineNeedsRecreate(DbFunction from, DbFunction to) =>
        from.Definition != to.Definition
        && (from.RoutineKind != to.RoutineKind
            || to.RoutineKind == RoutineKind.Aggregate
            || Header(from.Definition) != Header(to.Definition)
            || Returns(from.Definition) != Returns(to.Definition));

    /// <summary>Whether the old labels appear in the new list in the same order (so ADD VALUE suffices).</summary>
    public static bool LabelsOnlyAdded(ValueList<string> from, ValueList<string> to)
    {
        var i = 0;
        foreach (var label in to)
        {
            if (i < from.Count && from[i] == label)
            {
                i++;
            }
        }

        return i == from.Count && from.All(to.Contains);
    }

    private static string Header(string definition) => definition.Split('\n')[0].Trim();

    private static string? Returns(string definition) =>
        definition.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("RETURNS ", StringComparison.Ordinal));

    private static void TableFates(DiffContext context, List<Source> sources)
    {
        // What depends on a dropped table and stays (a view now reading a view of the same name) is created again.
        foreach (var table in context.From.Tables.Where(t => !context.ToTables.ContainsKey(t.Name)))
        {
            context.GoneRelations.Add(table.Key);
            context.DroppedColumns.UnionWith(table.Columns.Select(c => c.Key));
            sources.Add(new Source(table.Key, table.Key, SourceKind.Relation));
        }

        foreach (var from in context.From.Tables)
        {
            if (context.ToTables.TryGetValue(from.Name, out var to) && (from.TableKind != to.TableKind || from.PartitionKey != to.PartitionKey))
            {
                context.Recreate[from.Key] = from.Key;
            }
        }

        // Dropping a table drops its partitions, and inheritance children stop it: they are re-created with it.
        var added = context.Recreate.Count > 0;
        while (added)
        {
            added = false;
            foreach (var from in context.From.Tables.Where(t => context.ToTables.ContainsKey(t.Name) && !context.Recreate.ContainsKey(t.Key)))
            {
                var parents = from.PartitionOf is { } partitionOf ? from.Inherits.Append(partitionOf) : from.Inherits;
                var parent = parents.Select(p => "table:" + p).FirstOrDefault(context.Recreate.ContainsKey);
                if (parent is not null)
                {
                    context.Recreate[from.Key] = context.Recreate[parent];
                    added = true;
                }
            }
        }

        var byKey = context.Recreate.Count == 0 ? [] : context.From.Tables.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var key in context.Recreate.Keys.ToArray())
        {
            var cause = context.Recreate[key];
            context.RecreatedTables.Add(key);
            context.GoneRelations.Add(key);
            context.DroppedColumns.UnionWith(byKey[key].Columns.Select(c => c.Key));
            sources.Add(new Source(key, cause, SourceKind.Relation));
        }
    }

    private static void ColumnFates(DiffContext context, List<Source> sources)
    {
        var enums = EnumNames(context);
        foreach (var from in context.From.Tables)
        {
            if (!context.ToTables.TryGetValue(from.Name, out var to) || context.RecreatedTables.Contains(from.Key))
            {
                continue;
            }

            // A table the same on both sides has no column whose fate changes; the table comparison reuses the answer.
            if (SchemaEquality.Same(from, to))
            {
                context.SameTables.Add(from.Key);
                continue;
            }

            var targets = new ColumnFinder(to);
            for (var i = 0; i < from.Columns.Count; i++)
            {
                var column = from.Columns[i];
                var target = targets.Find(column.Name, i);
                if (target is null)
                {
                    if (!(column.Inherited && FollowsKeptParent(context, from, to, column.Name, inTarget: false)))
                    {
                        context.DroppedColumns.Add(column.Key);
                    }
                }
                else if (GeneratedNeedsRecreate(column, target))
                {
                    context.DroppedColumns.Add(column.Key);
                    sources.Add(new Source(column.Key, column.Key, SourceKind.Column));
                }
                else if (column.DataType != target.DataType && target.GeneratedExpression is null && !Casts.Convertible(context, column.DataType, target.DataType))
                {
                    // No conversion exists (bigint → timestamp): the column is dropped and added again.
                    context.NoCast.Add(column.Key);
                    context.DroppedColumns.Add(column.Key);
                    sources.Add(new Source(column.Key, column.Key, SourceKind.Column));
                }
                else if (column.DataType != target.DataType || column.Collation != target.Collation)
                {
                    var throughText = enums.Contains(ElementType(column.DataType)) || enums.Contains(ElementType(target.DataType));
                    context.Retyped[column.Key] = new Retype(column.Key, throughText);
                    sources.Add(new Source(column.Key, column.Key, SourceKind.Retype));
                }
            }
        }
    }

    /// <summary>Generated columns are dropped and added again when the expression changes or a plain column becomes generated.</summary>
    public static bool GeneratedNeedsRecreate(DbColumn from, DbColumn to) =>
        to.GeneratedExpression is not null && from.GeneratedExpression != to.GeneratedExpression;

    private static void RoutineFates(DiffContext context, List<Source> sources)
    {
        var targets = context.To.Functions.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var from in context.From.Functions)
        {
            if (!targets.TryGetValue(from.Key, out var to))
            {
                sources.Add(new Source(from.Key, from.Key, SourceKind.Routine));
            }
            else if (RoutineNeedsRecreate(from, to))
            {
                context.Recreate[from.Key] = from.Key;
                sources.Add(new Source(from.Key, from.Key, SourceKind.Routine));
            }
        }
    }

    private static void ViewFates(DiffContext context, List<Source> sources)
    {
        foreach (var view in context.From.Views.Where(v => !context.ToViews.ContainsKey(v.Name)))
        {
            sources.Add(new Source(view.Key, view.Key, SourceKind.Relation));
        }

        foreach (var from in context.From.Views)
        {
            if (context.ToViews.TryGetValue(from.Name, out var to) && ViewDefinitionDiffers(from, to) && !CanReplaceView(from, to))
            {
                context.Recreate[from.Key] = from.Key;
                sources.Add(new Source(from.Key, from.Key, SourceKind.Relation));
            }
        }
    }

    /// <summary>Keys that foreign keys may rest on, dropped or changed: those foreign keys are dropped and added again.</summary>
    private static void KeyFates(DiffContext context, List<Source> sources)
    {
        var toConstraints = context.ToIndexes.ConstraintsByKey;
        foreach (var key in context.From.Constraints.Where(c => c.ConstraintKind is ConstraintKind.PrimaryKey or ConstraintKind.Unique))
        {
            if (!context.IsGone(key.Table)
                && (!toConstraints.TryGetValue(key.Key, out var to) || to[^1].Definition != key.Definition || context.KeyOptionsFixed(key, to[^1])))
            {
                context.ChangingKeys[key.Table] = key.Key;
                sources.Add(new Source(key.Key, key.Key, SourceKind.Key));
            }
        }

        var toIndexes = context.ToIndexes.IndexesByKey;
        foreach (var index in context.From.Indexes.Where(i => i.Unique))
        {
            if (!context.IsGone(index.Table)
                && (!toIndexes.TryGetValue(index.Key, out var found) || found[^1] is var to && to != index with { Comment = to.Comment, Settings = to.Settings, ParentIndex = to.ParentIndex }))
            {
                context.ChangingKeys[index.Table] = index.Key;
                sources.Add(new Source(index.Key, index.Key, SourceKind.Key));
            }
        }
    }

    /// <summary>The parents (partitioned table or inherited tables) the table has in both snapshots.</summary>
    public static QualifiedName[] KeptParents(DbTable from, DbTable to)
    {
        var (before, after) = (TableComparer.Parents(from), TableComparer.Parents(to));
        if (before.Length == 0 || after.Length == 0)
        {
            return [];
        }

        // Those of the source in its order, each once (as Intersect gives them).
        var kept = new QualifiedName[before.Length];
        var count = 0;
        foreach (var parent in before)
        {
            if (Contains(after, parent) && !Contains(kept.AsSpan(0, count), parent))
            {
                kept[count++] = parent;
            }
        }

        return kept[..count];
    }

    /// <summary>Whether the names hold <paramref name="name"/> (a loop: no generic code compiled at run time).</summary>
    public static bool Contains(ReadOnlySpan<QualifiedName> names, QualifiedName name)
    {
        foreach (var other in names)
        {
            if (other == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an inherited column comes from a parent the table keeps, so that the parent's ADD, DROP or ALTER
    /// COLUMN recurses to it (columns from a parent being attached are the table's own until ATTACH or INHERIT).
    /// </summary>
    public static bool FollowsKeptParent(DiffContext context, DbTable from, DbTable to, string column, bool inTarget)
    {
        var tables = inTarget ? context.ToTables : context.FromTables;
        foreach (var kept in KeptParents(from, to))
        {
            if (tables.TryGetValue(kept, out var parent) && parent.FindColumn(column) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type of an array's elements (format_type text without the trailing brackets).</summary>
    public static string ElementType(string dataType) => dataType.TrimEnd('[', ']');

    private static HashSet<string> EnumNames(DiffContext context) =>
        context.From.Enums.Concat(context.To.Enums).Select(e => e.Name.Sql).ToHashSet(StringComparer.Ordinal);

    private enum SourceKind
    {
        /// <summary>A table or view dropped and created again.</summary>
        Relation,

        /// <summary>A column dropped and added again (generated columns).</summary>
        Column,

        /// <summary>A column converted to another type or collation (PostgreSQL rebuilds its indexes and constraints).</summary>
        Retype,

        /// <summary>An enum or domain re-created under its name.</summary>
        Type,

        /// <summary>A routine dropped and created again.</summary>
        Routine,

        /// <summary>A primary key, unique constraint or unique index dropped or changed.</summary>
        Key,
    }

    private sealed record Source(string Key, string Cause, SourceKind Kind);
}
