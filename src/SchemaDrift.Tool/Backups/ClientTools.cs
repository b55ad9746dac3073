using SchemaDrift.Provisioning;

namespace SchemaDrift.Tool.Backups;

/// <summary>
/// The pg_dump and pg_restore a backup runs: from one folder, of a release that can dump the server. Found like the
/// server binaries (<see cref="PostgresInstallations"/>: PATH, then the usual install folders), or only in the folder
/// <c>SCHEMADRIFT_PG_BIN</c> names.
/// </summary>
public sealed record ClientTools(string Directory, PgRelease Release, string Version)
{
    /// <summary>The variable naming the one folder to take pg_dump and pg_restore from.</summary>
    public const string BinVariable = "SCHEMADRIFT_PG_BIN";

    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);

    public string PgDump => Path.Combine(Directory, PostgresInstallations.FileName("pg_dump"));

    public string PgRestore => Path.Combine(Directory, PostgresInstallations.FileName("pg_restore"));

    /// <summary>
    /// The folder to use for a server of release <paramref name="server"/>: one whose pg_dump is of the server's
    /// release, else the newest later one. Throws <see cref="BackupException"/>, naming the fix, when there is no
    /// pg_dump (with its pg_restore) or only older ones.
    /// </summary>
    public static async Task<ClientTools> FindAsync(PgRelease server, Func<string, string?> getVariable, CancellationToken ct)
    {
        var given = getVariable(BinVariable) is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
        var folders = given is not null ? [given] : PostgresInstallations.Directories("pg_dump");
        var found = new List<ClientTools>();
        foreach (var directory in folders)
        {
            var candidate = new ClientTools(directory, default, string.Empty);
            if (File.Exists(candidate.PgDump) && File.Exists(candidate.PgRestore)
                && await ReadVersionAsync(candidate.PgDump, ct).ConfigureAwait(false) is { } version
                && PgRelease.FromVersionOutput(version) is { } release)
            {
                found.Add(candidate with { Release = release, Version = version });
            }
        }

        var where = given is not null
            ? $"in {given} ({BinVariable})"
            : "on PATH or in the usual install folders (/usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, /usr/local/pgsql/bin, Homebrew, Postgres.app, Program Files\\PostgreSQL)";
        if (found.Count == 0)
        {
            throw new BackupException($"pg_dump and pg_restore were not found {where}. {Fix(server)}");
        }

        var usable = found.Where(t => t.Release.CanDump(server)).ToList();
        var chosen = usable.FirstOrDefault(t => t.Release == server) ?? usable.OrderByDescending(t => t.Release).FirstOrDefault();
        if (chosen is null)
        {
            var newest = found.OrderByDescending(t => t.Release).First();
            throw new BackupException(
                $"pg_dump {newest.Release} ({newest.Version}, in {newest.Directory}) is older than the server, PostgreSQL {server}: pg_dump cannot dump a server of a later release. {Fix(server)}");
        }

        // pg_restore must read what pg_dump writes: the archive format of a later release is unknown to an earlier one.
        var restore = await ReadVersionAsync(chosen.PgRestore, ct).ConfigureAwait(false);
        if (restore is null || PgRelease.FromVersionOutput(restore) is not { } restoreRelease || restoreRelease < chosen.Release)
        {
            throw new BackupException(
                $"pg_restore in {chosen.Directory} ({restore ?? "no version"}) cannot read what pg_dump {chosen.Release} there writes. {Fix(server)}");
        }

        return chosen;
    }

    /// <summary>What to do: install the server's client programs, or point <see cref="BinVariable"/> at them.</summary>
    public static string Fix(PgRelease server) =>
        $"Install the PostgreSQL {server} client programs (Debian/Ubuntu: apt-get install postgresql-client-{server}; " +
        $"RHEL/Fedora: dnf install postgresql{server}; macOS: brew install postgresql@{server}), or set {BinVariable} to the folder that holds pg_dump and pg_restore {server} or later.";

    /// <summary>The first line of <c>program --version</c>; null when it does not run or says nothing.</summary>
    private static async Task<string?> ReadVersionAsync(string program, CancellationToken ct)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(program, ["--version"], Path.GetDirectoryName(program)!, VersionTimeout, ct: ct).ConfigureAwait(false);
            var line = result.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return result.ExitCode == 0 && !result.TimedOut ? line : null;
        }
        catch (ProcessStartException)
        {
            // Not runnable (no execute permission, a broken file): not a candidate.
            return null;
        }
    }
}
