using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SchemaDrift.DesignHost;

/// <summary>
/// Each migration's designer changes (what EF's differ changes between the previous migration's target model and
/// its own) depend only on the code of those two designer files and on the EF Core, provider and host that diff
/// them, so they are kept across builds in the folder the tool names (<see cref="HostProtocol.CacheDirectory"/>),
/// one file per context, keyed by those (<see cref="CodeFingerprint"/>). A build that adds a migration diffs that one
/// alone. An unreadable file, or one of another format, is empty; each run writes back the entries it used.
/// </summary>
internal sealed class DesignerCache
{
    private const string Format = "schemadrift-designer-changes v1";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly string path;
    private readonly string versions;
    private readonly Dictionary<string, List<ObjectTarget>> stored;
    private readonly Dictionary<string, List<ObjectTarget>> used = new(StringComparer.Ordinal);

    private DesignerCache(string path, string versions, Dictionary<string, List<ObjectTarget>> stored)
    {
        this.path = path;
        this.versions = versions;
        this.stored = stored;
    }

    /// <summary>The cache of <paramref name="contextType"/> in <paramref name="directory"/>; <paramref name="versions"/>
    /// names the EF Core, provider and host that compute the changes.</summary>
    public static DesignerCache Open(string directory, string contextType, string versions)
    {
        var file = Path.Combine(directory, $"designer-{Hash(contextType)[..16]}.json");
        return new DesignerCache(file, versions, Read(file));
    }

    /// <summary>The key of a migration's designer changes, from the fingerprints of the previous designer file's code
    /// (or "none") and its own.</summary>
    public string Key(string previous, string current) => Hash($"{Format}\n{versions}\n{previous}\n{current}");

    public IReadOnlyList<ObjectTarget>? Find(string key)
    {
        if (!stored.TryGetValue(key, out var changes))
        {
            return null;
        }

        used[key] = changes;
        return changes;
    }

    public void Add(string key, IEnumerable<ObjectTarget> changes) => used[key] = [.. changes];

    /// <summary>Writes the entries this run used (written beside, then moved); a cache that cannot be written is skipped.</summary>
    public void Save()
    {
        var temporary = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(Format, used), JsonOptions));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Only a wasted file.
            }
        }
    }

    private static Dictionary<string, List<ObjectTarget>> Read(string file)
    {
        try
        {
            if (File.Exists(file)
                && JsonSerializer.Deserialize<Stored>(File.ReadAllBytes(file), JsonOptions) is { Format: Format, Entries: { } entries }
                && entries.Values.All(e => e is not null && e.All(t => t is not null && t.Kind is not null && t.Name is not null && t.Action is not null)))
            {
                return new Dictionary<string, List<ObjectTarget>>(entries, StringComparer.Ordinal);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            // A damaged cache is an empty one.
        }

        return new Dictionary<string, List<ObjectTarget>>(StringComparer.Ordinal);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record Stored(string Format, Dictionary<string, List<ObjectTarget>> Entries);
}
