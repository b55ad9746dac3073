using SchemaDrift.Postgres.Sql;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Provisioning;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Apply.Tests.Faults;

/// <summary>
/// Two throwaway clusters the fault-injection tests may stop and start again: <see cref="Target"/> holds the databases
/// the tool verifies and migrates, <see cref="Shadow"/> is the shadow server the tool is pointed at with --shadow.
/// </summary>
public sealed class FaultClusters : IAsyncLifetime
{
    public LocalCluster Target { get; private set; } = null!;

    public LocalCluster Shadow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binaries = PostgresBinaries.TryFind()
            ?? throw new InvalidOperationException("The fault-injection tests stop and restart servers of their own: they need the PostgreSQL server binaries (initdb, pg_ctl).");
        var clusters = await Task.WhenAll(LocalCluster.StartAsync(binaries), LocalCluster.StartAsync(binaries));
        (Target, Shadow) = (clusters[0], clusters[1]);
    }

    public async Task DisposeAsync()
    {
        await Target.DisposeAsync();
        await Shadow.DisposeAsync();
    }

    /// <summary>The shadow server for --shadow; a replay of ApplyApp's AddRegion sleeps <paramref name="sleep"/> seconds there.</summary>
    public string ShadowConnection(double sleep = 0) => WithSleep(Shadow.AdminConnectionString, sleep);

    /// <summary>A connection string whose sessions make ApplyApp's AddRegion sleep <paramref name="sleep"/> seconds.</summary>
    public static string WithSleep(string connectionString, double sleep) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Options = sleep > 0 ? string.Create(CultureInfo.InvariantCulture, $"-c applyapp.sleep={sleep}") : null }.ConnectionString;

    /// <summary>A database on <see cref="Target"/> with the first <paramref name="count"/> migrations run and recorded by another tool.</summary>
    public async Task<string> MigratedAsync(MigrationsInfo migrations, int count)
    {
        var connectionString = await Target.CreateDatabaseAsync();
        await ShadowDatabase.ReplayAsync(connectionString, migrations.Migrations.Take(count), CancellationToken.None);
        var history = $"{SqlText.QuotedIdent(migrations.HistoryTable.Schema ?? "public")}.{SqlText.QuotedIdent(migrations.HistoryTable.Name)}";
        await ExecuteAsync(connectionString,
            $"CREATE TABLE IF NOT EXISTS {history} (\"MigrationId\" character varying(150) PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL); " +
            string.Concat(migrations.Migrations.Take(count).Select(m => $"INSERT INTO {history} VALUES ('{m.Id}', '{migrations.EfCoreVersion}'); ")));
        return connectionString;
    }

    /// <summary>The shadow databases (by their prefix) on <see cref="Shadow"/>.</summary>
    public async Task<List<string>> ShadowDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(Shadow.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix) ORDER BY 1", connection);
        command.Parameters.AddWithValue("prefix", ShadowDatabase.Prefix + "_");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Polls <paramref name="condition"/> (a boolean query) until it holds; fails when <paramref name="process"/> ends first.</summary>
    public static async Task WaitUntilAsync(string connectionString, string condition, Process process, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await ScalarAsync<bool>(connectionString, condition))
        {
            if (process.HasExited)
            {
                Assert.Fail($"the tool exited {process.ExitCode} before {what}: {await process.StandardError.ReadToEndAsync()}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the tool did not reach {what} within 60 s");
            await Task.Delay(50);
        }
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
