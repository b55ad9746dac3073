using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Commands;
using Xunit.Abstractions;
using static SchemaDrift.Tool.Tests.Backups.BackupSupport;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>
/// <c>dotnet schemadrift backup</c> on a real server: what it writes restores into an empty database with the same
/// schema (the engine's diff is empty) and, in full mode, the same rows; it restores a damaged database in place.
/// </summary>
public sealed class BackupCommandTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-backup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_full_backup_restores_the_same_schema_and_rows_into_an_empty_database_and_over_a_damaged_one()
    {
        await using var source = await PopulatedAsync(fixture);
        var dir = Path.Combine(folder, "dumps");
        var clock = Stopwatch.StartNew();

        var (code, stdout, stderr) = ToolRunner.Run("backup", "--connection", source.ConnectionString, "--dir", dir, "--json");

        Assert.True(code == ExitCodes.Success, stderr);
        using var json = JsonDocument.Parse(stdout);
        var result = json.RootElement;
        var path = result.GetProperty("path").GetString()!;
        Assert.Equal(dir, Path.GetDirectoryName(path));
        Assert.Matches(new Regex($"^{source.Name}_\\d{{8}}T\\d{{6}}Z\\.dump$"), Path.GetFileName(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Equal(new FileInfo(path).Length, result.GetProperty("sizeBytes").GetInt64());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(Sha256(path), result.GetProperty("sha256").GetString());
        Assert.Equal("full", result.GetProperty("mode").GetString());
        Assert.Equal("15", result.GetProperty("serverVersion").GetString());
        Assert.Empty(result.GetProperty("audit").EnumerateArray());
        output.WriteLine($"full backup of {source.Name}: {result.GetProperty("sizeBytes").GetInt64()} bytes, {result.GetProperty("entries").GetInt32()} entries, {result.GetProperty("durationMs").GetInt64()} ms in pg_dump and pg_restore --list, {clock.ElapsedMilliseconds} ms for the command");

        var list = await PgRestoreAsync(source, "--list", path);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("TABLE DATA shop orders", list.Output, StringComparison.Ordinal);
        Assert.Equal(PgRestore.Entries(list).Count, result.GetProperty("entries").GetInt32());

        // Into a new, empty database (createdb, then pg_restore -d).
        await using var restored = await fixture.CreateDatabaseAsync();
        var restore = await PgRestoreAsync(restored, "--exit-on-error", "-d", restored.Name, path);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Empty(await DiffAsync(source, restored));
        var contents = await ContentsAsync(source);
        Assert.All(contents, c => Assert.True(c.Rows > 0, c.Table));
        Assert.Equal(contents, await ContentsAsync(restored));

        // Over the same database, damaged since: pg_restore --clean --if-exists puts back what the dump holds.
        await source.ExecuteAsync("""
            DROP VIEW shop.order_totals;
            ALTER TABLE shop.orders DROP COLUMN note;
            DELETE FROM shop.customers WHERE id % 2 = 0;
            UPDATE shop.blobs SET data = NULL;
            """);
        Assert.NotEmpty(await DiffAsync(source, restored));
        var clean = await PgRestoreAsync(source, "--clean", "--if-exists", "--exit-on-error", "-d", source.Name, path);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Empty(await DiffAsync(source, restored));
        Assert.Equal(contents, await ContentsAsync(source));
    }

    [Fact]
    public async Task A_schema_backup_of_an_environment_goes_where_its_backup_block_says_and_restores_the_schema_without_rows()
    {
        await using var source = await PopulatedAsync(fixture);
        var config = Path.Combine(folder, "schemadrift.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            environments = new { staging = new { connection = source.ConnectionString, backup = new { dir = "dumps", mode = "schema", timeout = "5m" } } },
        }));

        var (code, stdout, stderr) = ToolRunner.Run("backup", "--env", "staging", "--config", config);

        Assert.True(code == ExitCodes.Success, stderr);
        var path = stdout.Trim();
        Assert.Equal(Path.Combine(folder, "dumps"), Path.GetDirectoryName(path));
        Assert.Matches(new Regex(@"^staging_\d{8}T\d{6}Z\.dump$"), Path.GetFileName(path));
        Assert.Contains("staging: backup (schema) " + path, stderr, StringComparison.Ordinal);
        output.WriteLine($"schema backup: {new FileInfo(path).Length} bytes");

        var list = await PgRestoreAsync(source, "--list", path);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.DoesNotContain("TABLE DATA", list.Output, StringComparison.Ordinal);

        await using var restored = await fixture.CreateDatabaseAsync();
        var restore = await PgRestoreAsync(restored, "--exit-on-error", "-d", restored.Name, path);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Empty(await DiffAsync(source, restored));
        Assert.All(await ContentsAsync(restored), c => Assert.Equal(0, c.Rows));

        // The command line overrides the block's mode.
        var full = ToolRunner.Run("backup", "--env", "staging", "--config", config, "--mode", "full", "--json");
        Assert.True(full.ExitCode == ExitCodes.Success, full.Err);
        using var json = JsonDocument.Parse(full.Out);
        Assert.Equal("full", json.RootElement.GetProperty("mode").GetString());
        Assert.NotEqual(path, json.RootElement.GetProperty("path").GetString());
        Assert.True(json.RootElement.GetProperty("sizeBytes").GetInt64() > new FileInfo(path).Length);
    }

    [Fact]
    public async Task Without_a_usable_pg_dump_the_backup_is_refused_naming_the_fix_and_nothing_is_written()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        using var clients = new PgClientFolders();
        var dir = Path.Combine(folder, "dumps");

        var missing = await RefusedAsync(database, dir, clients.Empty);
        Assert.Contains($"pg_dump and pg_restore were not found in {clients.Empty} (SCHEMADRIFT_PG_BIN)", missing, StringComparison.Ordinal);
        Assert.Contains("Install the PostgreSQL 15 client programs (Debian/Ubuntu: apt-get install postgresql-client-15", missing, StringComparison.Ordinal);

        var earlier = await RefusedAsync(database, dir, clients.Earlier);
        Assert.Contains($"pg_dump 12 (pg_dump (PostgreSQL) 12.22, in {clients.Earlier}) is older than the server, PostgreSQL 15", earlier, StringComparison.Ordinal);
        Assert.Contains("or set SCHEMADRIFT_PG_BIN to the folder that holds pg_dump and pg_restore 15 or later", earlier, StringComparison.Ordinal);
        Assert.False(File.Exists(clients.Calls), "the earlier pg_dump was asked to do more than tell its version");
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task The_release_check_runs_on_the_installed_pg_dump()
    {
        var tools = await ClientTools.FindAsync(new PgRelease(15), _ => null, CancellationToken.None);
        Assert.Equal(new PgRelease(15), tools.Release);
        Assert.StartsWith("pg_dump (PostgreSQL) 15.", tools.Version, StringComparison.Ordinal);
        Assert.True(File.Exists(tools.PgRestore));

        // The same pg_dump before a server of the next release: refused, naming what to install.
        var ex = await Assert.ThrowsAsync<BackupException>(() => ClientTools.FindAsync(new PgRelease(16), _ => null, CancellationToken.None));
        Assert.Contains($"pg_dump 15 ({tools.Version}, in ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is older than the server, PostgreSQL 16", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql-client-16", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<string> RefusedAsync(TestDatabase database, string dir, string pgBin)
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() => BackupCommand.RunAsync(
            new BackupCommandSettings { Connection = database.ConnectionString, Dir = dir, GetVariable = name => name == ClientTools.BinVariable ? pgBin : null },
            SchemaDrift.Tool.Reporting.ToolConsole.Null));
        Assert.Equal(ExitCodes.Environment, ex.ExitCode);
        return ex.Message;
    }
}
