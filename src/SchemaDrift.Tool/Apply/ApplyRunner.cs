using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// <c>dotnet schemadrift apply</c>: pre-flight checks, promotion guard, protection, then the pending migrations under
/// the tool's advisory lock with timeouts and an audit record per attempt, then a post-apply verify.
/// </summary>
public static class ApplyRunner
{
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The application_name of apply's session, so pg_stat_activity (and a waiting run) shows who holds the lock.</summary>
    public const string SessionName = "schemadrift apply";

    public static async Task<int> RunAsync(ApplySettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        if (settings.SkipPromotionCheck && string.IsNullOrWhiteSpace(settings.Reason))
        {
            throw ToolException.Usage("--skip-promotion-check needs --reason TEXT: the audit trail records why the promotion guard was skipped.");
        }

        if (settings.Retries < 0)
        {
            throw ToolException.Usage("--retries must be 0 or more.");
        }

        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "apply");
        var environment = settings.Environment is { } name ? config.Environments[name] : null;

        var lockWait = Durations.Parse(settings.LockWait ?? environment?.LockWait, DefaultLockWait, "--lock-wait");
        var lockTimeout = Durations.Parse(settings.LockTimeout ?? environment?.LockTimeout, DefaultLockTimeout, "--lock-timeout");
        var statementTimeout = Durations.Parse(settings.StatementTimeout ?? environment?.StatementTimeout, DefaultStatementTimeout, "--statement-timeout");
        var changes = !settings.DryRun && settings.ScriptPath is null;
        PreChangeBackup.Validate(settings.Backup, settings.BackupMode, environment, config);
        var isProtected = environment?.Protected == true;
        if (changes && isProtected && !settings.Yes && !settings.Interactive)
        {
            console.Fail($"refused: '{target.Label}' is protected and there is no terminal to confirm on. Pass --yes in a pipeline (or run it interactively); nothing was changed.");
            settings.Outcome.Refused(target.Label, target.Display, ["protected and not confirmed: --yes is required without a terminal"]);
            return ExitCodes.Critical;
        }

        console.Progress("loading the application (build and design-time host)");
        var clock = Stopwatch.StartNew();
        var client = await HostClient.CreateAsync(settings.Host, config, console, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(client.Target.Context, ct).ConfigureAwait(false);
        console.Detail(FormattableString.Invariant($"timing: host load {clock.Elapsed.TotalMilliseconds:F0} ms ({migrations.Migrations.Count} migrations)"));

        if (ModelRefusals.NoMigrations(migrations, target.Label) is { } none)
        {
            console.Fail(none);
            settings.Outcome.Refused(target.Label, target.Display, [none]);
            return ExitCodes.Critical;
        }

        if (settings.To is { } to && !migrations.Migrations.Any(m => Matches(m, to)))
        {
            throw ToolException.Usage($"--to '{to}' is not a migration of {migrations.Context.Name}. Known: {string.Join(", ", migrations.Migrations.Select(m => m.Id))}.");
        }

        var session = new NpgsqlConnectionStringBuilder(target.Connection.ConnectionString) { CommandTimeout = 0 };
        if (string.IsNullOrEmpty(session.ApplicationName))
        {
            session.ApplicationName = SessionName;
        }

        await using var shadow = new ShadowServers(settings.Shadow, config, console, given: settings.ShadowServer);
        NpgsqlConnection connection;
        try
        {
            connection = await DatabaseConnector.OpenAsync(session, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }

        await using (connection)
        {
            try
            {
                var run = new Run(settings, console, config, target, environment, migrations, client, connection, shadow, lockTimeout, statementTimeout);
                return changes
                    ? await run.ApplyAsync(lockWait, total, ct).ConfigureAwait(false)
                    : await run.PlanOnlyAsync(ct).ConfigureAwait(false);
            }
            catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
            {
                throw ToolException.Environment($"{target.Label} ({target.Display}): {MigrationExecutor.ServerError(ex)}", ex);
            }
        }
    }

    private static bool Matches(MigrationInfo migration, string name) =>
        string.Equals(migration.Id, name, StringComparison.Ordinal) || string.Equals(migration.Name, name, StringComparison.OrdinalIgnoreCase);

    private sealed class Run(
        ApplySettings settings,
        ToolConsole console,
        SchemaDriftConfig config,
        DatabaseTarget target,
        EnvironmentConfig? environment,
        MigrationsInfo migrations,
        HostClient client,
        NpgsqlConnection connection,
        ShadowServers shadow,
        TimeSpan lockTimeout,
        TimeSpan statementTimeout)
    {
        private readonly BlockedReads reads = new(target, lockTimeout, settings.Retries, settings.RetryDelay, console);
        private string historySchema = string.Empty;

        public async Task<int> PlanOnlyAsync(CancellationToken ct)
        {
            try
            {
                return await PlanOnlyCoreAsync(ct).ConfigureAwait(false);
            }
            catch (ReadBlockedException ex)
            {
                console.Fail($"{target.Label}: {ex.Message}");
                return ExitCodes.Environment;
            }
        }

        private async Task<int> PlanOnlyCoreAsync(CancellationToken ct)
        {
            await SetSessionAsync(connection, ct).ConfigureAwait(false);
            historySchema = await reads.RunAsync("reading the migrations history", () => MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct), NotAudited, ct).ConfigureAwait(false);
            var plan = await reads.RunAsync("reading the migrations history and the catalog", () => PlanAsync(ct), NotAudited, ct).ConfigureAwait(false);
            var context = new PlanContext(target.Label, target.Display, target.Environment, historySchema, migrations.HistoryTable.Name,
                AdvisoryLock.KeyFor(connection.Database, historySchema, migrations.HistoryTable.Name), lockTimeout, statementTimeout, migrations.EfCoreVersion);
            if (settings.DryRun)
            {
                await console.Out.WriteAsync(PlanWriter.Text(context, plan)).ConfigureAwait(false);
            }

            if (settings.ScriptPath is { } path)
            {
                await File.WriteAllTextAsync(path, PlanWriter.Script(context, plan), ct).ConfigureAwait(false);
                console.Info($"script for {plan.Count} migration(s) written to {path}");
            }

            if (plan.Count == 0)
            {
                return NothingToApply("apply would be refused: ");
            }

            var refusals = await reads.RunAsync("the pre-flight", () => CheckAsync(plan, ct), NotAudited, ct).ConfigureAwait(false);
            if (settings.DryRun && await MissingPrivilegesAsync(plan.Select(m => m.Migration), ct).ConfigureAwait(false) is { Count: > 0 } missing)
            {
                refusals.Insert(0, PlanPrivileges.Describe(missing, connection.UserName));
            }

            foreach (var refusal in refusals)
            {
                console.Fail("apply would be refused: " + refusal);
            }

            console.Info(refusals.Count == 0
                ? $"dry run: {plan.Count} migration(s) would be applied to {target.Label}; nothing was changed."
                : $"dry run: apply to {target.Label} would be refused; nothing was changed.");
            return refusals.Count == 0 ? ExitCodes.Success : ExitCodes.Critical;
        }

        public async Task<int> ApplyAsync(TimeSpan lockWait, Stopwatch total, CancellationToken ct)
        {
            await SetSessionAsync(connection, ct).ConfigureAwait(false);

            // Before the lock, read-only: what the run would apply, and whether the role may do all of it.
            IReadOnlyList<PlannedMigration> wouldApply = [];
            try
            {
                historySchema = await reads.RunAsync("reading the migrations history", () => MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct), NotAudited, ct).ConfigureAwait(false);
                wouldApply = await reads.RunAsync("reading the migrations history", () => PendingAsync(ct), text => RecordRefusalAsync(wouldApply, text, create: false, ct, AuditTable.OutcomeFailed), ct).ConfigureAwait(false);
                if (wouldApply.Count > 0 && await MissingPrivilegesAsync(wouldApply.Select(m => m.Migration), ct).ConfigureAwait(false) is { Count: > 0 } missing)
                {
                    var refusal = "refused: " + PlanPrivileges.Describe(missing, connection.UserName);
                    console.Fail(refusal);
                    settings.Outcome.Refused(target.Label, target.Display, [refusal]);
                    console.Info($"{target.Label}: nothing was changed.");
                    if (!missing.Any(m => m.Object == AuditTable.QualifiedName(historySchema)))
                    {
                        await RecordRefusalAsync(wouldApply, refusal, create: false, ct).ConfigureAwait(false);
                    }

                    return ExitCodes.Critical;
                }
            }
            catch (ReadBlockedException ex)
            {
                console.Fail($"{target.Label}: {ex.Message}");
                settings.Outcome.Failed(target.Label, target.Display, ex.Message);
                return ExitCodes.Environment;
            }

            var key = AdvisoryLock.KeyFor(connection.Database, historySchema, migrations.HistoryTable.Name);
            console.Progress($"{target.Label}: taking the migration lock (waiting at most {Durations.Describe(lockWait)})");
            AdvisoryLock advisory;
            try
            {
                advisory = await AdvisoryLock.AcquireAsync(connection, key, lockWait, ct).ConfigureAwait(false);
            }
            catch (LockNotAcquiredException ex)
            {
                console.Fail($"{target.Label}: {ex.Message} Nothing was changed.");
                settings.Outcome.Failed(target.Label, target.Display, ex.Message + " Nothing was changed.");
                try
                {
                    await RecordRefusalAsync(await PendingAsync(ct).ConfigureAwait(false), "refused: the migration lock was not had within --lock-wait: " + ex.Message, create: false, ct).ConfigureAwait(false);
                }
                catch (NpgsqlException recordError)
                {
                    // The holder's migration transaction locks the history table: nothing to read it with.
                    console.Warn($"the refusal could not be recorded in the audit trail: {MigrationExecutor.ServerError(recordError)}");
                }

                return ExitCodes.Environment;
            }

            using var own = MigrationInProgress.RegisterOwnSession(connection.ProcessID);
            try
            {
                return await ApplyLockedAsync(total, wouldApply, ct).ConfigureAwait(false);
            }
            catch (ReadBlockedException ex)
            {
                console.Fail($"{target.Label}: {ex.Message}");
                settings.Outcome.Failed(target.Label, target.Display, ex.Message);
                return ExitCodes.Environment;
            }
            finally
            {
                if (connection.FullState == System.Data.ConnectionState.Open)
                {
                    await advisory.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        private async Task<int> ApplyLockedAsync(Stopwatch total, IReadOnlyList<PlannedMigration> wouldApply, CancellationToken ct)
        {
            // Read under the lock: a run that waited finds what the one before it applied.
            Task Audited(string text) => RecordRefusalAsync(wouldApply, text, create: true, ct, AuditTable.OutcomeFailed);
            var plan = await reads.RunAsync("reading the migrations history and the catalog", () => PlanAsync(ct), Audited, ct).ConfigureAwait(false);
            if (plan.Count == 0)
            {
                return NothingToApply("refused: ");
            }

            var refusals = await reads.RunAsync("the pre-flight", () => CheckAsync(plan, ct), Audited, ct).ConfigureAwait(false);
            if (refusals.Count > 0)
            {
                foreach (var refusal in refusals)
                {
                    console.Fail("refused: " + refusal);
                }

                console.Info($"{target.Label}: nothing was changed.");
                settings.Outcome.Refused(target.Label, target.Display, refusals);
                await RecordRefusalAsync(plan, "refused: " + string.Join(" | ", refusals), create: true, ct).ConfigureAwait(false);
                return ExitCodes.Critical;
            }

            if (environment?.Protected == true && !settings.Yes && !Confirm(plan))
            {
                console.Fail($"refused: applying to the protected environment '{target.Label}' was not confirmed; nothing was changed.");
                settings.Outcome.Refused(target.Label, target.Display, ["applying to a protected environment was not confirmed on the terminal"]);
                await RecordRefusalAsync(plan, "refused: not confirmed on the terminal", create: true, ct).ConfigureAwait(false);
                return ExitCodes.Critical;
            }

            // Back up before the first change (--backup DIR, or "backup" of the environment); no backup, no change.
            if (await BackupAsync(plan, ct).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var executor = new MigrationExecutor(
                connection,
                historySchema,
                migrations.HistoryTable.Name,
                new ExecutionOptions(settings.Retries, target.Environment, AuditReason(), CiIdentity.FromEnvironment(), migrations.EfCoreVersion) { RetryDelay = settings.RetryDelay },
                console);
            await executor.EnsureTablesAsync(ct).ConfigureAwait(false);
            foreach (var index in await executor.InvalidIndexesNowAsync(ct).ConfigureAwait(false))
            {
                console.Warn($"the index {index} is invalid (an interrupted or failed concurrent build): queries do not use it; rebuild it with REINDEX INDEX CONCURRENTLY {index}, or drop it.");
            }

            console.Info($"{target.Label}: applying {plan.Count} migration(s)");
            var applied = 0;
            foreach (var migration in plan)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    if (await executor.ApplyAsync(migration, ct).ConfigureAwait(false))
                    {
                        applied++;
                        console.Info(console.Paint("32", "  ✓ "), string.Create(CultureInfo.InvariantCulture, $"{migration.Id} ({clock.Elapsed.TotalSeconds:0.00} s)"));
                    }
                }
                catch (MigrationFailedException ex)
                {
                    console.Fail($"{target.Label}: {ex.Message}");
                    settings.Outcome.Failed(target.Label, target.Display, ex.Message);
                    foreach (var note in ex.Notes)
                    {
                        console.Warn(note);
                    }

                    if (console.Verbose && ex.InnerException is not null)
                    {
                        console.Text(ex.InnerException.ToString());
                    }

                    return ExitCodes.Environment;
                }
            }

            // After: the database against the code again, recorded with the run.
            console.Progress($"{target.Label}: post-apply verify");
            var result = await VerifyAsync(ct).ConfigureAwait(false);
            VerifySummaryWriter.Write(console, result);
            settings.Outcome.Applied(target.Label, target.Display, result);
            var summary = result.Error is { } error ? "error: " + error
                : result.Findings.Count == 0 ? "clean"
                : string.Create(CultureInfo.InvariantCulture, $"drift ({result.Severity.ToString().ToLowerInvariant()}): {string.Join(", ", result.Findings.Select(f => f.Kind + " " + f.Object))}");
            string? unrecorded = null;
            try
            {
                await AuditTrail.SetPostVerifyAsync(connection, historySchema, executor.AuditIds, summary.Length > 2000 ? summary[..2000] : summary, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                unrecorded = $"the post-apply verify could not be recorded in the audit trail: {MigrationExecutor.ServerError(ex)}";
            }

            console.Info(string.Create(CultureInfo.InvariantCulture, $"{target.Label}: applied {applied} migration(s) in {total.Elapsed.TotalSeconds:0.0} s; post-apply verify: {summary}"));
            if (unrecorded is not null)
            {
                console.Warn(unrecorded);
            }

            if (result.Error is not null)
            {
                return ExitCodes.Environment;
            }

            return SeverityOption.ExitCode(result.Severity, Severity.Major);
        }

        /// <summary>
        /// Records a refused attempt (action fail, outcome refused) for each migration it would have applied: in the
        /// audit trail only, never in the schema. <paramref name="create"/> false records only into an existing trail
        /// (without the lock, creating the table could race a run that holds it).
        /// </summary>
        private async Task RecordRefusalAsync(IReadOnlyList<PlannedMigration> plan, string error, bool create, CancellationToken ct, string outcome = AuditTable.OutcomeRefused)
        {
            try
            {
                if (create)
                {
                    await AuditTrail.EnsureAsync(connection, historySchema, ct).ConfigureAwait(false);
                }
                else if (!await AuditTrail.ExistsAsync(connection, historySchema, ct).ConfigureAwait(false))
                {
                    return;
                }

                var identity = CiIdentity.FromEnvironment();
                var now = DateTimeOffset.UtcNow;
                foreach (var migration in plan)
                {
                    await AuditTrail.InsertAsync(connection, null, historySchema, AuditRecord.For(
                        migration.Id, migration.Checksum, target.Environment, AuditTable.ActionFail, outcome,
                        error.Length > 4000 ? error[..4000] : error, now, TimeSpan.Zero, identity, AuditReason()), ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                console.Warn($"the refusal could not be recorded in the audit trail: {MigrationExecutor.ServerError(ex)}");
            }
        }

        /// <summary>The backup asked for, taken and recorded; an exit code when none could be made (nothing changed).</summary>
        private async Task<int?> BackupAsync(IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
        {
            try
            {
                await PreChangeBackup.RunAsync(new(settings.Backup, settings.BackupMode, target, environment, config, connection, historySchema, migrations.HistoryTable.Name, lockTimeout), console, ct).ConfigureAwait(false);
                return null;
            }
            catch (BackupException ex)
            {
                var refusal = $"refused: no backup could be made: {ex.Message} Nothing was changed.";
                console.Fail($"{target.Label}: {refusal}");
                settings.Outcome.Failed(target.Label, target.Display, refusal);
                await RecordRefusalAsync(plan, refusal, create: true, ct).ConfigureAwait(false);
                return ExitCodes.Environment;
            }
        }

        private static Task NotAudited(string text) => Task.CompletedTask;

        /// <summary>Nothing pending: up to date, unless the model has changes no migration captures (refused, exit 2).</summary>
        private int NothingToApply(string refusal)
        {
            if (ModelRefusals.UncapturedChanges(migrations, target.Label) is { } uncaptured)
            {
                console.Fail(refusal + uncaptured);
                if (!settings.DryRun && settings.ScriptPath is null)
                {
                    settings.Outcome.Refused(target.Label, target.Display, [uncaptured]);
                }

                return ExitCodes.Critical;
            }

            console.Info(console.Paint("32", "✓ "), $"{target.Label}: nothing to apply; the database is up to date.");
            return ExitCodes.Success;
        }

        /// <summary>The privileges the pending migrations and the tool's bookkeeping need that the connected role lacks.</summary>
        private async Task<IReadOnlyList<PrivilegeNeed>> MissingPrivilegesAsync(IEnumerable<MigrationInfo> pending, CancellationToken ct) =>
            await PlanPrivileges.MissingAsync(connection, PlanPrivileges.Needs(historySchema, migrations.HistoryTable.Name, pending), ct).ConfigureAwait(false);

        /// <summary>The pending migrations (up to --to) with their checksums, without analysing them.</summary>
        private async Task<IReadOnlyList<PlannedMigration>> PendingAsync(CancellationToken ct) =>
            (await PendingMigrationsAsync(ct).ConfigureAwait(false)).Select(m => new PlannedMigration(m, MigrationChecksum.Compute(m.Commands), [])).ToList();

        /// <summary>The pending migrations (up to --to), read now, analysed against the live catalog.</summary>
        private async Task<IReadOnlyList<PlannedMigration>> PlanAsync(CancellationToken ct) =>
            await ApplyPlanner.PlanAsync(connection, await PendingMigrationsAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        private async Task<List<MigrationInfo>> PendingMigrationsAsync(CancellationToken ct)
        {
            var applied = new HashSet<string>(await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct, historySchema).ConfigureAwait(false), StringComparer.Ordinal);
            var pending = new List<MigrationInfo>();
            foreach (var migration in migrations.Migrations)
            {
                if (!applied.Contains(migration.Id))
                {
                    pending.Add(migration);
                }

                if (settings.To is { } to && Matches(migration, to))
                {
                    break;
                }
            }

            return pending;
        }

        /// <summary>Everything that refuses the run, read-only: pre-flight verify, lock file, checksums, promotion guard, protection.</summary>
        private async Task<List<string>> CheckAsync(IReadOnlyList<PlannedMigration> plan, CancellationToken ct)
        {
            var refusals = new List<string>();

            // The migrations lock file against the code: every migration must be locked as it is.
            var lockFile = LockFileCheck.Check(client.Project.ProjectDir, migrations.Migrations);
            if (!lockFile.Exists)
            {
                console.Warn($"no migrations lock file at {lockFile.Path}: edits to applied migrations are caught only through the audit trail. Run 'dotnet schemadrift checksums --update' and commit it.");
            }
            else if (lockFile.Findings.Count > 0)
            {
                var parts = lockFile.Findings.GroupBy(f => f.Kind).Select(g => g.Key switch
                {
                    "migration-edited-after-lock" => "edited after they were locked: ",
                    "locked-migration-missing" => "locked but gone from the code: ",
                    _ => "not locked yet: ",
                } + string.Join(", ", g.Select(f => f.Object)));
                refusals.Add($"the migrations lock file {lockFile.Path} disagrees with the code ({string.Join("; ", parts)}). Run 'dotnet schemadrift checksums' for details; commit the result of 'dotnet schemadrift checksums --update' only if no environment applied the edited migrations.");
            }

            // The checks of verify for this environment.
            console.Progress($"{target.Label}: pre-flight verify");
            var result = await VerifyAsync(ct).ConfigureAwait(false);
            if (result.Error is { } error)
            {
                if (result.Failure is { SqlState: PostgresErrorCodes.LockNotAvailable } blocked)
                {
                    throw new ReadBlockedException($"the pre-flight verify: {error}", blocked.BlockedBy);
                }

                throw ToolException.Environment($"pre-flight verify of {target.Label} could not run: {error}");
            }

            // Checksums the audit trail recorded for applied migrations against the code (verify compares them).
            var mismatches = result.Migrations.ChecksumMismatches;
            if (mismatches.Count > 0)
            {
                refusals.Add($"applied migrations differ from the code (their recorded checksum changed): {string.Join(", ", mismatches)}. Restore the applied version of these migrations and add a new migration for the change.");
            }

            var drift = result.Findings.Where(f => f.Cause == FindingCause.Unexplained).ToList();
            var serious = drift.Where(f => f.Severity >= Severity.Major).ToList();
            var repairs = plan.Where(m => m.IsRepair).Select(m => m.Id).ToList();
            if (serious.Count > 0 && repairs.Count > 0 && !settings.AllowDrift)
            {
                console.Warn($"{target.Label} has unexplained drift ({Describe(serious)}); the pending corrective migration(s) {string.Join(", ", repairs)} repair drift, so the run goes on and the post-apply verify tells what is left.");
            }
            else if (serious.Count > 0 && !settings.AllowDrift)
            {
                refusals.Add($"{target.Label} has unexplained drift ({Describe(serious)}). Repair it (dotnet schemadrift verify --env {target.Label} --verbose shows the fix), or pass --allow-drift --reason TEXT.");
            }
            else if (serious.Count > 0)
            {
                console.Warn($"{target.Label} has unexplained drift, allowed by --allow-drift: {Describe(serious)}");
            }

            foreach (var minor in drift.Where(f => f.Severity < Severity.Major))
            {
                console.Warn($"minor drift in {target.Label}: {minor.Kind} {minor.Object}");
            }

            foreach (var finding in result.Findings.Where(f => f.Cause == FindingCause.History))
            {
                switch (finding.Kind)
                {
                    case "unknown-migration" when !settings.AllowDrift:
                        refusals.Add($"{target.Label} has applied migration {finding.Object}, which the code does not have: deploy the code that contains it (or pass --allow-drift --reason TEXT).");
                        break;
                    case "migration-applied-without-history":
                        refusals.Add($"{finding.Actual}. Record it instead of applying it again: {finding.Fix}");
                        break;
                    default:
                        console.Warn($"{finding.Kind} {finding.Object}: {finding.Actual}");
                        break;
                }
            }

            if (result.Findings.FirstOrDefault(f => f.Cause == FindingCause.ModelChange) is { } model)
            {
                refusals.Add($"the model has changes that no migration captures ({model.Expected}). Add a migration (dotnet ef migrations add <Name>) and deploy it.");
            }

            // The promotion guard.
            if (environment?.PromotedFrom is { } source)
            {
                if (settings.SkipPromotionCheck)
                {
                    console.Warn($"promotion guard skipped for {target.Label} (promoted from '{source}'): {settings.Reason}");
                }
                else
                {
                    console.Progress($"{target.Label}: promotion guard (reading '{source}')");
                    var promotion = await PromotionGuard.CheckAsync(source, config, migrations, plan, ct, lockTimeout).ConfigureAwait(false);
                    if (!promotion.Passed)
                    {
                        refusals.Add(promotion.Describe(target.Label));
                    }
                }
            }

            // Destructive migrations: refused on protected environments, shown elsewhere.
            var destructive = plan.Where(m => m.Destructive.Any()).ToList();
            if (destructive.Count > 0)
            {
                var list = string.Join("; ", destructive.Select(m => $"{m.Id}: {string.Join(", ", m.Destructive)}"));
                if (environment?.Protected == true && !settings.AllowDestructive)
                {
                    refusals.Add($"'{target.Label}' is protected and pending migrations can destroy data: {list}. Pass --allow-destructive (with --reason TEXT) once the data is saved or no longer needed.");
                }
                else
                {
                    console.Warn($"pending migrations can destroy data: {list}");
                }
            }

            return refusals;
        }

        private Task<EnvironmentResult> VerifyAsync(CancellationToken ct) =>
            new Verifier(migrations, shadow.GetAsync, console, new VerifyOptions(config.Schemas, config.ExcludeSchemas, new IgnoreRules(config.Ignore), ExpectedSchemaCache.ForProject(client.Project.ProjectDir)) { LockTimeout = lockTimeout }).VerifyAsync(target, ct);

        private async Task SetSessionAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            var sql = $"SET lock_timeout = '{Durations.ToSetting(lockTimeout)}'; SET statement_timeout = '{Durations.ToSetting(statementTimeout)}';";
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                // A killed runner's session ends within a second even mid-statement, releasing its locks.
                sql += " SET client_connection_check_interval = '1s';";
            }

            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        private bool Confirm(IReadOnlyList<PlannedMigration> plan)
        {
            console.Info($"'{target.Label}' ({target.Display}) is protected. Migrations to apply:");
            foreach (var migration in plan)
            {
                console.Info("  " + migration.Id);
            }

            console.Error.Write(Printable.Escape($"Type the environment name ({target.Label}) to apply them: "));
            var answer = (settings.Input ?? Console.In).ReadLine();
            return string.Equals(answer?.Trim(), target.Label, StringComparison.Ordinal);
        }

        private string? AuditReason()
        {
            var overrides = new List<string>();
            if (settings.SkipPromotionCheck)
            {
                overrides.Add("skip-promotion-check");
            }

            if (settings.AllowDrift)
            {
                overrides.Add("allow-drift");
            }

            if (settings.AllowDestructive)
            {
                overrides.Add("allow-destructive");
            }

            var reason = string.IsNullOrWhiteSpace(settings.Reason) ? null : settings.Reason.Trim();
            return overrides.Count == 0 ? reason : string.Join(", ", overrides) + (reason is null ? string.Empty : ": " + reason);
        }

        private static string Describe(IReadOnlyList<VerifyFinding> findings) =>
            string.Join(", ", findings.Take(10).Select(f => $"{f.Severity.ToString().ToLowerInvariant()} {f.Kind} {f.Object}")) +
            (findings.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $" and {findings.Count - 10} more") : string.Empty);
    }
}
