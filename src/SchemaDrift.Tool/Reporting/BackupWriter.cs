using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Reporting;

/// <summary><c>backup</c> on stdout: the dump's path, or with <c>--json</c> the whole result (version 1).</summary>
public static partial class BackupWriter
{
    public static async Task WriteAsync(ToolConsole console, BackupReport report, bool json)
    {
        var (target, result) = (report.Target, report.Result);
        if (!json)
        {
            console.Data(result.Path);
            return;
        }

        await console.Out.WriteLineAsync(JsonSerializer.Serialize(
            new Document(
                version: 1,
                environment: target.Environment,
                database: target.Display,
                path: result.Path,
                sizeBytes: result.Size,
                sha256: result.Sha256,
                mode: BackupSettings.ModeName(result.Mode),
                startedAt: result.StartedAt,
                durationMs: (long)Math.Round(result.Duration.TotalMilliseconds),
                entries: result.Entries,
                serverVersion: result.Server.ToString(),
                pgDump: new PgDump(directory: result.Tools.Directory, version: result.Tools.Version),
                audit: report.Records.Select(a => new Audit(schema: a.Schema, recorded: a.Warning is null, warning: a.Warning))),
            BackupJsonContext.Default.Document)).ConfigureAwait(false);
    }

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(
        int version,
        string? environment,
        string database,
        string path,
        long sizeBytes,
        string sha256,
        string mode,
        DateTimeOffset startedAt,
        long durationMs,
        int entries,
        string serverVersion,
        PgDump pgDump,
        IEnumerable<Audit> audit);

    private sealed record PgDump(string directory, string version);

    private sealed record Audit(string schema, bool recorded, string? warning);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class BackupJsonContext : JsonSerializerContext;
}
