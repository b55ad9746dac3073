using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Which object needs which, in one snapshot: the snapshot's pg_depend edges plus the structure the model implies
/// (an object needs its schema, a column or index its table, a foreign key the referenced table and its keys,
/// a partition or child table its parent).
/// </summary>
/// <remarks>
/// A comparison asks about only the objects statements are filed under and what they reach, out of every column,
/// constraint and index of the database. So no edge is made ahead: each question is answered from the snapshot,
/// through its objects by key and by relation (<see cref="SnapshotIndexes"/>: one entry per object, no string per
/// edge). A column's, trigger's or policy's key names its table, but names may hold dots: every way of cutting the
/// key's name at dots is tried, and only the cuts that name an object of the snapshot answer. Answers come in no
/// particular order, and may repeat a key: the planner and the analysis treat them as sets.
/// </remarks>
internal sealed partial class DependencyGraph
{
    // The owners found so far: a planner asks again about the same parts.
    private readonly Dictionary<string, string?> owners = new(StringComparer.Ordinal);

    /// <param name="indexes">The snapshot's objects by relation and by key, shared with the rest of the comparison.</param>
    public DependencyGraph(SnapshotIndexes indexes) => (snapshot, Indexes) = (indexes.Snapshot, indexes);

    public static DependencyGraph Build(SchemaSnapshot snapshot) => new(new SnapshotIndexes(snapshot));

    /// <summary>The keys <paramref name="key"/> needs directly (possibly repeated, in no particular order).</summary>
    public IReadOnlyList<string> Requires(string key)
    {
        var result = new List<string>();
        if (ColumnOwner(key) is { } columnTable)
        {
            result.Add(columnTable);
        }

        if (DependsOn.TryGetValue(key, out var depended))
        {
            result.AddRange(depended);
        }

        switch (Prefix(key))
        {
            case "extension:":
            case "collation:":
            case "type:":
            case "sequence:":
            case "view:":
            case "function:":
                foreach (var schema in SchemasOf(key))
                {
                    Add(result, key, SchemaKey(schema));
                }

                break;
            case "table:":
                foreach (var table in TablesOf(key))
                {
                    Add(result, key, SchemaKey(table.Name.Schema));
                    foreach (var parent in table.Inherits)
                    {
                        Add(result, key, "table:" + parent);
                    }

                    if (table.PartitionOf is { } partitionOf)
                    {
                        Add(result, key, "table:" + partitionOf);
                    }
                }

                break;
            case "column:":
                foreach (var (_, column) in ColumnsOf(key))
                {
                    if (column.Collation is { } collation && SqlText.ParseQualified(collation) is [var s, var n])
                    {
                        Add(result, key, "collation:" + s + "." + n);
                    }
                }

                break;
            case "constraint:":
                foreach (var constraint in ConstraintsOf(key))
                {
                    Add(result, key, TableKey(constraint.Table));
                    foreach (var column in constraint.Columns)
                    {
                        Add(result, key, ColumnKey(constraint.Table, column));
                    }

                    if (constraint.ConstraintKind == ConstraintKind.ForeignKey && constraint.ReferencedTable is { } referenced)
                    {
                        Add(result, key, TableKey(referenced));
                        UniqueKeys(referenced, result, key);
                    }
                }

                break;
            case "index:":
                foreach (var index in IndexesOf(key))
                {
                    Add(result, key, RelationKey(index.Table));
                    foreach (var column in index.Columns)
                    {
                        if (column.Length > 0)
                        {
                            Add(result, key, ColumnKey(index.Table, column));
                        }
                    }
                }

                break;
            case "trigger:":
                foreach (var trigger in PartsOf(key, Indexes.Triggers, t => t.Key))
                {
                    Add(result, key, RelationKey(trigger.Table));
                }

                break;
            case "policy:":
                foreach (var policy in PartsOf(key, Indexes.Policies, p => p.Key))
                {
                    Add(result, key, RelationKey(policy.Table));
                }

                break;
            case "privilege:":
                if (Privileges.ByKey.TryGetValue(key, out var privileges))
                {
                    foreach (var privilege in privileges)
                    {
                        Add(result, key, privilege.ObjectKey);
                    }
                }

                break;
        }

        return result;
    }

    /// <summary>The keys that need <paramref name="key"/> directly (possibly repeated, in no particular order); a table
    /// does not list its columns.</summary>
    public IReadOnlyList<string> RequiredBy(string key)
    {
        var result = new List<string>();
        if (DependedOnBy.TryGetValue(key, out var dependents))
        {
            result.AddRange(dependents);
        }

        if (Privileges.ByObject.TryGetValue(key, out var privileges))
        {
            foreach (var privilege in privileges)
            {
                Add(result, key, privilege.Key);
            }
        }

        switch (Prefix(key))
        {
            case "schema:":
                foreach (var dependent in InSchema(key["schema:".Length..]))
                {
                    Add(result, key, dependent);
                }

                break;
            case "table:":
            case "view:":
                foreach (var name in Names(key))
                {
                    RelationDependents(name, key.StartsWith("view:", StringComparison.Ordinal), result, key);
                }

                break;
            case "column:":
                foreach (var (table, column) in NamesAndLast(key))
                {
                    foreach (var constraint in Indexes.Constraints.GetValueOrDefault(table) ?? [])
                    {
                        if (constraint.Columns.Contains(column))
                        {
                            Add(result, key, constraint.Key);
                        }
                    }

                    foreach (var index in column.Length == 0 ? [] : Indexes.Indexes.GetValueOrDefault(table) ?? [])
                    {
                        if (index.Columns.Contains(column))
                        {
                            Add(result, key, index.Key);
                        }
                    }
                }

                break;
            case "constraint:":
            case "index:":
                // The key a foreign key may rest on: every foreign key to its table needs it.
                foreach (var table in UniqueKeyTables(key))
                {
                    foreach (var foreignKey in Indexes.ForeignKeys.GetValueOrDefault(table.Name) ?? [])
                    {
                        Add(result, key, foreignKey.Key);
                    }
                }

                break;
            case "collation:":
                foreach (var table in snapshot.Tables)
                {
                    foreach (var column in table.Columns)
                    {
                        if (column.Collation is { } collation && SqlText.ParseQualified(collation) is [var s, var n] && "collation:" + s + "." + n == key)
                        {
                            Add(result, key, column.Key);
                        }
                    }
                }

                break;
        }

        return result;
    }

    /// <summary>Whether <paramref name="part"/> is a part of <paramref name="owner"/> (a column, constraint, index,
    /// trigger or policy of its table or view), rather than an object that uses it.</summary>
    public bool IsPart(string part, string owner) =>
        (owner.StartsWith("table:", StringComparison.Ordinal) || owner.StartsWith("view:", StringComparison.Ordinal)) && OwnerOf(part) == owner;

    /// <summary>The table or view <paramref name="part"/> is a part of (see <see cref="IsPart"/>); null for other objects.</summary>
    public string? OwnerOf(string part)
    {
        if (!owners.TryGetValue(part, out var owner))
        {
            owner = PartOwner(part) ?? ColumnOwner(part);
            owners[part] = owner;
        }

        return owner;
    }

    /// <summary>Adds <paramref name="other"/> unless it is the key asked about (an object never needs itself).</summary>
    private static void Add(List<string> result, string key, string other)
    {
        if (other != key)
        {
            result.Add(other);
        }
    }

    /// <summary>What needs the table or view of that name as a part of it, a child or a referenced table.</summary>
    private void RelationDependents(QualifiedName name, bool view, List<string> result, string key)
    {
        // Indexes, triggers and policies belong to the view of their relation's name when there is one.
        if (view == Indexes.Views.ContainsKey(name))
        {
            foreach (var index in Indexes.Indexes.GetValueOrDefault(name) ?? [])
            {
                Add(result, key, index.Key);
            }

            foreach (var trigger in Indexes.Triggers.GetValueOrDefault(name) ?? [])
            {
                Add(result, key, trigger.Key);
            }

            foreach (var policy in Indexes.Policies.GetValueOrDefault(name) ?? [])
            {
                Add(result, key, policy.Key);
            }
        }

        if (view)
        {
            return;
        }

        foreach (var child in Indexes.Children.GetValueOrDefault(name) ?? [])
        {
            Add(result, key, child.Key);
        }

        foreach (var constraint in Indexes.Constraints.GetValueOrDefault(name) ?? [])
        {
            Add(result, key, constraint.Key);
        }

        foreach (var foreignKey in Indexes.ForeignKeys.GetValueOrDefault(name) ?? [])
        {
            Add(result, key, foreignKey.Key);
        }
    }
}
