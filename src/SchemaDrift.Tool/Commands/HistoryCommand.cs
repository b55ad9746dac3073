using System.Globalization;
using System.Text.Json;
using McMaster.Extensions.CommandLineUtils;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift history</c>: the audit trail of one database, newest first.</summary>
public static class HistoryCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("history", command =>
        {
            command.Description = "Show the audit trail of apply, baseline, fix and backup on one database, newest first.";
            command.ExtendedHelpText = Environment.NewLine +
                "Reads the tool's audit table (" + AuditTable.Name + ") in every schema that has one, read-only; the application is not loaded." +
                Environment.NewLine + Environment.NewLine + "Exit codes: 0 shown (or no audit trail yet), 3 usage or configuration error, 4 connection error.";
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to read.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var json = command.Option("--json <file>", "Also write the records as JSON.", CommandOptionType.SingleValue);
            var limit = command.Option("--limit <n>", "At most N records (default 100).", CommandOptionType.SingleValue);
            var drift = command.Option("--drift", "Show the drift trend recorded by verify --record: when drift appeared, was fixed, and how long it lasted.", CommandOptionType.NoValue);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () =>
            {
                var max = 100;
                if (limit.Value() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1))
                {
                    throw ToolException.Usage($"--limit '{text}' is not a positive number.");
                }

                var settings = ConfigLoader.Load(config.Value(), Directory.GetCurrentDirectory());
                var target = ConnectionResolver.ResolveOne(environment.Value(), connection.Value(), settings, "history");
                return drift.HasValue()
                    ? await HistoryDrift.RunAsync(target, json.Value(), limit.Value() is null ? 1000 : max, console).ConfigureAwait(false)
                    : await RunAsync(target, json.Value(), max, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(DatabaseTarget target, string? jsonPath, int limit, ToolConsole console, CancellationToken ct = default)
    {
        var records = new List<(string Schema, AuditRecord Record)>();
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            foreach (var schema in await AuditTrail.SchemasAsync(connection, ct).ConfigureAwait(false))
            {
                foreach (var record in await AuditTrail.ReadAsync(connection, schema, limit, ct).ConfigureAwait(false) ?? [])
                {
                    records.Add((schema, record));
                }
            }
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw ToolException.Environment($"reading the audit trail of {target.Label} ({target.Display}) failed: {await BlockedReads.ServerErrorAsync(target, ex, ct).ConfigureAwait(false)}", ex);
        }

        var newest = records.OrderByDescending(r => r.Record.StartedAt).ThenByDescending(r => r.Record.Id).Take(limit).ToList();
        if (newest.Count == 0)
        {
            console.Info($"{target.Label} ({target.Display}): no audit trail yet (nothing was applied or baselined by dotnet schemadrift).");
        }
        else
        {
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
                    $"{r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {r.Action,-8} {r.Outcome,-9} {(multiSchema ? schema + "/" : string.Empty)}{r.MigrationId}  {(r.Environment ?? "-")}  {(r.Duration is { } d ? $"{d.TotalSeconds:0.00} s" : "-")}  {who}"));
                if (r.Checksum is not null)
                {
                    console.Data("    checksum sha256:" + r.Checksum);
                }

                if (r.BackupPath is not null)
                {
                    console.Data($"    backup: {r.BackupPath} ({(r.BackupSize is { } size ? Backups.DatabaseBackup.Describe(size) : "size unknown")}, sha256:{r.BackupChecksum})");
                }

                if (r.Reason is not null)
                {
                    console.Data("    reason: " + r.Reason);
                }

                if (r.Error is not null)
                {
                    console.Data("    error: " + r.Error);
                }

                if (r.PostVerify is not null)
                {
                    console.Data("    post-apply verify: " + r.PostVerify);
                }

                if (r.CiRunUrl is not null)
                {
                    console.Data("    run: " + r.CiRunUrl);
                }
            }
        }

        if (jsonPath is not null)
        {
            var document = new
            {
                version = 1,
                environment = target.Label,
                records = newest.Select(x => new
                {
                    schema = x.Schema,
                    id = x.Record.Id,
                    migrationId = x.Record.MigrationId,
                    checksum = x.Record.Checksum,
                    environment = x.Record.Environment,
                    action = x.Record.Action,
                    outcome = x.Record.Outcome,
                    error = x.Record.Error,
                    startedAt = x.Record.StartedAt,
                    durationMs = x.Record.Duration is { } d ? (long?)Math.Round(d.TotalMilliseconds) : null,
                    databaseUser = x.Record.DatabaseUser,
                    osUser = x.Record.OsUser,
                    host = x.Record.Host,
                    toolVersion = x.Record.ToolVersion,
                    ciCommit = x.Record.CiCommit,
                    ciRunId = x.Record.CiRunId,
                    ciRunUrl = x.Record.CiRunUrl,
                    reason = x.Record.Reason,
                    postVerify = x.Record.PostVerify,
                    backupPath = x.Record.BackupPath,
                    backupSize = x.Record.BackupSize,
                    backupChecksum = x.Record.BackupChecksum,
                }),
            };
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
            console.Info($"JSON written to {jsonPath}");
        }

        return ExitCodes.Success;
    }
}
