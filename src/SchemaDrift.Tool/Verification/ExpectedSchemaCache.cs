using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Expected schemas already computed, on disk (by default under the project's <c>obj/schemadrift/</c>). The schema
/// that a sequence of migrations produces never changes, so it is keyed by what determines it: the tool's version,
/// the PostgreSQL major version, the catalog filter, and the ids and checksums of the migrations replayed (or the
/// hash of the model's create script). A damaged entry is a miss, never an error.
/// </summary>
public sealed class ExpectedSchemaCache(string directory)
{
    private const string Format = "schemadrift-expected-schema v4";
    private const int Kept = 32;

    public string Directory { get; } = directory;

    /// <summary>The default location for a project: <c>obj/schemadrift</c> beside the project file.</summary>
    public static ExpectedSchemaCache ForProject(string projectDirectory) => new(Path.Combine(projectDirectory, "obj", "schemadrift"));

    /// <summary>The key of the schema that <paramref name="parts"/> (ids and checksums, or a script's hash) produce.</summary>
    public static string KeyFor(string purpose, int majorVersion, CatalogFilter filter, IEnumerable<string> parts)
    {
        var text = new StringBuilder(Format).Append('\n').Append(ToolInfo.Version).Append('\n').Append(purpose).Append('\n').Append(majorVersion).Append('\n');
        text.Append(string.Join(",", filter.IncludeSchemas ?? [])).Append('\n')
            .Append(string.Join(",", filter.ExcludeSchemas ?? [])).Append('\n')
            .Append(string.Join(",", filter.ExcludePatterns ?? [])).Append('\n')
            .Append(filter.IncludePrivileges).Append('\n');
        foreach (var part in parts)
        {
            text.Append(part).Append('\n');
        }

        return purpose + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public SchemaSnapshot? TryLoad(string key)
    {
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var snapshot = SnapshotJson.Deserialize(File.ReadAllText(path));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return snapshot;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            TryDelete(path);
            return null;
        }
    }

    /// <summary>Stores a snapshot (atomically: written beside, then moved) and keeps the most recent entries only.</summary>
    public bool TrySave(string key, SchemaSnapshot snapshot)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = PathOf(key);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, SnapshotJson.Serialize(snapshot));
            File.Move(temporary, path, overwrite: true);
            foreach (var old in new DirectoryInfo(Directory).GetFiles("*.json").OrderByDescending(f => f.LastWriteTimeUtc).Skip(Kept))
            {
                TryDelete(old.FullName);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".json");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache entry that cannot be deleted is only a wasted file.
        }
    }
}
