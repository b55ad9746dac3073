using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// What the design-time host and MSBuild answered, kept under the project's <c>obj/schemadrift/host/</c> beside the
/// expected schemas, so that a run on an unchanged build starts neither. An answer is keyed by everything it depends on
/// (<see cref="AnswerKey"/>); project facts by the project and its settings, and kept only while the files MSBuild
/// reads them from are unchanged (<see cref="FactsFingerprint"/>). Each entry is one JSON file with the format's
/// version and its full key; an entry that cannot be read, of another format or of another key is a miss (and is
/// removed), never an error. Writes are atomic (written beside, then moved); the most recent entries are kept.
/// </summary>
public sealed class HostCache(string directory)
{
    public const string Format = "schemadrift-host-cache v1";
    private const int KeptAnswers = 8;
    private const int KeptFacts = 8;

    // SQL is full of quotes and angle brackets; the entries are read by the tool only, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Directory { get; } = directory;

    /// <summary>The cache of the project in <paramref name="projectFile"/>: <c>obj/schemadrift/host</c> beside it.</summary>
    public static HostCache ForProject(string projectFile) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, "obj", "schemadrift", "host"));

    /// <summary>The file of an entry; <paramref name="key"/> is a SHA-256 in hex.</summary>
    public string PathOf(string kind, string key) => Path.Combine(Directory, $"{kind}-{key[..32]}.json");

    /// <summary>The host's stored answer (its <c>result</c>) under <paramref name="key"/>, or null.</summary>
    public JsonElement? TryLoadAnswer(string request, string key) =>
        TryLoad(AnswerKind(request), key) is { } payload ? payload.GetProperty("result").Clone() : null;

    public bool TrySaveAnswer(string request, string key, JsonElement result) =>
        TrySave(AnswerKind(request), key, KeptAnswers, writer =>
        {
            writer.WritePropertyName("result");
            result.WriteTo(writer);
        });

    /// <summary>The facts of the startup project and of the project, when the files they were read from are unchanged.</summary>
    public (ProjectFacts Startup, ProjectFacts Project)? TryLoadFacts(string key, string fingerprint)
    {
        if (TryLoad("facts", key) is not { } payload || payload.GetProperty("fingerprint").GetString() != fingerprint)
        {
            return null;
        }

        try
        {
            var startup = payload.GetProperty("startup").Deserialize(HostJsonContext.Default.ProjectFacts);
            var project = payload.GetProperty("project").Deserialize(HostJsonContext.Default.ProjectFacts);
            return startup is null || project is null ? null : (startup, project);
        }
        catch (JsonException)
        {
            TryDelete(PathOf("facts", key));
            return null;
        }
    }

    public bool TrySaveFacts(string key, string fingerprint, ProjectFacts startup, ProjectFacts project) =>
        TrySave("facts", key, KeptFacts, writer =>
        {
            writer.WriteString("fingerprint", fingerprint);
            writer.WritePropertyName("startup");
            JsonSerializer.Serialize(writer, startup, HostJsonContext.Default.ProjectFacts);
            writer.WritePropertyName("project");
            JsonSerializer.Serialize(writer, project, HostJsonContext.Default.ProjectFacts);
        });

    /// <summary>SHA-256 in hex of the lines of a key.</summary>
    public static string Hash(IEnumerable<string> lines)
    {
        var text = new StringBuilder(Format).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string AnswerKind(string request) => "answer-" + request;

    private JsonElement? TryLoad(string kind, string key)
    {
        var path = PathOf(kind, key);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format
                || !root.TryGetProperty("key", out var stored) || stored.ValueKind != JsonValueKind.String || stored.GetString() != key
                || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                TryDelete(path);
                return null;
            }

            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return payload.Clone();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            TryDelete(path);
            return null;
        }
    }

    private bool TrySave(string kind, string key, int kept, Action<Utf8JsonWriter> writePayload)
    {
        var path = PathOf(kind, key);
        var temporary = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = File.Create(temporary))
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("format", Format);
                writer.WriteString("tool", ToolInfo.Version);
                writer.WriteString("key", key);
                writer.WriteStartObject("payload");
                writePayload(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            File.Move(temporary, path, overwrite: true);
            foreach (var old in new DirectoryInfo(Directory).GetFiles(kind + "-*.json").OrderByDescending(f => f.LastWriteTimeUtc).Skip(kept))
            {
                TryDelete(old.FullName);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An entry that cannot be deleted is only a wasted file: it is a miss either way.
        }
    }
}
