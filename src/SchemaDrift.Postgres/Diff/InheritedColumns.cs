using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Columns a parent gains while tables join it (INHERIT), which the joining tables have only inherited in the target.
/// A table can join a parent only once it has all the parent's columns, and a column it gains on its own
/// (ADD COLUMN, then INHERIT) stays declared by it, which pg_dump then prints. So the parent gains such columns only
/// after its new children joined it (<see cref="Phase.InheritedColumns"/>): its ADD COLUMN reaches them inherited,
/// as in the target. A kept parent adds them late; a parent the script creates is created without them.
/// </summary>
/// <remarks>
/// Only where the result is the target's: plain inheritance (no partitions), a parent none of whose columns is
/// converted or re-created, and no child the script creates; every joining child lacking the column in the source
/// and having it in the target exactly as the parent's ADD COLUMN gives it (inherited only, same type, default,
/// nullability and generation, no settings or comment of its own), no other parent of theirs declaring it, and no
/// identity. For a created parent the columns must also come last in its column order (pg_dump prints a parent's
/// columns in their order). Elsewhere the joining child adds the column itself, as before.
/// </remarks>
internal sealed class InheritedColumns
{
    private readonly HashSet<string> deferred = new(StringComparer.Ordinal);
    private readonly HashSet<string> follows = new(StringComparer.Ordinal);
    private readonly NameMap<List<string>> joiners = new();

    /// <summary>Whether the parent's column (by key) is added once its new children joined the parent.</summary>
    public bool Deferred(string columnKey) => deferred.Count > 0 && deferred.Contains(columnKey);

    /// <summary>Whether a joining child's column (by key) comes from its new parent's ADD COLUMN (the child adds nothing).</summary>
    public bool Follows(string columnKey) => follows.Count > 0 && follows.Contains(columnKey);

    /// <summary>The keys of the tables whose INHERIT the parent's deferred ADD COLUMN waits for.</summary>
    public IReadOnlyList<string> JoinedBy(QualifiedName parent) => joiners.TryGetValue(parent, out var keys) ? keys : [];

    public static InheritedColumns Plan(DiffContext context)
    {
        var plan = new InheritedColumns();
        var children = new NameMap<List<DbTable>>();
        foreach (var table in context.To.Tables)
        {
            foreach (var parent in table.Inherits)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(table);
            }
        }

        foreach (var parent in context.To.Tables)
        {
            if (children.TryGetValue(parent.Name, out var list))
            {
                plan.Consider(context, parent, list);
            }
        }

        return plan;
    }

    private void Consider(DiffContext context, DbTable parent, List<DbTable> children)
    {
        if (parent.PartitionKey is not null || parent.PartitionOf is not null || context.RecreatedTables.Contains(parent.Key))
        {
            return;
        }

        var source = context.FromTables.GetValueOrDefault(parent.Name);
        var joining = new List<(DbTable From, DbTable To)>();
        foreach (var child in children)
        {
            var from = context.FromTables.GetValueOrDefault(child.Name);
            if (from is null || context.RecreatedTables.Contains(child.Key) || child.PartitionOf is not null)
            {
                // A child the script creates gets the parent's columns when it is created, and what it says of them
                // otherwise than the parent runs before the columns would be added late.
                return;
            }

            if (!DiffAnalysis.Contains(from.Inherits.Items.AsSpan(), parent.Name))
            {
                joining.Add((from, child));
            }
        }

        // A column converted, or dropped and added again, is altered among the column changes, before late additions
        // it might use.
        if (joining.Count == 0 || parent.Columns.Any(c => context.Retyped.ContainsKey(c.Key) || context.Recreate.ContainsKey(c.Key) || context.NoCast.Contains(c.Key)))
        {
            return;
        }

        // The parent's own columns it has when the children join: a kept parent's columns of both sides, the ones
        // a created parent's joining children have already (or declare themselves in the target).
        var later = new List<DbColumn>();
        foreach (var column in parent.Columns)
        {
            if (column.Inherited || (source is not null && source.FindColumn(column.Name) is not null))
            {
                continue;
            }

            var having = joining.Count(j => Has(j.From, j.To, column.Name));
            if (having == joining.Count && source is null)
            {
                continue;
            }

            if (having > 0)
            {
                return;
            }

            later.Add(column);
        }

        if (later.Count == 0 || (source is null && !Suffix(parent, later)))
        {
            return;
        }

        foreach (var (from, to) in joining)
        {
            // The columns present before the additions must all be there when the child joins.
            if (source is not null && parent.Columns.Any(c => !later.Contains(c) && !Has(from, to, c.Name)))
            {
                return;
            }

            foreach (var column in later)
            {
                if (column.Identity != IdentityKind.None || to.FindColumn(column.Name) is not { } own || !AsPropagated(column, own)
                    || to.Inherits.Any(p => p != parent.Name && context.ToTables.GetValueOrDefault(p)?.FindColumn(column.Name) is not null))
                {
                    return;
                }
            }
        }

        foreach (var column in later)
        {
            deferred.Add(column.Key);
            foreach (var (_, to) in joining)
            {
                follows.Add(to.FindColumn(column.Name)!.Key);
            }
        }

        joiners[parent.Name] = joining.Select(j => j.To.Key).ToList();
    }

    /// <summary>Whether the child has the column when it joins: from the source, or added as its own.</summary>
    private static bool Has(DbTable from, DbTable to, string name) =>
        from.FindColumn(name) is not null || to.FindColumn(name) is { Inherited: false };

    /// <summary>Whether the columns are the last of the parent's, in its order.</summary>
    private static bool Suffix(DbTable parent, List<DbColumn> columns)
    {
        var start = parent.Columns.Count - columns.Count;
        for (var i = 0; i < columns.Count; i++)
        {
            if (parent.Columns[start + i].Name != columns[i].Name)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the child's column is what the parent's ADD COLUMN gives it.</summary>
    private static bool AsPropagated(DbColumn parent, DbColumn child) =>
        child.Inherited && child.DataType == parent.DataType && child.Collation == parent.Collation && child.NotNull == parent.NotNull
        && child.Default == parent.Default && child.GeneratedExpression == parent.GeneratedExpression && child.Identity == IdentityKind.None
        && child.Comment is null && child.Statistics is null && child.Storage is null && child.Compression is null && child.Options.IsEmpty;
}
