namespace SchemaDrift.Postgres.Diff;

/// <summary>Options of a comparison; the comparison is a pure function of two snapshots and these.</summary>
/// <param name="ComparePrivileges">Compare grants (both snapshots must have been read with privileges).</param>
/// <param name="ConcurrentIndexes">Generate CREATE/DROP INDEX CONCURRENTLY (non-transactional) instead of blocking builds.</param>
public sealed record DiffOptions(bool ComparePrivileges = false, bool ConcurrentIndexes = false)
{
    public static DiffOptions Default { get; } = new();
}
