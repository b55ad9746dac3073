using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The value equality of the model's records for the objects a comparison has by the thousand (tables with their
/// columns, constraints, indexes), written out member by member.
/// </summary>
/// <remarks>
/// A record's own equality goes through a generic comparer per member, most of them compiled only when the one-shot
/// command first runs them, and slow until the runtime optimises them again: on ten thousand tables it took more time
/// than anything else in the comparison. The answers are the records' own: a test changes each member of each record
/// in turn and checks that both see the difference.
/// </remarks>
internal static class SchemaEquality
{
    public static bool Same(DbTable a, DbTable b) =>
        ReferenceEquals(a, b)
        || (Same(a.Name, b.Name)
            && a.TableKind == b.TableKind
            && a.Unlogged == b.Unlogged
            && a.PartitionKey == b.PartitionKey
            && Same(a.PartitionOf, b.PartitionOf)
            && a.PartitionBound == b.PartitionBound
            && Same(a.Inherits, b.Inherits)
            && Same(a.StorageParameters, b.StorageParameters)
            && a.RowSecurity == b.RowSecurity
            && a.ForceRowSecurity == b.ForceRowSecurity
            && Same(a.Columns, b.Columns)
            && a.Comment == b.Comment
            && a.ReplicaIdentity == b.ReplicaIdentity
            && a.ReplicaIdentityIndex == b.ReplicaIdentityIndex
            && a.ClusterOn == b.ClusterOn
            && a.AccessMethod == b.AccessMethod
            && a.Tablespace == b.Tablespace);

    public static bool Same(DbColumn a, DbColumn b) =>
        ReferenceEquals(a, b)
        || (Same(a.Table, b.Table)
            && a.Name == b.Name
            && a.DataType == b.DataType
            && a.NotNull == b.NotNull
            && a.Default == b.Default
            && a.Identity == b.Identity
            && Same(a.IdentityOptions, b.IdentityOptions)
            && a.GeneratedExpression == b.GeneratedExpression
            && a.Collation == b.Collation
            && a.Inherited == b.Inherited
            && a.Comment == b.Comment
            && a.Statistics == b.Statistics
            && a.Storage == b.Storage
            && a.Compression == b.Compression
            && Same(a.Options, b.Options)
            && a.TypeStorage == b.TypeStorage);

    public static bool Same(DbConstraint a, DbConstraint b) =>
        ReferenceEquals(a, b)
        || (Same(a.Table, b.Table)
            && a.Name == b.Name
            && a.ConstraintKind == b.ConstraintKind
            && a.Definition == b.Definition
            && a.Validated == b.Validated
            && a.Deferrable == b.Deferrable
            && a.InitiallyDeferred == b.InitiallyDeferred
            && Same(a.Columns, b.Columns)
            && Same(a.ReferencedTable, b.ReferencedTable)
            && a.Comment == b.Comment
            && Same(a.Index, b.Index)
            && Same(a.ParentIndex, b.ParentIndex));

    public static bool Same(DbIndex a, DbIndex b) =>
        ReferenceEquals(a, b)
        || (Same(a.Table, b.Table)
            && a.Name == b.Name
            && a.Definition == b.Definition
            && a.Unique == b.Unique
            && a.Valid == b.Valid
            && Same(a.Columns, b.Columns)
            && a.Comment == b.Comment
            && Same(a.Settings, b.Settings)
            && Same(a.ParentIndex, b.ParentIndex));

    private static bool Same(DbIdentityOptions? a, DbIdentityOptions? b) =>
        ReferenceEquals(a, b)
        || (a is not null && b is not null
            && a.DataType == b.DataType
            && a.Start == b.Start
            && a.Increment == b.Increment
            && a.MinValue == b.MinValue
            && a.MaxValue == b.MaxValue
            && a.Cache == b.Cache
            && a.Cycle == b.Cycle);

    private static bool Same(DbIndexSettings? a, DbIndexSettings? b) =>
        ReferenceEquals(a, b)
        || (a is not null && b is not null
            && Same(a.Options, b.Options)
            && a.Tablespace == b.Tablespace
            && Same(a.ColumnStatistics, b.ColumnStatistics)
            && a.Comment == b.Comment);

    private static bool Same(QualifiedName a, QualifiedName b) => a.Schema == b.Schema && a.Name == b.Name;

    private static bool Same(QualifiedName? a, QualifiedName? b) =>
        a is { } x ? b is { } y && Same(x, y) : b is null;

    private static bool Same(ValueList<string> a, ValueList<string> b)
    {
        var (x, y) = (a.Items, b.Items);
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(ValueList<QualifiedName> a, ValueList<QualifiedName> b)
    {
        var (x, y) = (a.Items, b.Items);
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(ValueList<DbColumn> a, ValueList<DbColumn> b)
    {
        var (x, y) = (a.Items, b.Items);
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }
}
