using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchemaDrift.Tool.Notifications;

/// <summary>When each alert was last sent to each channel: what quiet periods are judged by.</summary>
public interface IAlertState
{
    /// <summary>When the alert <paramref name="key"/> (channel and fingerprint) was last sent, if ever.</summary>
    DateTimeOffset? LastSent(string key);

    void Sent(string key, DateTimeOffset at);

    /// <summary>Keeps what was recorded (a failure to save is returned as a warning, never thrown).</summary>
    Task<string?> SaveAsync(CancellationToken ct);
}

/// <summary>
/// The state in a JSON file (<c>"notifyState"</c> in schemadrift.json, default <c>.schemadrift/notify-state.json</c>
/// beside it): <c>{ "version": 1, "sent": { "&lt;key&gt;": "&lt;UTC time&gt;" } }</c>. Keys are hashes: the file holds no
/// URL, token or environment name. Entries older than 90 days are dropped when it is saved. A pipeline keeps it
/// between runs as a cache.
/// </summary>
public sealed class FileAlertState : IAlertState
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(90);
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
    private readonly string path;
    private readonly Dictionary<string, DateTimeOffset> sent;
    private bool changed;

    private FileAlertState(string path, Dictionary<string, DateTimeOffset> sent)
    {
        this.path = path;
        this.sent = sent;
    }

    /// <summary>Reads <paramref name="path"/>; a missing or damaged file is an empty state (alerts are sent rather than lost).</summary>
    public static FileAlertState Load(string path)
    {
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                if (document.RootElement.TryGetProperty("sent", out var entries) && entries.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in entries.EnumerateObject())
                    {
                        if (entry.Value.ValueKind == JsonValueKind.String
                            && DateTimeOffset.TryParse(entry.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                        {
                            sent[entry.Name] = at;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            sent.Clear();
        }

        return new FileAlertState(path, sent);
    }

    public DateTimeOffset? LastSent(string key) => sent.TryGetValue(key, out var at) ? at : null;

    public void Sent(string key, DateTimeOffset at)
    {
        sent[key] = at;
        changed = true;
    }

    public async Task<string?> SaveAsync(CancellationToken ct)
    {
        if (!changed)
        {
            return null;
        }

        var newest = sent.Values.Max();
        var document = new JsonObject
        {
            ["version"] = 1,
            ["sent"] = new JsonObject(sent.Where(e => newest - e.Value <= Keep).OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)))),
        };
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, document.ToJsonString(Options), ct).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
            changed = false;
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the alert state could not be saved to {path} ({ex.GetType().Name}): the next run may send the same alerts again within their quiet period.";
        }
    }
}
