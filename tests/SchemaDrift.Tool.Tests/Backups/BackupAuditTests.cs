using System.Text;
using System.Text.Json;
using Npgsql;
using SchemaDrift.Testing;
using static SchemaDrift.Tool.Tests.Backups.BackupSupport;
using SchemaDrift.Tool.Audit;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>
/// pg_dump runs as the connection's role, with its password handed over in a private file: the password is never in
/// the output, the dump's name or the audit trail, and a backup is recorded in an audit table made before backups were.
/// </summary>
public sealed class BackupAuditTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    /// <summary>The audit table as versions of the tool before backups made it (no backup columns).</summary>
    private const string EarlierAuditTable = """
        CREATE TABLE shop.__schemadrift_audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, migration_id text NOT NULL, checksum text, environment text,
            action text NOT NULL, outcome text NOT NULL, error text, started_at timestamptz NOT NULL, duration_ms bigint,
            database_user text NOT NULL DEFAULT current_user, os_user text, host text, tool_version text, ci_commit text,
            ci_run_id text, ci_run_url text, reason text, post_verify text);
        INSERT INTO shop.__schemadrift_audit (migration_id, checksum, action, outcome, started_at)
            VALUES ('20260101000000_Initial', 'aa11', 'apply', 'succeeded', now() - interval '1 day');
        CREATE TABLE shop."__EFMigrationsHistory" ("MigrationId" varchar(150) PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
        INSERT INTO shop."__EFMigrationsHistory" VALUES ('20260101000000_Initial', '10.0.15'), ('20260102000000_AddOrders', '10.0.15');
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-backup-audit-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Pg_dump_runs_as_the_role_the_password_shows_nowhere_and_the_backup_is_recorded()
    {
        var role = "backup_" + Guid.NewGuid().ToString("N")[..10];
        var password = $"Pw:sec\\ret 'q' ü;{Guid.NewGuid():N}";
        var database = await PopulatedAsync(fixture);
        try
        {
            await database.ExecuteAsync(EarlierAuditTable + $"""
                CREATE ROLE {role} LOGIN PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}';
                GRANT USAGE ON SCHEMA shop TO {role};
                GRANT SELECT ON ALL TABLES IN SCHEMA shop TO {role};
                GRANT SELECT ON ALL SEQUENCES IN SCHEMA shop TO {role};
                REVOKE SELECT ON shop.blobs FROM {role};
                ALTER TABLE shop.__schemadrift_audit OWNER TO {role};
                """);
            var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString;
            var dir = Path.Combine(folder, "dumps");

            // As the role, without SELECT on one table: pg_dump's own refusal, and no file left behind.
            var denied = ToolRunner.Run("backup", "--connection", connection, "--dir", dir);
            Assert.True(denied.ExitCode == ExitCodes.Environment, denied.Err);
            Assert.Contains("pg_dump failed (exit code 1)", denied.Err, StringComparison.Ordinal);
            Assert.Contains("permission denied for table blobs", denied.Err, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            Assert.DoesNotContain(password, denied.Out + denied.Err, StringComparison.Ordinal);

            await database.ExecuteAsync($"GRANT SELECT ON shop.blobs TO {role}");
            var (code, stdout, stderr) = ToolRunner.Run("backup", "--connection", connection, "--dir", dir, "--json", "--verbose");

            Assert.True(code == ExitCodes.Success, stderr);
            using var json = JsonDocument.Parse(stdout);
            var path = json.RootElement.GetProperty("path").GetString()!;
            Assert.Equal([Path.GetFileName(path)], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
            Assert.Contains("pg_dump --format=custom", stderr, StringComparison.Ordinal);
            var audit = Assert.Single(json.RootElement.GetProperty("audit").EnumerateArray());
            Assert.Equal("shop", audit.GetProperty("schema").GetString());
            Assert.True(audit.GetProperty("recorded").GetBoolean());

            // The password: not in what was printed (verbose, with pg_dump's command line), the name, the dump or the trail.
            Assert.DoesNotContain(password, stdout + stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("sec\\ret", stdout + stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("sec", Path.GetFileName(path), StringComparison.Ordinal);
            Assert.DoesNotContain(password, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)), StringComparison.Ordinal);
            var rows = await ScalarAsync(database, "SELECT string_agg(row_to_json(a)::text, E'\\n' ORDER BY id) FROM shop.__schemadrift_audit a");
            Assert.DoesNotContain(password, rows, StringComparison.Ordinal);

            // The earlier table took the backup columns; its earlier row is as it was, the backup row names the dump.
            await using (var read = await database.OpenAsync())
            {
                var records = (await SchemaDrift.Tool.Audit.AuditTrail.ReadAsync(read, "shop", 10, CancellationToken.None))!;
                Assert.Equal(2, records.Count);
                var backup = records[0];
                Assert.Equal(("backup", "succeeded", "20260102000000_AddOrders", role), (backup.Action.Name(), backup.Outcome.Name(), backup.MigrationId, backup.DatabaseUser));
                Assert.Equal((path, new FileInfo(path).Length, Sha256(path)), (backup.BackupPath, backup.BackupSize, backup.BackupChecksum));
                Assert.Null(backup.Checksum);
                var earlier = records[1];
                Assert.Equal(("apply", "20260101000000_Initial", "aa11"), (earlier.Action.Name(), earlier.MigrationId, earlier.Checksum));
                Assert.Null(earlier.BackupPath);
            }

            var history = ToolRunner.Run("history", "--connection", connection);
            Assert.True(history.ExitCode == ExitCodes.Success, history.Err);
            Assert.Contains($"backup: {path} (", history.Out, StringComparison.Ordinal);
            Assert.Contains($"sha256:{Sha256(path)})", history.Out, StringComparison.Ordinal);
        }
        finally
        {
            await database.DisposeAsync();
            await using var admin = new NpgsqlConnection(fixture.Server.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> ScalarAsync(TestDatabase database, string sql) => (await database.ScalarAsync<string>(sql))!;
}
