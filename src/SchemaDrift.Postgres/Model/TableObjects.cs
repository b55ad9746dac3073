namespace SchemaDrift.Postgres.Model;

public enum TableKind
{
    Regular,
    Partitioned,
}

/// <summary>A table, with every property pg_dump writes for it (its owner and grants are objects of their own).</summary>
/// <param name="StorageParameters">reloptions, then the TOAST table's as <c>toast.name=value</c>, each in the catalog's order.</param>
/// <param name="ReplicaIdentity">null for the default; <c>full</c>, <c>nothing</c>, or <c>index</c> with
/// <see cref="ReplicaIdentityIndex"/> naming the index (or constraint) it uses.</param>
/// <param name="ClusterOn">The index (or constraint) CLUSTER ON marks, if any.</param>
/// <param name="AccessMethod">The table access method when it is not heap.</param>
/// <param name="Tablespace">The tablespace when it is not the database's default.</param>
public sealed record DbTable(
    QualifiedName Name,
    TableKind TableKind,
    bool Unlogged,
    string? PartitionKey,
    QualifiedName? PartitionOf,
    string? PartitionBound,
    ValueList<QualifiedName> Inherits,
    ValueList<string> StorageParameters,
    bool RowSecurity,
    bool ForceRowSecurity,
    ValueList<DbColumn> Columns,
    string? Comment,
    string? ReplicaIdentity = null,
    string? ReplicaIdentityIndex = null,
    string? ClusterOn = null,
    string? AccessMethod = null,
    string? Tablespace = null) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Table;
    public string Key { get; } = string.Concat("table:", Name.Schema, ".", Name.Name);
    public string DisplayName => Name.ToString();

    public DbColumn? FindColumn(string name)
    {
        foreach (var column in Columns)
        {
            if (column.Name == name)
            {
                return column;
            }
        }

        return null;
    }
}

public enum IdentityKind
{
    None,
    Always,
    ByDefault,
}

public sealed record DbIdentityOptions(string DataType, long Start, long Increment, long MinValue, long MaxValue, long Cache, bool Cycle);

/// <summary>A table column. Its position is not part of it: column order never makes a difference.</summary>
/// <param name="Inherited">The column comes only from a parent (attislocal = false): not declared by this table.</param>
/// <param name="Statistics">SET STATISTICS target, null for the default.</param>
/// <param name="Storage">SET STORAGE (plain, external, extended, main) when it is not the type's default.</param>
/// <param name="TypeStorage">The storage of the column's type: what a column gets when created.</param>
/// <param name="Compression">SET COMPRESSION (pglz, lz4) when one is set.</param>
/// <param name="Options">Attribute options (SET (n_distinct = ...)), in the catalog's order.</param>
public sealed record DbColumn(
    QualifiedName Table,
    string Name,
    string DataType,
    bool NotNull,
    string? Default,
    IdentityKind Identity,
    DbIdentityOptions? IdentityOptions,
    string? GeneratedExpression,
    string? Collation,
    bool Inherited,
    string? Comment,
    int? Statistics = null,
    string? Storage = null,
    string? Compression = null,
    ValueList<string> Options = default,
    string? TypeStorage = null) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Column;
    // Made when asked for, not kept: a snapshot has a column for every table's every column, and a stored key per
    // column was about a tenth of a large snapshot (10,000 tables: 150,000 keys). Equal keys are equal strings,
    // never the same instance.
    public string Key => string.Concat("column:", Table.Schema, ".", Table.Name, ".", Name);
    public string DisplayName => Table + "." + Name;
}

public enum ConstraintKind
{
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Exclusion,
}

/// <summary>
/// What an index carries beyond its definition, whether it is a plain index or the one behind a primary key,
/// unique or exclusion constraint: its storage parameters (those of a constraint's index, which
/// pg_get_constraintdef does not print), tablespace, per-column statistics targets and comment.
/// </summary>
/// <param name="Options">reloptions of the index (for a plain index they are also part of its definition).</param>
/// <param name="ColumnStatistics"><c>column number=target</c> for expression columns with SET STATISTICS.</param>
public sealed record DbIndexSettings(ValueList<string> Options, string? Tablespace, ValueList<string> ColumnStatistics, string? Comment)
{
    public static DbIndexSettings None { get; } = new(ValueList<string>.Empty, null, ValueList<string>.Empty, null);
}

/// <summary>A table constraint; <see cref="Definition"/> is pg_get_constraintdef (includes NOT VALID, DEFERRABLE).</summary>
/// <param name="Index">For primary key, unique and exclusion constraints, the settings of their index.</param>
/// <param name="ParentIndex">For a partition's key cloned from its parent's: the parent constraint's index it is attached to.</param>
public sealed record DbConstraint(
    QualifiedName Table,
    string Name,
    ConstraintKind ConstraintKind,
    string Definition,
    bool Validated,
    bool Deferrable,
    bool InitiallyDeferred,
    ValueList<string> Columns,
    QualifiedName? ReferencedTable,
    string? Comment,
    DbIndexSettings? Index = null,
    QualifiedName? ParentIndex = null) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Constraint;
    public string Key { get; } = string.Concat("constraint:", Table.Schema, ".", Table.Name, ".", Name);
    public string DisplayName => Table + "." + Name;

    /// <summary>The key of the index behind the constraint (named as the constraint).</summary>
    public string IndexKey => "index:" + Table.Schema + "." + Name;
}

/// <summary>An index not created by a constraint; <see cref="Definition"/> is pg_get_indexdef.</summary>
/// <param name="ParentIndex">For an index of a partition attached to an index of its parent: that index.</param>
public sealed record DbIndex(
    QualifiedName Table,
    string Name,
    string Definition,
    bool Unique,
    bool Valid,
    ValueList<string> Columns,
    string? Comment,
    DbIndexSettings? Settings = null,
    QualifiedName? ParentIndex = null) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Index;
    public string Key { get; } = "index:" + Table.Schema + "." + Name;
    public string DisplayName => Table.Schema + "." + Name;
}
