using System.Runtime.InteropServices;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Turns the catalog rows into the immutable snapshot: the mappers build each family, name patterns leave objects
/// out, every list is sorted by key (so two reads of one database are equal), and dependencies are kept only
/// between objects of the snapshot.
/// </summary>
internal static class SnapshotBuilder
{
    public static SchemaSnapshot Build(CatalogRows rows, CatalogFilter filter)
    {
        var excluded = filter.CompilePatterns();
        bool Keep(string name) => !excluded(name);
        var relations = new RelationMapper(rows, Keep, filter.ExcludePatterns is { Count: > 0 });

        // Two halves that share nothing they change (see RelationMapper), built at the same time: the tables, views
        // and types; what hangs off tables, and the functions. The last database a diff reads is built while the
        // other core has nothing left to do.
        ValueList<DbTable> tables = default;
        ValueList<DbView> views = default;
        ValueList<DbSchema> schemas = default;
        ValueList<DbExtension> extensions = default;
        ValueList<DbCollation> collations = default;
        ValueList<DbEnum> enums = default;
        ValueList<DbDomain> domains = default;
        ValueList<DbSequence> sequences = default;
        ValueList<DbCompositeType> compositeTypes = default;
        ValueList<DbRangeType> rangeTypes = default;
        ValueList<DbConstraint> constraints = default;
        ValueList<DbIndex> indexes = default;
        ValueList<DbFunction> functions = default;
        ValueList<DbTrigger> triggers = default;
        ValueList<DbPolicy> policies = default;
        TwoAtOnce.Run(
            () =>
            {
                tables = Sorted(relations.Tables());
                views = Sorted(relations.Views());
                schemas = Sorted(TypeMapper.Schemas(rows, Keep));
                extensions = Sorted(TypeMapper.Extensions(rows));
                collations = Sorted(TypeMapper.Collations(rows, Keep));
                enums = Sorted(TypeMapper.Enums(rows, Keep));
                domains = Sorted(TypeMapper.Domains(rows, Keep));
                sequences = Sorted(TypeMapper.Sequences(rows, Keep));
                compositeTypes = Sorted(TypeMapper.CompositeTypes(rows, Keep));
                rangeTypes = Sorted(TypeMapper.RangeTypes(rows, Keep));
            },
            () =>
            {
                constraints = Sorted(relations.Constraints());
                indexes = Sorted(relations.Indexes());
                functions = Sorted(RoutineMapper.Functions(rows, Keep));
                triggers = Sorted(relations.Triggers());
                policies = Sorted(relations.Policies());
            });

        var snapshot = new SchemaSnapshot(
            rows.ServerVersionNum,
            rows.Database,
            schemas,
            extensions,
            collations,
            enums,
            domains,
            sequences,
            tables,
            constraints,
            indexes,
            views,
            functions,
            triggers,
            policies,
            ValueList<DbPrivilege>.Empty,
            ValueList<DbDependency>.Empty,
            rows.NotCompared
                .Select(n => new NotComparedKind(n.Kind, n.Count, n.Examples.ToValueList()))
                .Append(relations.VirtualColumns())
                .OfType<NotComparedKind>()
                .OrderBy(n => n.Kind, StringComparer.Ordinal)
                .ToValueList(),
            filter.IncludePrivileges,
            compositeTypes,
            Casts: rows.Casts.Order(StringComparer.Ordinal).ToValueList(),
            SequencePositions: TypeMapper.Positions(rows, relations).OrderBy(p => p.Key, StringComparer.Ordinal).ToValueList(),
            RangeTypes: rangeTypes);

        // Every key but the columns': dependencies take the keys of columns (and of what hangs off tables) from the
        // relation mapper, and no privilege or owner row is looked up by a column's key.
        var present = new HashSet<string>(
            snapshot.Tables.Count + snapshot.Constraints.Count + snapshot.Indexes.Count + snapshot.Views.Count + snapshot.Triggers.Count
            + snapshot.Policies.Count + snapshot.Functions.Count + snapshot.Sequences.Count + snapshot.Enums.Count + snapshot.Domains.Count
            + snapshot.CompositeTypes.Count + snapshot.RangeTypes.Count + snapshot.Schemas.Count + snapshot.Extensions.Count + snapshot.Collations.Count,
            StringComparer.Ordinal);
        foreach (var item in snapshot.AllObjects(withColumns: false))
        {
            present.Add(item.Key);
        }

        var keys = new ObjectKeys(rows, relations);
        return snapshot with
        {
            Privileges = Sorted(RoutineMapper.Privileges(rows, present)),
            Owners = Sorted(RoutineMapper.Owners(rows, present)),
            Dependencies = keys.Dependencies(rows.Dependencies, present),
        };
    }

    private static ValueList<T> Sorted<T>(IEnumerable<T> items)
        where T : ISchemaObject
    {
        var array = items.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new ValueList<T>(ImmutableCollectionsMarshal.AsImmutableArray(array));
    }
}
