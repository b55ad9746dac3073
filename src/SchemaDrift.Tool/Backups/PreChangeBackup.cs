using System.Globalization;
using Npgsql;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Backups;

/// <summary>
/// "Back up before any change": the one call a command that changes a database makes after its checks and before its
/// first change (apply; rollback the same way). It takes the backup the command line (<c>--backup DIR</c>,
/// <c>--backup-mode</c>) or the environment's <c>"backup"</c> asks for, checks it, and records its path, size and
/// checksum in the audit trail of the history table's schema.
/// </summary>
public static class PreChangeBackup
{
    /// <param name="Directory">The <c>--backup</c> folder (null: the environment's, if any).</param>
    /// <param name="Mode">The <c>--backup-mode</c> (null: the environment's, else full).</param>
    /// <param name="Connection">The command's open connection (not in a transaction): the server's version is read
    /// from it and the audit record written on it.</param>
    /// <param name="LockTimeout">How long pg_dump waits for each table's lock.</param>
    public sealed record Request(
        string? Directory,
        string? Mode,
        DatabaseTarget Target,
        EnvironmentConfig? Environment,
        SchemaDriftConfig Config,
        NpgsqlConnection Connection,
        string HistorySchema,
        string HistoryTable,
        TimeSpan LockTimeout)
    {
        /// <summary>Where <c>SCHEMADRIFT_PG_BIN</c> is read (the process environment unless a test says otherwise).</summary>
        public Func<string, string?> GetVariable { get; init; } = System.Environment.GetEnvironmentVariable;
    }

    /// <summary>
    /// Checks, before a command does anything else, that the backup it would take is well asked for (a usage error
    /// otherwise, exit 3): a mode it can read, and a folder for it.
    /// </summary>
    public static void Validate(string? directory, string? mode, EnvironmentConfig? environment, SchemaDriftConfig config) =>
        BackupSettings.Resolve(directory, mode, null, environment, config, System.IO.Directory.GetCurrentDirectory(), BackupSettings.ApplyOptions);

    /// <summary>
    /// Takes the backup; null when none is asked for. Throws <see cref="BackupException"/> when none could be made
    /// (pg_dump missing or older than the server, the dump failed or cannot be read): the caller must change nothing.
    /// </summary>
    public static async Task<BackupResult?> RunAsync(Request request, IProgress<ToolEvent> events, CancellationToken ct)
    {
        var settings = BackupSettings.Resolve(
            request.Directory, request.Mode, null, request.Environment, request.Config, System.IO.Directory.GetCurrentDirectory(), BackupSettings.ApplyOptions);
        if (settings is null)
        {
            return null;
        }

        var target = request.Target;
        var backup = await DatabaseBackup.RunAsync(
            target, settings, PgRelease.FromServer(request.Connection.PostgreSqlVersion), request.LockTimeout, events, request.GetVariable, ct).ConfigureAwait(false);
        events.Success(Summary(target.Label, backup));
        await AuditTrail.EnsureAsync(request.Connection, request.HistorySchema, ct).ConfigureAwait(false);
        if (await BackupAudit.RecordAsync(request.Connection, request.HistorySchema, request.HistoryTable, backup, target.Environment, ct).ConfigureAwait(false) is { } unrecorded)
        {
            events.Warn(unrecorded);
        }

        return backup;
    }

    /// <summary>One line: where the dump is, its size, checksum and entries, and how long it took.</summary>
    public static string Summary(string label, BackupResult backup) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: backup ({BackupSettings.ModeName(backup.Mode)}) {backup.Path}: {DatabaseBackup.Describe(backup.Size)}, sha256:{backup.Sha256}, {backup.Entries} entries read back by pg_restore --list, {backup.Duration.TotalSeconds:0.00} s");
}
