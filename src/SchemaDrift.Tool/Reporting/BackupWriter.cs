using System.Text.Json;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Reporting;

/// <summary><c>backup</c> on stdout: the dump's path, or with <c>--json</c> the whole result (version 1).</summary>
public static class BackupWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(ToolConsole console, BackupReport report, bool json)
    {
        var (target, result) = (report.Target, report.Result);
        if (!json)
        {
            console.Data(result.Path);
            return;
        }

        await console.Out.WriteLineAsync(JsonSerializer.Serialize(
            new
            {
                version = 1,
                environment = target.Environment,
                database = target.Display,
                path = result.Path,
                sizeBytes = result.Size,
                sha256 = result.Sha256,
                mode = BackupSettings.ModeName(result.Mode),
                startedAt = result.StartedAt,
                durationMs = (long)Math.Round(result.Duration.TotalMilliseconds),
                entries = result.Entries,
                serverVersion = result.Server.ToString(),
                pgDump = new { directory = result.Tools.Directory, version = result.Tools.Version },
                audit = report.Records.Select(a => new { schema = a.Schema, recorded = a.Warning is null, warning = a.Warning }),
            },
            Indented)).ConfigureAwait(false);
    }
}
