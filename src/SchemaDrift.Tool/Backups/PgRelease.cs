using System.Globalization;
using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Backups;

/// <summary>
/// A PostgreSQL release series, the unit pg_dump's compatibility is decided in: the major version from 10 on
/// (<c>15</c>), the first two numbers before (<c>9.6</c>). pg_dump refuses to dump a server of a later series than
/// its own ("aborting because of server version mismatch"), and reads every earlier one.
/// </summary>
public readonly partial record struct PgRelease(int Major, int Minor = 0) : IComparable<PgRelease>
{
    /// <summary>The series of a server, from <c>server_version_num</c> (150018 → 15, 90624 → 9.6).</summary>
    public static PgRelease FromServerVersionNum(int versionNum) =>
        versionNum >= 100000 ? new(versionNum / 10000) : new(versionNum / 10000, versionNum / 100 % 100);

    /// <summary>The series of a server as Npgsql reports its version (15.18 → 15, 9.6.24 → 9.6).</summary>
    public static PgRelease FromServer(Version version) =>
        version.Major >= 10 ? new(version.Major) : new(version.Major, Math.Max(version.Minor, 0));

    /// <summary>
    /// The series a PostgreSQL program reports with <c>--version</c>: <c>pg_dump (PostgreSQL) 15.18 (Debian
    /// 15.18-0+deb12u1)</c> → 15, <c>pg_dump (PostgreSQL) 17beta2</c> → 17, <c>pg_dump (PostgreSQL) 9.6.24</c> → 9.6.
    /// Null when the text names no PostgreSQL version (another program, or a fork that does not say it is one).
    /// </summary>
    public static PgRelease? FromVersionOutput(string output)
    {
        var match = VersionPattern().Match(output ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = major < 10 && match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return new PgRelease(major, minor);
    }

    /// <summary>Whether pg_dump of this series can dump a server of <paramref name="server"/>'s: its own or an earlier one.</summary>
    public bool CanDump(PgRelease server) => CompareTo(server) >= 0;

    public int CompareTo(PgRelease other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(PgRelease left, PgRelease right) => left.CompareTo(right) < 0;

    public static bool operator >(PgRelease left, PgRelease right) => left.CompareTo(right) > 0;

    public static bool operator <=(PgRelease left, PgRelease right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PgRelease left, PgRelease right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        Major >= 10 ? Major.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
