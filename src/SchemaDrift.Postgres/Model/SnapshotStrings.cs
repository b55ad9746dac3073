namespace SchemaDrift.Postgres.Model;

/// <summary>
/// The string pool the snapshot being built on this thread takes its objects' keys from (the keys are computed by
/// the records themselves, from their names): two snapshots built with one pool share their equal keys. Outside a
/// build, keys are plain strings.
/// </summary>
internal static class SnapshotStrings
{
    [ThreadStatic]
    private static StringPool? current;

    public static string Key(string key) => current is { } pool ? pool.Get(key) : key;

    /// <summary>Makes <paramref name="pool"/> the pool of this thread's builds until the result is disposed.</summary>
    public static Scope Use(StringPool pool)
    {
        var previous = current;
        current = pool;
        return new Scope(previous);
    }

    public readonly struct Scope(StringPool? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
