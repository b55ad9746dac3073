using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Reporting;

/// <summary><c>history</c>: the audit trail as lines of data (stdout, escaped like everything for people) and as JSON (version 1).</summary>
public static partial class HistoryWriter
{
    public static void Write(ToolConsole console, HistoryReport report)
    {
        var (target, newest) = (report.Target, report.Records);
        if (newest.Count == 0)
        {
            console.Info($"{target.Label} ({target.Display}): no audit trail yet (nothing was applied or baselined by dotnet schemadrift).");
            return;
        }

        var multiSchema = newest.Select(r => r.Schema).Distinct(StringComparer.Ordinal).Count() > 1;
        console.Info($"{target.Label} ({target.Display}): {newest.Count} record(s), newest first");
        foreach (var (schema, r) in newest)
        {
            var who = string.Join(", ", new[]
            {
                r.DatabaseUser is null ? null : "db " + r.DatabaseUser,
                r.OsUser is null ? null : "by " + r.OsUser + (r.Host is null ? string.Empty : "@" + r.Host),
                r.CiRunId is null && r.CiCommit is null ? null : "ci " + (r.CiRunId ?? "?") + (r.CiCommit is null ? string.Empty : " commit " + r.CiCommit[..Math.Min(12, r.CiCommit.Length)]),
                r.ToolVersion is null ? null : "tool " + r.ToolVersion,
            }.Where(p => p is not null));
            console.Data(string.Create(CultureInfo.InvariantCulture,
                $"{r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {r.Action.Name(),-8} {r.Outcome.Name(),-9} {(multiSchema ? schema + "/" : string.Empty)}{r.MigrationId}  {(r.Environment ?? "-")}  {(r.Duration is { } d ? $"{d.TotalSeconds:0.00} s" : "-")}  {who}"));
            Detail(console, "checksum sha256:", r.Checksum);
            Detail(console, "backup: ", r.BackupPath is null ? null : $"{r.BackupPath} ({(r.BackupSize is { } size ? DatabaseBackup.Describe(size) : "size unknown")}, sha256:{r.BackupChecksum})");
            Detail(console, "reason: ", r.Reason);
            Detail(console, "error: ", r.Error);
            Detail(console, "post-apply verify: ", r.PostVerify);
            Detail(console, "run: ", r.CiRunUrl);
        }
    }

    public static string Json(HistoryReport report) => JsonSerializer.Serialize(
        new Document(
            version: 1,
            environment: report.Target.Label,
            records: report.Records.Select(x => new Entry(
                schema: x.Schema,
                id: x.Record.Id,
                migrationId: x.Record.MigrationId,
                checksum: x.Record.Checksum,
                environment: x.Record.Environment,
                action: x.Record.Action.Name(),
                outcome: x.Record.Outcome.Name(),
                error: x.Record.Error,
                startedAt: x.Record.StartedAt,
                durationMs: x.Record.Duration is { } d ? (long)Math.Round(d.TotalMilliseconds) : null,
                databaseUser: x.Record.DatabaseUser,
                osUser: x.Record.OsUser,
                host: x.Record.Host,
                toolVersion: x.Record.ToolVersion,
                ciCommit: x.Record.CiCommit,
                ciRunId: x.Record.CiRunId,
                ciRunUrl: x.Record.CiRunUrl,
                reason: x.Record.Reason,
                postVerify: x.Record.PostVerify,
                backupPath: x.Record.BackupPath,
                backupSize: x.Record.BackupSize,
                backupChecksum: x.Record.BackupChecksum))),
        HistoryJsonContext.Default.Document);

    private static void Detail(ToolConsole console, string what, string? value)
    {
        if (value is not null)
        {
            console.Data("    " + what + value);
        }
    }

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(int version, string environment, IEnumerable<Entry> records);

    private sealed record Entry(
        string schema,
        long? id,
        string migrationId,
        string? checksum,
        string? environment,
        string action,
        string outcome,
        string? error,
        DateTimeOffset startedAt,
        long? durationMs,
        string? databaseUser,
        string? osUser,
        string? host,
        string? toolVersion,
        string? ciCommit,
        string? ciRunId,
        string? ciRunUrl,
        string? reason,
        string? postVerify,
        string? backupPath,
        long? backupSize,
        string? backupChecksum);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class HistoryJsonContext : JsonSerializerContext;
}
