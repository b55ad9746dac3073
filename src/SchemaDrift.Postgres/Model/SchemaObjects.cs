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

public sealed record DbDomainConstraint(string Name, string Definition, bool Validated, string? Comment = null);

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
    string? Comment,
    bool Unlogged = false) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Sequence;
    public string Key { get; } = "sequence:" + Name;
    public string DisplayName => Name.ToString();
}

/// <summary>A view or materialized view; <see cref="Definition"/> is pg_get_viewdef.</summary>
/// <param name="ClusterOn">For a materialized view: the index CLUSTER ON marks, if any.</param>
public sealed record DbView(
    QualifiedName Name,
    bool Materialized,
    string Definition,
    ValueList<string> Options,
    ValueList<DbViewColumn> Columns,
    string? Comment,
    string? ClusterOn = null) : ISchemaObject
{
    public ObjectKind Kind => Materialized ? ObjectKind.MaterializedView : ObjectKind.View;
    public string Key { get; } = "view:" + Name;
    public string DisplayName => Name.ToString();
}

/// <summary>
/// A column of a view. A materialized view's columns have the settings of a table's (<see cref="DbColumn"/>):
/// statistics target, storage, compression and attribute options, which pg_dump prints (ALTER TABLE ONLY ...
/// ALTER COLUMN); a plain view's have none.
/// </summary>
public sealed record DbViewColumn(
    string Name,
    string DataType,
    string? Comment,
    int? Statistics = null,
    string? Storage = null,
    string? Compression = null,
    ValueList<string> Options = default,
    string? TypeStorage = null);

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
/// <param name="ClonedFrom">
/// For a partition's clone of its parent's trigger (the server makes it, and it follows the parent's): the table of
/// the trigger it clones. A snapshot lists a clone only when it is enabled otherwise than that trigger.
/// </param>
public sealed record DbTrigger(QualifiedName Table, string Name, string Definition, char Enabled, string? Comment, QualifiedName? ClonedFrom = null) : ISchemaObject
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

/// <summary>One granted privilege (read only with --with-privileges). ObjectKey is the key of the object granted on;
/// a column's privilege (GRANT SELECT (col) ON t) names the column in <see cref="Column"/> and has the column's key.</summary>
public sealed record DbPrivilege(string ObjectKey, ObjectKind ObjectKind, string ObjectSql, string Grantee, string Privilege, bool Grantable, string? Column = null) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Privilege;
    public string Key { get; } = "privilege:" + ObjectKey + ":" + Grantee + ":" + Privilege;
    public string DisplayName => Privilege + (Column is null ? string.Empty : " (" + Column + ")") + " on " + ObjectSql + " to " + Grantee;

    /// <summary>The privilege as GRANT and REVOKE name it: <c>SELECT</c>, or <c>SELECT (col)</c> for a column.</summary>
    public string PrivilegeSql => Column is null ? Privilege : Privilege + " (" + Sql.SqlText.Ident(Column) + ")";
}

/// <summary>
/// Who owns an object (read always, compared only with --with-owners). <see cref="ObjectSql"/> names the object as
/// ALTER ... OWNER TO does, e.g. <c>TABLE shop.orders</c>, <c>FUNCTION shop.f(integer)</c>; <see cref="Role"/> is quoted.
/// </summary>
public sealed record DbOwner(string ObjectKey, ObjectKind ObjectKind, string ObjectSql, string Role) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.Owner;
    public string Key { get; } = "owner:" + ObjectKey;
    public string DisplayName => ObjectSql;
}

public sealed record DbCompositeAttribute(string Name, string DataType, string? Collation, string? Comment);

/// <summary>A composite type (CREATE TYPE ... AS (...)); its attributes in order, which is part of the type.</summary>
public sealed record DbCompositeType(QualifiedName Name, ValueList<DbCompositeAttribute> Attributes, string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.CompositeType;
    public string Key { get; } = "type:" + Name;
    public string DisplayName => Name.ToString();
}

/// <summary>
/// A range type (CREATE TYPE ... AS RANGE), with the parts <c>pg_dump</c> writes: the subtype, the multirange type the
/// server made with it (PostgreSQL 14 on), the subtype's operator class and collation when not its defaults, and the
/// canonical and subtype difference functions. No ALTER changes any of them: a range type that differs is created again.
/// </summary>
/// <param name="Multirange">The multirange type's name, qualified (null before PostgreSQL 14).</param>
/// <param name="SubtypeOpclass">The subtype's B-tree operator class, qualified, when not the subtype's default.</param>
/// <param name="Collation">The collation, qualified, when not the subtype's own.</param>
/// <param name="Canonical">The canonical function, as regproc prints it, or null.</param>
/// <param name="SubtypeDiff">The subtype difference function, as regproc prints it, or null.</param>
public sealed record DbRangeType(
    QualifiedName Name,
    string Subtype,
    QualifiedName? Multirange,
    string? SubtypeOpclass,
    string? Collation,
    string? Canonical,
    string? SubtypeDiff,
    string? Comment) : ISchemaObject
{
    public ObjectKind Kind => ObjectKind.RangeType;
    public string Key { get; } = "type:" + Name;
    public string DisplayName => Name.ToString();

    /// <summary>Whether the two differ in anything but their comments.</summary>
    public bool SameDefinition(DbRangeType other) => this == other with { Comment = Comment };
}

/// <summary>
/// Where a sequence (or an identity column's sequence) stands: the value its next call starts from. Not part of the
/// schema; read so that a script narrowing the sequence's range can move it into the new range (RESTART).
/// </summary>
/// <param name="Key">The sequence's key, or the identity column's.</param>
public sealed record DbSequencePosition(string Key, long Value);

/// <summary>
/// A sequence whose position a comparison needed and its source snapshot did not hold (a read that left positions
/// out, or a sequence the role may not read): what to read to have it.
/// </summary>
/// <param name="Key">The key the position goes under (<see cref="DbSequencePosition.Key"/>).</param>
/// <param name="Relation">The sequence, or the table of the identity column.</param>
/// <param name="Column">The identity column; null for a sequence.</param>
public sealed record SequencePositionRequest(string Key, QualifiedName Relation, string? Column);

/// <summary>An edge of pg_depend between two snapshot objects: <see cref="DependentKey"/> needs <see cref="ReferencedKey"/>.</summary>
public sealed record DbDependency(string DependentKey, string ReferencedKey);

/// <summary>A kind of object present in the database that the snapshot does not compare (e.g. rules, foreign tables).</summary>
public sealed record NotComparedKind(string Kind, int Count, ValueList<string> Examples);
