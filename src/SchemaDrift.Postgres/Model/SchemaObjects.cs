namespace SchemaDrift.Postgres.Model;

// Immutable records; value equality is the "modified" test of the diff. Each Key is computed once from the
// identity members (schema-qualified names), which are never changed with `with` expressions. Definitions are the text the server
// prints (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_functiondef,
// pg_get_triggerdef), so cosmetic differences PostgreSQL normalises never show up as changes.

public sealed record DbSchema(string Name, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Schema;
    public string Key { get; } = "schema:" + Name;
    public string DisplayName => Name;
}

public sealed record DbExtension(string Name, string Schema, string Version, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Extension;
    public string Key { get; } = "extension:" + Name;
    public string DisplayName => Name;
}

/// <summary>A collation (pg_collation); <see cref="Locale"/> is the ICU locale or null for libc.</summary>
public sealed record DbCollation(
    QualifiedName Name, string Provider, string? LcCollate, string? LcCtype, string? Locale, bool Deterministic, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Collation;
    public string Key { get; } = "collation:" + Name;
    public string DisplayName => Name.ToString();
}

public sealed record DbEnum(QualifiedName Name, ValueList<string> Labels, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Enum;
    public string Key { get; } = "type:" + Name;
    public string DisplayName => Name.ToString();
}

public sealed record DbDomainConstraint(string Name, string Definition, bool Validated);

public sealed record DbDomain(
    QualifiedName Name,
    string DataType,
    string? Default,
    bool NotNull,
    string? Collation,
    ValueList<DbDomainConstraint> Constraints,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Domain;
    public string Key { get; } = "type:" + Name;
    public string DisplayName => Name.ToString();
}

/// <summary>A free-standing sequence. Identity sequences are part of their column, not listed here.</summary>
public sealed record DbSequence(
    QualifiedName Name,
    string DataType,
    long Start,
    long Increment,
    long MinValue,
    long MaxValue,
    long Cache,
    bool Cycle,
    string? OwnedBy,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Sequence;
    public string Key { get; } = "sequence:" + Name;
    public string DisplayName => Name.ToString();
}

public enum TableKind
{
    Regular,
    Partitioned,
}

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
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Table;
    public string Key { get; } = "table:" + Name;
    public string DisplayName => Name.ToString();

    public DbColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
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
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Column;
    public string Key { get; } = "column:" + Table + "." + Name;
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

/// <summary>A table constraint; <see cref="Definition"/> is pg_get_constraintdef (includes NOT VALID, DEFERRABLE).</summary>
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
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Constraint;
    public string Key { get; } = "constraint:" + Table + "." + Name;
    public string DisplayName => Table + "." + Name;
}

/// <summary>An index not created by a constraint; <see cref="Definition"/> is pg_get_indexdef.</summary>
public sealed record DbIndex(
    QualifiedName Table,
    string Name,
    string Definition,
    bool Unique,
    bool Valid,
    ValueList<string> Columns,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Index;
    public string Key { get; } = "index:" + Table.Schema + "." + Name;
    public string DisplayName => Table.Schema + "." + Name;
}

/// <summary>A view or materialized view; <see cref="Definition"/> is pg_get_viewdef.</summary>
public sealed record DbView(
    QualifiedName Name,
    bool Materialized,
    string Definition,
    ValueList<string> Options,
    ValueList<DbViewColumn> Columns,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => Materialized ? ObjectKind.MaterializedView : ObjectKind.View;
    public string Key { get; } = "view:" + Name;
    public string DisplayName => Name.ToString();
}

public sealed record DbViewColumn(string Name, string DataType, string? Comment);

public enum RoutineKind
{
    Function,
    Procedure,
    Aggregate,
    Window,
}

/// <summary>A function or procedure; identity is the name plus identity arguments (overloads are distinct).</summary>
public sealed record DbFunction(
    QualifiedName Name,
    string IdentityArguments,
    RoutineKind RoutineKind,
    string Definition,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => RoutineKind switch
    {
        RoutineKind.Procedure => ObjectKind.Procedure,
        RoutineKind.Aggregate => ObjectKind.Aggregate,
        _ => ObjectKind.Function,
    };

    public string Key { get; } = "function:" + Name + "(" + IdentityArguments + ")";
    public string DisplayName => Name + "(" + IdentityArguments + ")";

    /// <summary>The signature as SQL, e.g. <c>shop.f(integer, text)</c>.</summary>
    public string SignatureSql => Name.Sql + "(" + IdentityArguments + ")";
}

/// <summary>A user trigger; <see cref="Enabled"/> is pg_trigger.tgenabled: O (origin), D (disabled), R (replica), A (always).</summary>
public sealed record DbTrigger(QualifiedName Table, string Name, string Definition, char Enabled, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Trigger;
    public string Key { get; } = "trigger:" + Table + "." + Name;
    public string DisplayName => Table + "." + Name;
}

public sealed record DbPolicy(
    QualifiedName Table,
    string Name,
    string Command,
    bool Permissive,
    ValueList<string> Roles,
    string? Using,
    string? WithCheck,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Policy;
    public string Key { get; } = "policy:" + Table + "." + Name;
    public string DisplayName => Table + "." + Name;
}

/// <summary>One granted privilege (read only with --with-privileges). ObjectKey is the key of the object granted on.</summary>
public sealed record DbPrivilege(string ObjectKey, ObjectKind ObjectKind, string ObjectSql, string Grantee, string Privilege, bool Grantable) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Privilege;
    public string Key { get; } = "privilege:" + ObjectKey + ":" + Grantee + ":" + Privilege;
    public string DisplayName => Privilege + " on " + ObjectSql + " to " + Grantee;
}

/// <summary>An edge of pg_depend between two snapshot objects: <see cref="DependentKey"/> needs <see cref="ReferencedKey"/>.</summary>
public sealed record DbDependency(string DependentKey, string ReferencedKey);

/// <summary>A kind of object present in the database that the snapshot does not compare (e.g. rules, foreign tables).</summary>
public sealed record NotComparedKind(string Kind, int Count, ValueList<string> Examples);
