using System.Globalization;
using System.Text.Json;
using McMaster.Extensions.CommandLineUtils;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift status</c>: each environment's applied and pending migrations, read-only and quick.</summary>
public static class StatusCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("status", command =>
        {
            command.Description = "Show each environment's applied, pending and unknown migrations, and whether their checksums were recorded (read-only).";
            command.ExtendedHelpText = Environment.NewLine +
                "Reads only the history table and the audit trail (no shadow database, no schema comparison: that is verify)." +
                Environment.NewLine + Environment.NewLine +
                "Exit codes: 0 shown, 3 usage or configuration error, 4 connection, build or host error (or a database that could not be read).";
            command.HelpOption("-h|--help");
            var environments = command.Option("-e|--env <name>", "An environment of schemadrift.json (repeatable).", CommandOptionType.MultipleValue);
            var all = command.Option("--all", "Every environment of schemadrift.json (the default when no --env or --connection is given).", CommandOptionType.NoValue);
            var connection = CommonOptions.Connection(command);
            var json = command.Option("--json <file>", "Also write the status as JSON.", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () =>
            {
                var settings = ConfigLoader.Load(config.Value(), Directory.GetCurrentDirectory());
                var targets = VerifyCommand.ResolveTargets(
                    environments.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(), all.HasValue(), connection.Value(), settings, "show");
                console.Progress("loading the application's migrations");
                var client = await HostClient.CreateAsync(project.ToHostOptions(), settings, console).ConfigureAwait(false);
                var migrations = await client.GetMigrationsAsync(client.Target.Context).ConfigureAwait(false);
                return await RunAsync(targets, migrations, json.Value(), console).ConfigureAwait(false);
            });
        });
    }

    /// <summary>The status of each target against already-loaded migrations; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<DatabaseTarget> targets, MigrationsInfo migrations, string? jsonPath, ToolConsole console, CancellationToken ct = default)
    {
        var checksums = migrations.Migrations.ToDictionary(m => m.Id, m => MigrationChecksum.Compute(m.Commands), StringComparer.Ordinal);
        var codeIds = migrations.Migrations.Select(m => m.Id).ToList();
        var results = new List<EnvironmentStatus>();
        foreach (var target in targets)
        {
            try
            {
                await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
                var schema = await MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
                var history = await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct, schema).ConfigureAwait(false);
                var recorded = await AuditTable.ReadRecordedChecksumsAsync(connection, schema, ct).ConfigureAwait(false);
                var (status, _) = MigrationHistory.CompareChecksums(MigrationHistory.Compare(codeIds, history), checksums, recorded);
                results.Add(new EnvironmentStatus(target, status, null));
            }
            catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException)
            {
                var message = ex is DatabaseConnectionException ? ex.Message : await BlockedReads.ServerErrorAsync(target, ex, ct).ConfigureAwait(false);
                results.Add(new EnvironmentStatus(target, MigrationStatus.Empty, message));
            }
        }

        Write(console, migrations, results);
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, Json(results), ct).ConfigureAwait(false);
            console.Info($"JSON written to {jsonPath}");
        }

        return results.Any(r => r.Error is not null) ? ExitCodes.Environment : ExitCodes.Success;
    }

    private static void Write(ToolConsole console, MigrationsInfo migrations, IReadOnlyList<EnvironmentStatus> results)
    {
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{migrations.Context.Name}: {migrations.Migrations.Count} migration(s) in the code, the latest {(migrations.Migrations.Count == 0 ? "(none)" : migrations.Migrations[^1].Id)}"));
        foreach (var result in results)
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

    private static void Line(ToolConsole console, string what, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0)
        {
            console.Info($"    {what}: {string.Join(", ", ids)}");
        }
    }

    private static string Json(IReadOnlyList<EnvironmentStatus> results) => JsonSerializer.Serialize(
        new
        {
            version = 1,
            results = results.Select(r => new
            {
                environment = r.Target.Label,
                database = r.Target.Display,
                status = r.Error is not null ? "error" : r.Status.Unknown.Count > 0 || r.Status.ChecksumMismatches.Count > 0 ? "attention" : r.Status.Pending.Count > 0 ? "pending" : "up-to-date",
                error = r.Error,
                applied = r.Status.Applied,
                pending = r.Status.Pending,
                unknown = r.Status.Unknown,
                outOfOrder = r.Status.OutOfOrder,
                checksumMismatches = r.Status.ChecksumMismatches,
                unverified = r.Status.Unverified,
            }),
        },
        new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;

    private sealed record EnvironmentStatus(DatabaseTarget Target, MigrationStatus Status, string? Error);
}
