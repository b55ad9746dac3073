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

        var snapshot = new SchemaSnapshot(
            rows.ServerVersionNum,
            rows.Database,
            Sorted(TypeMapper.Schemas(rows, Keep)),
            Sorted(TypeMapper.Extensions(rows)),
            Sorted(TypeMapper.Collations(rows, Keep)),
            Sorted(TypeMapper.Enums(rows, Keep)),
            Sorted(TypeMapper.Domains(rows, Keep)),
            Sorted(TypeMapper.Sequences(rows, Keep)),
            Sorted(relations.Tables()),
            Sorted(relations.Constraints()),
            Sorted(relations.Indexes()),
            Sorted(relations.Views()),
            Sorted(RoutineMapper.Functions(rows, Keep)),
            Sorted(relations.Triggers()),
            Sorted(relations.Policies()),
            ValueList<DbPrivilege>.Empty,
            ValueList<DbDependency>.Empty,
            rows.NotCompared
                .Select(n => new NotComparedKind(n.Kind, n.Count, n.Examples.ToValueList()))
                .Append(relations.VirtualColumns())
                .OfType<NotComparedKind>()
                .OrderBy(n => n.Kind, StringComparer.Ordinal)
                .ToValueList(),
            filter.IncludePrivileges,
            Sorted(TypeMapper.CompositeTypes(rows, Keep)),
            Casts: rows.Casts.Order(StringComparer.Ordinal).ToValueList(),
            SequencePositions: TypeMapper.Positions(rows, relations).OrderBy(p => p.Key, StringComparer.Ordinal).ToValueList());

        // Every key but the columns': dependencies take the keys of columns (and of what hangs off tables) from the
        // relation mapper, and no privilege or owner row is looked up by a column's key.
        var present = new HashSet<string>(StringComparer.Ordinal);
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
