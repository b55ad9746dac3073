using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Backups;

/// <summary>A dump written and read back: where it is, what it weighs, its checksum, and how it was made.</summary>
public sealed record BackupResult(
    string Path,
    long Size,
    string Sha256,
    BackupMode Mode,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Entries,
    PgRelease Server,
    ClientTools Tools);

/// <summary>
/// Takes a backup: <c>pg_dump -Fc</c> (schema only, or schema and data) as the connection's role, with a time limit,
/// into <c>DIR/&lt;environment&gt;_&lt;UTC time&gt;.dump</c>, then <c>pg_restore --list</c> reads it back, and its
/// size and SHA-256 are taken. Connection settings reach pg_dump through libpq's environment and a password file
/// (<see cref="LibpqEnvironment"/>), never its command line, and are never printed. A dump that failed, timed out or
/// cannot be read is deleted: a file under the final name is always a complete, readable dump.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>The application_name of pg_dump's session, so pg_stat_activity shows who reads every table.</summary>
    public const string SessionName = "schemadrift backup";

    /// <param name="target">The database, as the command resolved it.</param>
    /// <param name="server">The server's release (read on the command's own connection).</param>
    /// <param name="lockWait">How long pg_dump waits for each table's lock (<c>--lock-wait-timeout</c>); zero waits without limit.</param>
    public static async Task<BackupResult> RunAsync(
        DatabaseTarget target, BackupSettings settings, PgRelease server, TimeSpan lockWait, IProgress<ToolEvent> events, Func<string, string?> getVariable, CancellationToken ct)
    {
        var tools = await ClientTools.FindAsync(server, getVariable, ct).ConfigureAwait(false);
        events.Detail($"{tools.Version} ({tools.Directory}) for PostgreSQL {server}");
        try
        {
            Directory.CreateDirectory(settings.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"the backup folder {settings.Directory} cannot be created: {ex.Message}", ex);
        }

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (path, partial) = Reserve(settings.Directory, FileStem(target), started);
        var secrets = Directory.CreateTempSubdirectory("schemadrift-pg-");
        var complete = false;
        try
        {
            var environment = LibpqEnvironment.For(target.Connection, SessionName, LibpqEnvironment.WritePasswordFile(target.Connection, secrets.FullName));
            List<string> arguments = ["--format=custom", "--file=" + partial, "--no-password"];
            if (settings.Mode == BackupMode.Schema)
            {
                arguments.Add("--schema-only");
            }

            if (lockWait > TimeSpan.Zero)
            {
                arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--lock-wait-timeout={(long)Math.Ceiling(lockWait.TotalMilliseconds)}"));
            }

            events.Progress($"{target.Label}: backing up ({BackupSettings.ModeName(settings.Mode)}, pg_dump {tools.Release}) into {settings.Directory}");
            var dump = await RunAsync(tools.PgDump, arguments, settings, environment, events, ct).ConfigureAwait(false);
            if (dump.TimedOut)
            {
                throw new BackupException($"pg_dump did not finish within {Durations.Describe(settings.Timeout)} and was stopped; the partial dump was deleted. Give it longer (\"timeout\" of \"backup\" in schemadrift.json, or --timeout of backup), or back up with mode schema.");
            }

            if (dump.ExitCode != 0)
            {
                throw new BackupException($"pg_dump failed (exit code {dump.ExitCode}): {Said(dump.Error)}; the partial dump was deleted.");
            }

            var list = await RunAsync(tools.PgRestore, ["--list", partial], settings, environment, events, ct).ConfigureAwait(false);
            var entries = list.Output.Split('\n').Count(line => line.Length > 0 && !line.StartsWith(';'));
            if (list.TimedOut || list.ExitCode != 0 || entries == 0)
            {
                throw new BackupException($"pg_restore --list cannot read the dump pg_dump wrote ({(list.TimedOut ? "it timed out" : Said(list.Error + list.Output))}); it was deleted.");
            }

            var (size, sha256) = await HashAsync(partial, ct).ConfigureAwait(false);
            File.Move(partial, path);
            complete = true;
            return new BackupResult(path, size, sha256, settings.Mode, started, clock.Elapsed, entries, server, tools);
        }
        finally
        {
            if (!complete)
            {
                TryDelete(partial);
            }

            TryDelete(secrets);
        }
    }

    /// <summary>The file's stem: the environment's name, else the database's (letters, digits, <c>.</c>, <c>-</c> and <c>_</c> kept).</summary>
    public static string FileStem(DatabaseTarget target)
    {
        var name = target.Environment ?? target.Connection.Database ?? target.Connection.Username ?? "database";
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "database" : safe;
    }

    /// <summary>A size for people: <c>18.4 KiB</c>, <c>2.1 GiB</c>.</summary>
    public static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>
    /// The final name (<c>stem_yyyyMMddTHHmmssZ.dump</c>, with <c>_2</c>, <c>_3</c>… when a dump of the same second
    /// exists) and the hidden file pg_dump writes first, created here empty and readable by this user only: a dump may
    /// hold production data.
    /// </summary>
    private static (string Path, string Partial) Reserve(string directory, string stem, DateTimeOffset at)
    {
        var time = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? $"{stem}_{time}.dump" : string.Create(CultureInfo.InvariantCulture, $"{stem}_{time}_{n}.dump");
            var path = Path.Combine(directory, name);
            var partial = Path.Combine(directory, "." + name + ".partial");
            if (File.Exists(path))
            {
                continue;
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using (new FileStream(partial, options))
                {
                }

                return (path, partial);
            }
            catch (IOException) when (File.Exists(partial))
            {
                // Another run reserved this name in the same second.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BackupException($"the dump cannot be written into {directory}: {ex.Message}", ex);
            }
        }
    }

    private static async Task<ProcessResult> RunAsync(
        string program, List<string> arguments, BackupSettings settings, IReadOnlyDictionary<string, string?> environment, IProgress<ToolEvent> events, CancellationToken ct)
    {
        events.Detail(ProcessRunner.Display(program, arguments));
        try
        {
            return await ProcessRunner.RunAsync(program, arguments, settings.Directory, settings.Timeout, environment, events.Detail, ct).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            throw new BackupException($"{ex.Message}.", ex);
        }
    }

    private static async Task<(long Size, string Sha256)> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>What a program printed, on one line, shortened.</summary>
    private static string Said(string text)
    {
        var line = new StringBuilder();
        foreach (var part in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            line.Append(line.Length == 0 ? string.Empty : " | ").Append(part);
        }

        var said = line.Length == 0 ? "it printed nothing" : line.ToString();
        return said.Length <= 1500 ? said : said[..1497] + "...";
    }

    /// <summary>Deletes the folder of the password file; what cannot be deleted is this user's alone, in its temporary folder.</summary>
    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Readable by this user only (0700 folder, 0600 file); the failure of the backup matters more.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left as a hidden .partial file, never under a dump's name.
        }
    }
}
