namespace SchemaDrift.Postgres.Diff;

/// <summary>Options of a comparison; the comparison is a pure function of two snapshots and these.</summary>
/// <param name="ComparePrivileges">Compare grants (both snapshots must have been read with privileges).</param>
/// <param name="ConcurrentIndexes">Generate CREATE/DROP INDEX CONCURRENTLY (non-transactional) instead of blocking builds.</param>
/// <param name="CompareOwners">Compare owners (ALTER ... OWNER TO); without it, owners that differ are listed as not compared.</param>
public sealed record DiffOptions(bool ComparePrivileges = false, bool ConcurrentIndexes = false, bool CompareOwners = false)
{
    public static DiffOptions Default { get; } = new();
}
