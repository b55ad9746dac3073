using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>What <c>baseline</c> is asked to record, and with what reason.</summary>
public sealed record BaselineRequest(DatabaseTarget Target, SchemaDriftConfig Config, HostOptions Host, TimeSpan LockWait)
{
    public string? Reason { get; init; }

    public string? Shadow { get; init; }

    public IPostgresServer? ShadowServer { get; init; }
}

/// <summary>How a baseline ended.</summary>
public enum BaselineOutcome
{
    /// <summary>Every applied migration has a recorded checksum already.</summary>
    NothingToRecord,

    /// <summary>Checksums were recorded for the migrations another tool applied (<see cref="BaselineResult.Recorded"/>).</summary>
    Recorded,

    /// <summary>Verify found major or critical findings: nothing was recorded (<see cref="BaselineResult.Verification"/>).</summary>
    Refused,

    /// <summary>Another run holds the migration lock (<see cref="BaselineResult.Error"/> says who): nothing was recorded.</summary>
    LockNotHad,
}

/// <summary>What <c>baseline</c> did: the verification it relied on, and the migrations whose checksums it recorded.</summary>
public sealed record BaselineResult(BaselineOutcome Outcome, DatabaseTarget Target, EnvironmentResult? Verification, IReadOnlyList<LockedMigration> Recorded, string? Error = null);

/// <summary>
/// <c>baseline</c>: records checksums for migrations another tool applied (in the history table, not in the audit trail),
/// on the migration session under the tool's lock, once verify says the schema is what those migrations produce.
/// </summary>
public static class BaselineService
{
    public const string SessionName = "schemadrift baseline";

    public static async Task<BaselineResult> RunAsync(BaselineRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var target = request.Target;
        var application = await LoadedApplication.LoadAsync(request.Host with { Parts = MigrationParts.Model }, request.Config, events, ct).ConfigureAwait(false);
        var migrations = application.Migrations;
        await using var shadow = new ShadowServers(request.Shadow, request.Config, events, given: request.ShadowServer);
        try
        {
            await using var session = await MigrationSession.OpenAsync(target, migrations.HistoryTable, new SessionSettings(SessionName), ct).ConfigureAwait(false);
            var schema = await session.ReadHistorySchemaAsync(ct).ConfigureAwait(false);
            try
            {
                await session.LockAsync(request.LockWait, ct).ConfigureAwait(false);
            }
            catch (LockNotAcquiredException ex)
            {
                return new BaselineResult(BaselineOutcome.LockNotHad, target, null, [], ex.Message);
            }

            var applied = await session.ReadAppliedAsync(ct).ConfigureAwait(false);
            var recorded = await AuditTable.ReadRecordedChecksumsAsync(session.Connection, schema, ct).ConfigureAwait(false) ?? new Dictionary<string, string>();
            var appliedSet = applied.ToHashSet(StringComparer.Ordinal);
            var candidates = migrations.Migrations.Where(m => appliedSet.Contains(m.Id) && !recorded.ContainsKey(m.Id)).ToList();
            if (candidates.Count == 0)
            {
                return new BaselineResult(BaselineOutcome.NothingToRecord, target, null, []);
            }

            events.Progress($"{target.Label}: verifying that the schema is what the {applied.Count} applied migration(s) produce");
            var verifier = new Verifier(migrations, shadow.GetAsync, events, VerifyOptions.From(request.Config, ExpectedSchemaCache.ForProject(application.ProjectDirectory)) with
            {
                DesignerChanges = application.WithDesignerChangesAsync,
            });
            var result = await verifier.VerifyAsync(target, ct).ConfigureAwait(false);
            events.Report(new EnvironmentVerified(result));
            if (result.Error is { } error)
            {
                throw ToolException.Environment($"{target.Label} could not be verified: {error}");
            }

            // Every finding verify reports as major or critical refuses, whatever its cause: the summary just said
            // "drift", and recording checksums would vouch for this database and this code.
            if (result.Findings.Any(f => f.Severity >= Severity.Major))
            {
                return new BaselineResult(BaselineOutcome.Refused, target, result, []);
            }

            await AuditTrail.EnsureAsync(session.Connection, schema, ct).ConfigureAwait(false);
            var identity = CiIdentity.FromEnvironment();
            var locked = candidates.Select(m => new LockedMigration(m.Id, MigrationChecksum.Compute(m.Commands))).ToList();
            await using var transaction = await session.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            foreach (var migration in locked)
            {
                await AuditTrail.InsertAsync(session.Connection, transaction, schema, AuditRecord.For(
                    migration.Id, migration.Checksum, target.Environment, AuditAction.Baseline, AuditOutcome.Succeeded, null,
                    DateTimeOffset.UtcNow, TimeSpan.Zero, identity, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim()) with
                {
                    PostVerify = result.Findings.Count == 0 ? "clean" : "drift (minor)",
                }, ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new BaselineResult(BaselineOutcome.Recorded, target, result, locked);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw ToolException.Environment($"{target.Label} ({target.Display}): {ServerErrors.Describe(ex)}", ex);
        }
    }
}
