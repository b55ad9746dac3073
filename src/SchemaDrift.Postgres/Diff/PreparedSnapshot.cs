using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// A snapshot with the lookups a comparison makes of it (its objects by relation and by key, its dependencies both
/// ways) already made. Preparing each snapshot as soon as it is read, while the other database is still being read,
/// takes that work out of the comparison that has to wait for both. A prepared snapshot is never changed again: any
/// number of comparisons may use it, at the same time too.
/// </summary>
public sealed class PreparedSnapshot
{
    private PreparedSnapshot(SchemaSnapshot snapshot) => Indexes = new SnapshotIndexes(snapshot).Complete();

    public SchemaSnapshot Snapshot => Indexes.Snapshot;

    internal SnapshotIndexes Indexes { get; }

    public static PreparedSnapshot Prepare(SchemaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PreparedSnapshot(snapshot);
    }
}
