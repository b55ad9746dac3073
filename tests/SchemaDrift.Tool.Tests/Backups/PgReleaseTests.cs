using SchemaDrift.Tool.Backups;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>The release series of pg_dump and of servers, and whether one can dump the other.</summary>
public class PgReleaseTests
{
    [Theory]
    [InlineData("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15, 0)]
    [InlineData("pg_dump (PostgreSQL) 16.4 (Ubuntu 16.4-0ubuntu0.24.04.2)", 16, 0)]
    [InlineData("pg_dump (PostgreSQL) 14.13 (Homebrew)", 14, 0)]
    [InlineData("pg_dump (PostgreSQL) 16.2", 16, 0)]
    [InlineData("pg_dump (PostgreSQL) 12.20", 12, 0)]
    [InlineData("pg_dump (PostgreSQL) 17beta2", 17, 0)]
    [InlineData("pg_dump (PostgreSQL) 18devel", 18, 0)]
    [InlineData("pg_dump (PostgreSQL) 9.6.24", 9, 6)]
    [InlineData("pg_restore (PostgreSQL) 13.16\n", 13, 0)]
    public void Reads_the_release_from_what_pg_dump_version_prints(string output, int major, int minor) =>
        Assert.Equal(new PgRelease(major, minor), PgRelease.FromVersionOutput(output));

    [Theory]
    [InlineData("")]
    [InlineData("pg_dump: command not found")]
    [InlineData("dotnet 10.0.100")]
    public void Text_that_names_no_PostgreSQL_release_reads_as_none(string output) =>
        Assert.Null(PgRelease.FromVersionOutput(output));

    [Theory]
    [InlineData(150018, 15, 0)]
    [InlineData(170002, 17, 0)]
    [InlineData(100023, 10, 0)]
    [InlineData(90624, 9, 6)]
    public void Reads_a_servers_release_from_server_version_num(int versionNum, int major, int minor) =>
        Assert.Equal(new PgRelease(major, minor), PgRelease.FromServerVersionNum(versionNum));

    [Theory]
    [InlineData("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 150003, true)]
    [InlineData("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 130016, true)]
    [InlineData("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 160004, false)]
    [InlineData("pg_dump (PostgreSQL) 12.20", 150018, false)]
    [InlineData("pg_dump (PostgreSQL) 17beta2", 160004, true)]
    [InlineData("pg_dump (PostgreSQL) 9.6.24", 90624, true)]
    [InlineData("pg_dump (PostgreSQL) 9.6.24", 100023, false)]
    [InlineData("pg_dump (PostgreSQL) 9.5.25", 90624, false)]
    public void Pg_dump_dumps_its_own_release_and_earlier_ones_only(string pgDump, int serverVersionNum, bool canDump) =>
        Assert.Equal(canDump, PgRelease.FromVersionOutput(pgDump)!.Value.CanDump(PgRelease.FromServerVersionNum(serverVersionNum)));

    [Fact]
    public void Npgsqls_server_version_gives_the_same_release_as_server_version_num()
    {
        Assert.Equal(PgRelease.FromServerVersionNum(150018), PgRelease.FromServer(new Version(15, 18)));
        Assert.Equal(PgRelease.FromServerVersionNum(90624), PgRelease.FromServer(new Version(9, 6, 24)));
        Assert.Equal("9.6", PgRelease.FromServer(new Version(9, 6, 24)).ToString());
        Assert.Equal("15", PgRelease.FromServer(new Version(15, 18)).ToString());
    }
}
