using System.Runtime.InteropServices;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// One instance per distinct text for the texts of catalog rows that repeat across many rows (names, types,
/// defaults, the server's definitions): a snapshot holds each once instead of once per row. Objects' keys and the
/// definitions the reader prints itself are not pooled: each is unique within a snapshot, and looking them up cost
/// more time and memory (the pool's own entries) than sharing them between two snapshots saved. One pool may be shared
/// by reads that run at the same time (a diff reads two databases whose texts are nearly all equal, so the second
/// snapshot mostly reuses the first one's strings). Thread-safe: the texts are spread over stripes, each a plain
/// dictionary under a short lock of its own, so two reads seldom wait for each other (a concurrent dictionary
/// allocates an object per entry for the collector to trace; one lock for all made the two reads of a diff queue
/// for it). Lives only as long as its reads and snapshots (string.Intern would take a process-wide lock and keep
/// every string for the life of the process).
/// </summary>
public sealed class StringPool
{
    private const int StripeCount = 16;

    private readonly Stripe[] stripes = CreateStripes();

    /// <summary>The pooled instance equal to <paramref name="value"/> (added when it is the first).</summary>
    public string Get(string value)
    {
        var stripe = stripes[StripeOf(value)];
        lock (stripe.Gate)
        {
            ref var pooled = ref CollectionsMarshal.GetValueRefOrAddDefault(stripe.Strings, value, out _);
            return pooled ??= value;
        }
    }

    /// <summary>
    /// The pooled instance equal to the characters <paramref name="value"/>: a string is made only for the first
    /// (the reader's repeated texts cost no garbage).
    /// </summary>
    internal string Get(ReadOnlySpan<char> value)
    {
        var stripe = stripes[StripeOf(value)];
        lock (stripe.Gate)
        {
            if (!stripe.Lookup.TryGetValue(value, out var pooled))
            {
                pooled = value.ToString();
                stripe.Strings[pooled] = pooled;
            }

            return pooled;
        }
    }

    internal string? GetOrNull(string? value) => value is null ? null : Get(value);

    /// <summary>
    /// A cheap spread of the texts (length and last characters: names and keys that share a prefix differ there), not
    /// a hash the dictionaries rely on.
    /// </summary>
    private static int StripeOf(ReadOnlySpan<char> value) => value.Length == 0
        ? 0
        : (value.Length + value[^1] + (value.Length > 1 ? value[^2] * 7 : 0)) & (StripeCount - 1);

    private static Stripe[] CreateStripes()
    {
        var stripes = new Stripe[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Stripe();
        }

        return stripes;
    }

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Stripe() => Lookup = Strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public Dictionary<string, string> Strings { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }
}
