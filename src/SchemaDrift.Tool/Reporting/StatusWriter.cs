using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Reporting;

/// <summary><c>status</c> for people (stderr) and as JSON (version 1).</summary>
public static partial class StatusWriter
{
    public static void Write(ToolConsole console, StatusReport report)
    {
        var migrations = report.Migrations;
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{migrations.Context.Name}: {migrations.Migrations.Count} migration(s) in the code, the latest {(migrations.Migrations.Count == 0 ? "(none)" : migrations.Migrations[^1].Id)}"));
        foreach (var result in report.Results)
        {
            var label = $"{result.Target.Label} ({result.Target.Display})";
            if (result.Error is not null)
            {
                console.Info(console.Paint("31", "✗ "), $"{label}: error: {result.Error}");
                continue;
            }

            var s = result.Status;
            var mark = s.Unknown.Count > 0 || s.ChecksumMismatches.Count > 0 ? console.Paint("31", "✗ ") : s.Pending.Count > 0 ? console.Paint("33", "• ") : console.Paint("32", "✓ ");
            var verified = s.Applied.Count - s.Unverified.Count - s.ChecksumMismatches.Count;
            console.Info(mark, string.Create(CultureInfo.InvariantCulture,
                $"{label}: {s.Applied.Count} applied ({verified} with a recorded checksum that matches), {s.Pending.Count} pending, {s.Unknown.Count} unknown"));
            Line(console, "pending", s.Pending);
            Line(console, "unknown (not in the code)", s.Unknown);
            Line(console, "applied out of order", s.OutOfOrder);
            Line(console, "edited after they were applied (checksum differs)", s.ChecksumMismatches);
        }
    }

    public static string Json(StatusReport report) => JsonSerializer.Serialize(
        new Document(
            version: 1,
            results: report.Results.Select(r => new Result(
                environment: r.Target.Label,
                database: r.Target.Display,
                status: r.Error is not null ? "error" : r.Status.Unknown.Count > 0 || r.Status.ChecksumMismatches.Count > 0 ? "attention" : r.Status.Pending.Count > 0 ? "pending" : "up-to-date",
                error: r.Error,
                applied: r.Status.Applied,
                pending: r.Status.Pending,
                unknown: r.Status.Unknown,
                outOfOrder: r.Status.OutOfOrder,
                checksumMismatches: r.Status.ChecksumMismatches,
                unverified: r.Status.Unverified))),
        StatusJsonContext.Default.Document) + Environment.NewLine;

    private static void Line(ToolConsole console, string what, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0)
        {
            console.Info($"    {what}: {string.Join(", ", ids)}");
        }
    }

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(int version, IEnumerable<Result> results);

    private sealed record Result(
        string environment,
        string database,
        string status,
        string? error,
        IReadOnlyList<string> applied,
        IReadOnlyList<string> pending,
        IReadOnlyList<string> unknown,
        IReadOnlyList<string> outOfOrder,
        IReadOnlyList<string> checksumMismatches,
        IReadOnlyList<string> unverified);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class StatusJsonContext : JsonSerializerContext;
}
