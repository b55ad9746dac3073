using System.Runtime.InteropServices;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// One instance per distinct text for the texts that repeat across many catalog rows and snapshot objects (names,
/// types, defaults, definitions, keys): a snapshot holds each once instead of once per row. One pool may be shared
/// by reads that run at the same time (a diff reads two databases whose texts are nearly all equal, so the second
/// snapshot mostly reuses the first one's strings). Thread-safe with a short lock per text: a plain dictionary keeps
/// its entries in one array, where a concurrent one allocates an object per entry for the collector to trace. Lives
/// only as long as its reads and snapshots (string.Intern would take a process-wide lock and keep every string for
/// the life of the process).
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The pooled instance equal to <paramref name="value"/> (added when it is the first).</summary>
    public string Get(string value)
    {
        lock (gate)
        {
            ref var pooled = ref CollectionsMarshal.GetValueRefOrAddDefault(strings, value, out _);
            return pooled ??= value;
        }
    }

    internal string? GetOrNull(string? value) => value is null ? null : Get(value);
}
