using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>The parsed options of one <c>baseline</c> run.</summary>
public sealed record BaselineSettings
{
    public string? Environment { get; init; }

    public string? Connection { get; init; }

    public string? Reason { get; init; }

    public string? LockWait { get; init; }

    public HostOptions Host { get; init; } = new();

    public string? ConfigPath { get; init; }

    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The <c>--shadow</c> value: auto, local, docker or a connection string (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }
}

/// <summary>
/// <c>dotnet schemadrift baseline</c>: records checksums for migrations another tool applied (they are in the history
/// table but not in the audit trail), after verifying that the schema is what those migrations produce.
/// </summary>
public static class BaselineRunner
{
    public static async Task<int> RunAsync(BaselineSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "baseline");
        var environment = target.Environment is { } name ? config.Environments[name] : null;
        var lockWait = Durations.Parse(settings.LockWait ?? environment?.LockWait, ApplyRunner.DefaultLockWait, "--lock-wait");

        console.Progress("loading the application (build and design-time host)");
        var client = await HostClient.CreateAsync(settings.Host, config, console, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(client.Target.Context, ct).ConfigureAwait(false);

        var session = new NpgsqlConnectionStringBuilder(target.Connection.ConnectionString);
        if (string.IsNullOrEmpty(session.ApplicationName))
        {
            session.ApplicationName = "schemadrift baseline";
        }

        await using var shadow = new ShadowServers(settings.Shadow, config, console, given: settings.ShadowServer);
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(session, ct).ConfigureAwait(false);
            var schema = await MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
            AdvisoryLock advisory;
            try
            {
                advisory = await AdvisoryLock.AcquireAsync(connection, AdvisoryLock.KeyFor(connection.Database, schema, migrations.HistoryTable.Name), lockWait, ct).ConfigureAwait(false);
            }
            catch (LockNotAcquiredException ex)
            {
                console.Fail($"{target.Label}: {ex.Message} Nothing was changed.");
                return ExitCodes.Environment;
            }

            using var own = MigrationInProgress.RegisterOwnSession(connection.ProcessID);
            await using (advisory)
            {
                var applied = await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
                var recorded = await AuditTable.ReadRecordedChecksumsAsync(connection, schema, ct).ConfigureAwait(false) ?? new Dictionary<string, string>();
                var appliedSet = applied.ToHashSet(StringComparer.Ordinal);
                var candidates = migrations.Migrations.Where(m => appliedSet.Contains(m.Id) && !recorded.ContainsKey(m.Id)).ToList();
                if (candidates.Count == 0)
                {
                    console.Info(console.Paint("32", "✓ "), $"{target.Label}: nothing to baseline; every applied migration has a recorded checksum.");
                    return ExitCodes.Success;
                }

                console.Progress($"{target.Label}: verifying that the schema is what the {applied.Count} applied migration(s) produce");
                var result = await new Verifier(migrations, shadow.GetAsync, console, new VerifyOptions(config.Schemas, config.ExcludeSchemas, new IgnoreRules(config.Ignore), ExpectedSchemaCache.ForProject(client.Project.ProjectDir))).VerifyAsync(target, ct).ConfigureAwait(false);
                VerifySummaryWriter.Write(console, result);
                if (result.Error is { } error)
                {
                    throw ToolException.Environment($"{target.Label} could not be verified: {error}");
                }

                // Every finding verify reports as major or critical refuses, whatever its cause: the summary above just
                // said "drift", and recording checksums would vouch for this database and this code.
                var blocking = result.Findings.Where(f => f.Severity >= Severity.Major).ToList();
                if (blocking.Count > 0)
                {
                    var list = string.Join(", ", blocking.Take(10).Select(f => f.Kind + " " + f.Object)) +
                        (blocking.Count > 10 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" and {blocking.Count - 10} more") : string.Empty);
                    console.Fail(blocking.Any(f => f.Cause is FindingCause.Unexplained or FindingCause.History)
                        ? $"refused: the schema of {target.Label} is not what its applied migrations produce ({list}); recording checksums would vouch for it. " +
                          "Repair the drift first (dotnet schemadrift verify --verbose shows the fix); nothing was recorded."
                        : $"refused: {target.Label} has {VerifyJsonWriter.Name(result.Severity)} drift ({list}): the model and its migrations disagree, and recording " +
                          "checksums would vouch for this code. Capture the model changes in a migration (dotnet ef migrations add <Name>) first; nothing was recorded.");
                    return ExitCodes.Critical;
                }

                await AuditTrail.EnsureAsync(connection, schema, ct).ConfigureAwait(false);
                var identity = CiIdentity.FromEnvironment();
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                foreach (var migration in candidates)
                {
                    var checksum = MigrationChecksum.Compute(migration.Commands);
                    await AuditTrail.InsertAsync(connection, transaction, schema, new AuditRecord(
                        migration.Id, checksum, target.Environment, AuditTable.ActionBaseline, AuditTable.OutcomeSucceeded, null,
                        DateTimeOffset.UtcNow, TimeSpan.Zero, identity.OsUser, identity.Host, Cli.Version, identity.Commit, identity.RunId, identity.RunUrl,
                        string.IsNullOrWhiteSpace(settings.Reason) ? null : settings.Reason.Trim())
                    {
                        PostVerify = result.Findings.Count == 0 ? "clean" : "drift (minor)",
                    }, ct).ConfigureAwait(false);
                    console.Info(console.Paint("32", "  ✓ "), $"{migration.Id} sha256:{checksum[..12]}…");
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                console.Info($"{target.Label}: recorded the checksums of {candidates.Count} migration(s) applied by another tool.");
                return ExitCodes.Success;
            }
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw ToolException.Environment($"{target.Label} ({target.Display}): {MigrationExecutor.ServerError(ex)}", ex);
        }
    }
}
