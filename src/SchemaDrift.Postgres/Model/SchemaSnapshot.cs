namespace SchemaDrift.Postgres.Model;

/// <summary>Everything the engine knows about one database's schema at one moment; immutable.</summary>
/// <param name="Owners">The owner of every object that has one of its own (read always; compared with --with-owners).</param>
/// <param name="Casts">The casts the server knows between the types of the snapshot's columns and others, as
/// <c>source→target</c> in format_type text (built-in and user-defined; I/O conversions through text are implied).</param>
/// <param name="SequencePositions">Where sequences stand (data, not schema: never compared).</param>
public sealed record SchemaSnapshot(
    int ServerVersionNum,
    string Database,
    ValueList<DbSchema> Schemas,
    ValueList<DbExtension> Extensions,
    ValueList<DbCollation> Collations,
    ValueList<DbEnum> Enums,
    ValueList<DbDomain> Domains,
    ValueList<DbSequence> Sequences,
    ValueList<DbTable> Tables,
    ValueList<DbConstraint> Constraints,
    ValueList<DbIndex> Indexes,
    ValueList<DbView> Views,
    ValueList<DbFunction> Functions,
    ValueList<DbTrigger> Triggers,
    ValueList<DbPolicy> Policies,
    ValueList<DbPrivilege> Privileges,
    ValueList<DbDependency> Dependencies,
    ValueList<NotComparedKind> NotCompared,
    bool PrivilegesRead,
    ValueList<DbCompositeType> CompositeTypes = default,
    ValueList<DbOwner> Owners = default,
    ValueList<string> Casts = default,
    ValueList<DbSequencePosition> SequencePositions = default,
    ValueList<DbRangeType> RangeTypes = default)
{
    public static SchemaSnapshot Empty(int serverVersionNum = 150000, string database = "") => new(
        serverVersionNum,
        database,
        ValueList<DbSchema>.Empty,
        ValueList<DbExtension>.Empty,
        ValueList<DbCollation>.Empty,
        ValueList<DbEnum>.Empty,
        ValueList<DbDomain>.Empty,
        ValueList<DbSequence>.Empty,
        ValueList<DbTable>.Empty,
        ValueList<DbConstraint>.Empty,
        ValueList<DbIndex>.Empty,
        ValueList<DbView>.Empty,
        ValueList<DbFunction>.Empty,
        ValueList<DbTrigger>.Empty,
        ValueList<DbPolicy>.Empty,
        ValueList<DbPrivilege>.Empty,
        ValueList<DbDependency>.Empty,
        ValueList<NotComparedKind>.Empty,
        false);

    public int ServerMajorVersion => ServerVersionNum / 10000;

    /// <summary>Every object of the snapshot, columns included.</summary>
    public IEnumerable<ISchemaObject> AllObjects() => AllObjects(withColumns: true);

    /// <summary>Every object, the tables' columns included or not.</summary>
    public IEnumerable<ISchemaObject> AllObjects(bool withColumns) =>
        Schemas.Cast<ISchemaObject>()
            .Concat(Extensions.Cast<ISchemaObject>())
            .Concat(Collations.Cast<ISchemaObject>())
            .Concat(Enums.Cast<ISchemaObject>())
            .Concat(Domains.Cast<ISchemaObject>())
            .Concat(CompositeTypes.Cast<ISchemaObject>())
            .Concat(RangeTypes.Cast<ISchemaObject>())
            .Concat(Sequences.Cast<ISchemaObject>())
            .Concat(Tables.Cast<ISchemaObject>())
            .Concat(withColumns ? Tables.SelectMany(t => t.Columns).Cast<ISchemaObject>() : [])
            .Concat(Constraints.Cast<ISchemaObject>())
            .Concat(Indexes.Cast<ISchemaObject>())
            .Concat(Views.Cast<ISchemaObject>())
            .Concat(Functions.Cast<ISchemaObject>())
            .Concat(Triggers.Cast<ISchemaObject>())
            .Concat(Policies.Cast<ISchemaObject>())
            .Concat(Privileges.Cast<ISchemaObject>());
}
