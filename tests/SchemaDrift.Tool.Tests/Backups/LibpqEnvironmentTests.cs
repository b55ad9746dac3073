using Npgsql;
using SchemaDrift.Tool.Backups;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>The connection as pg_dump receives it: libpq's variables and a password file, never the password in a variable.</summary>
public class LibpqEnvironmentTests
{
    private const string Password = "s3:cr\\et pass";

    [Fact]
    public void Every_setting_that_decides_where_and_how_to_connect_becomes_a_libpq_variable_and_the_password_none()
    {
        var connection = new NpgsqlConnectionStringBuilder(
            $"Host=db1:5433,db2;Port=6432;Database=shop;Username=deploy;Password={Password};SSL Mode=VerifyFull;Root Certificate=/etc/ca.pem;Timeout=7;Options=-c search_path=shop;Target Session Attributes=prefer-primary");

        var variables = LibpqEnvironment.For(connection, "schemadrift backup", "/tmp/x/pgpass");

        Assert.Equal("db1,db2", variables["PGHOST"]);
        Assert.Equal("5433,6432", variables["PGPORT"]);
        Assert.Equal("shop", variables["PGDATABASE"]);
        Assert.Equal("deploy", variables["PGUSER"]);
        Assert.Equal("verify-full", variables["PGSSLMODE"]);
        Assert.Equal("/etc/ca.pem", variables["PGSSLROOTCERT"]);
        Assert.Equal("7", variables["PGCONNECT_TIMEOUT"]);
        Assert.Equal("-c search_path=shop", variables["PGOPTIONS"]);
        Assert.Equal("primary", variables["PGTARGETSESSIONATTRS"]);
        Assert.Equal("schemadrift backup", variables["PGAPPNAME"]);
        Assert.Equal("/tmp/x/pgpass", variables["PGPASSFILE"]);

        // What would point libpq elsewhere, or at another password, is removed from what the child inherits.
        foreach (var name in new[] { "PGPASSWORD", "PGSERVICE", "PGSERVICEFILE", "PGHOSTADDR" })
        {
            Assert.True(variables.ContainsKey(name) && variables[name] is null, name);
        }

        Assert.DoesNotContain(variables.Values, v => v is not null && v.Contains("s3:cr", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_password_libpq_reads_the_callers_own_as_Npgsql_does()
    {
        var variables = LibpqEnvironment.For(new NpgsqlConnectionStringBuilder("Host=/var/run/postgresql;Database=shop;Username=app"), "x", null);

        Assert.Equal("/var/run/postgresql", variables["PGHOST"]);
        Assert.Equal("5432", variables["PGPORT"]);
        Assert.False(variables.ContainsKey("PGPASSWORD"));
        Assert.False(variables.ContainsKey("PGPASSFILE"));
        Assert.Null(variables["PGSERVICE"]);
    }

    [Fact]
    public void A_passfile_of_the_connection_is_handed_on()
    {
        var variables = LibpqEnvironment.For(new NpgsqlConnectionStringBuilder("Host=db;Username=app;Passfile=/home/app/.pgpass"), "x", null);

        Assert.Equal("/home/app/.pgpass", variables["PGPASSFILE"]);
        Assert.Null(variables["PGPASSWORD"]);
    }

    [Theory]
    [InlineData("plain", "*:*:*:*:plain\n")]
    [InlineData("a:b\\c", "*:*:*:*:a\\:b\\\\c\n")]
    [InlineData("with 'quotes' and ü", "*:*:*:*:with 'quotes' and ü\n")]
    public void The_password_file_escapes_what_libpq_reads_as_separators(string password, string line) =>
        Assert.Equal(line, LibpqEnvironment.PasswordLine(password));

    [Fact]
    public void A_password_with_a_line_break_cannot_be_given_to_pg_dump_and_says_so_without_showing_it()
    {
        var ex = Assert.Throws<BackupException>(() => LibpqEnvironment.PasswordLine("first\nsecond"));

        Assert.Contains("line break", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("first", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_file_is_readable_by_this_user_only()
    {
        var folder = Directory.CreateTempSubdirectory("schemadrift-pgpass-test-");
        try
        {
            var path = LibpqEnvironment.WritePasswordFile(new NpgsqlConnectionStringBuilder($"Host=db;Password={Password}"), folder.FullName)!;

            Assert.Equal("*:*:*:*:s3\\:cr\\\\et pass\n", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            Assert.Null(LibpqEnvironment.WritePasswordFile(new NpgsqlConnectionStringBuilder("Host=db"), folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
