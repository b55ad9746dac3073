using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SchemaDrift.Provisioning;

/// <summary>A folder holding initdb, pg_ctl and postgres of one PostgreSQL major version.</summary>
public sealed partial record PostgresBinaries(string Directory, int MajorVersion)
{
    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>The binaries to use, or a clear error saying what to install.</summary>
    public static PostgresBinaries Find(int? preferredMajor = null) =>
        TryFind(preferredMajor) ?? throw new PostgresProvisioningException(
            $"PostgreSQL {PostgresServerBase.MinimumMajorVersion}+ server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them (Debian/Ubuntu: apt-get install postgresql), or set SCHEMADRIFT_TEST_POSTGRES to a server's connection string.");

    /// <summary>
    /// Searches PATH and the usual install folders (<see cref="PostgresInstallations"/>) for supported versions; picks <paramref name="preferredMajor"/> when
    /// present, else the newest.
    /// </summary>
    public static PostgresBinaries? TryFind(int? preferredMajor = null)
    {
        var candidates = PostgresInstallations.Directories("initdb")
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .Select(d => ReadVersion(d) is { } major ? new PostgresBinaries(d, major) : null)
            .OfType<PostgresBinaries>()
            .Where(c => c.MajorVersion >= PostgresServerBase.MinimumMajorVersion)
            .ToList();
        return candidates.FirstOrDefault(c => c.MajorVersion == preferredMajor)
            ?? candidates.OrderByDescending(c => c.MajorVersion).FirstOrDefault();
    }

    private static int? ReadVersion(string directory)
    {
        var output = ProcessRunner.OutputOf(new ProcessStartInfo(Path.Combine(directory, "initdb"), "--version"), TimeSpan.FromSeconds(30));
        var match = output is null ? null : VersionPattern().Match(output);
        return match is { Success: true } ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
