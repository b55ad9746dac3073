using System.Diagnostics;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Fixing;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopAppFixture>
{
    public const string Name = "shop";
}

/// <summary>
/// ShopApp built and loaded once per test run (its migrations, as the design-time host gives them), and two
/// template databases: every migration applied with its history rows, and the first four only.
/// </summary>
public sealed class ShopAppFixture : IAsyncLifetime
{
    public PostgresFixture Postgres { get; } = new();

    private Verifier? shared;
    private DriftRepair? repairs;

    public MigrationsInfo Migrations { get; private set; } = null!;

    public TimeSpan HostLoad { get; private set; }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ShopProject => Path.Combine(RepositoryRoot, "samples", "ShopApp", "ShopApp.csproj");

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var clock = Stopwatch.StartNew();
        var console = new ToolConsole(new StringWriter(), new StringWriter(), color: false);
        var client = await HostClient.CreateAsync(
            new HostOptions { Project = ShopProject },
            new SchemaDriftConfig { Directory = RepositoryRoot },
            console,
            RepositoryRoot);
        Migrations = await client.GetMigrationsAsync();
        HostLoad = clock.Elapsed;
    }

    /// <summary>One repair planner for the run (its shadow database of all migrations is made once).</summary>
    public DriftRepair Repairs => repairs ??= new DriftRepair(Migrations, Postgres.Server, new SchemaDriftConfig(), new ToolConsole(new StringWriter(), new StringWriter(), color: false));

    public async Task DisposeAsync()
    {
        if (repairs is not null)
        {
            await repairs.DisposeAsync();
        }
    }

    /// <summary>A database with the first <paramref name="count"/> migrations (all when null) and their history rows.</summary>
    public async Task<TestDatabase> MigratedAsync(int? count = null)
    {
        var n = count ?? Migrations.Migrations.Count;
        var template = await Postgres.GetTemplateAsync("shop-verify-" + n, connectionString => MigrateAsync(connectionString, n));
        return await Postgres.CreateDatabaseAsync(template);
    }

    public string HistoryTable => MigrationHistory.Quote(Migrations.HistoryTable.Schema ?? "public") + "." + MigrationHistory.Quote(Migrations.HistoryTable.Name);

    /// <summary>Applies the migrations' SQL as EF Core would, and records each in the history table.</summary>
    public async Task MigrateAsync(string connectionString, int count)
    {
        var migrations = Migrations.Migrations.Take(count).ToList();
        await ShadowDatabase.ReplayAsync(connectionString, migrations, CancellationToken.None);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var schema = Migrations.HistoryTable.Schema;
        var sql = (schema is null ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {MigrationHistory.Quote(schema)};\n") +
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (\"MigrationId\" character varying(150) NOT NULL, \"ProductVersion\" character varying(32) NOT NULL, " +
            $"CONSTRAINT {MigrationHistory.Quote("PK_" + Migrations.HistoryTable.Name)} PRIMARY KEY (\"MigrationId\"));";
        await using (var create = new NpgsqlCommand(sql, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        foreach (var migration in migrations)
        {
            await using var insert = new NpgsqlCommand($"INSERT INTO {HistoryTable} (\"MigrationId\", \"ProductVersion\") VALUES (@id, @version)", connection);
            insert.Parameters.AddWithValue("id", migration.Id);
            insert.Parameters.AddWithValue("version", Migrations.EfCoreVersion);
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Verifies one database against the loaded migrations, with the test server as the shadow server.</summary>
    public Task<EnvironmentResult> VerifyAsync(TestDatabase database, ToolConsole? console = null) => VerifyAsync(database.ConnectionString, console: console);

    /// <summary>Verifies any connection string, optionally against other migrations (an edited copy) or with options.</summary>
    /// The plain case shares one verifier, so that the expected schema is replayed once for the whole test run.
    public Task<EnvironmentResult> VerifyAsync(string connectionString, MigrationsInfo? migrations = null, VerifyOptions? options = null, ToolConsole? console = null)
    {
        var verifier = migrations is null && options is null && console is null
            ? shared ??= NewVerifier(Migrations, null, null)
            : NewVerifier(migrations ?? Migrations, options, console);
        return verifier.VerifyAsync(ConnectionResolver.Resolve(connectionString, new SchemaDriftConfig()));
    }

    private Verifier NewVerifier(MigrationsInfo migrations, VerifyOptions? options, ToolConsole? console) =>
        new(migrations, _ => Task.FromResult(Postgres.Server), console ?? new ToolConsole(new StringWriter(), new StringWriter(), color: false), options);

    /// <summary>Records <paramref name="checksums"/> in the audit table as successful applies (created when missing).</summary>
    public async Task RecordChecksumsAsync(TestDatabase database, IEnumerable<(string Id, string Checksum)> checksums)
    {
        var schema = Migrations.HistoryTable.Schema ?? "public";
        await database.ExecuteAsync(AuditTable.CreateSql(schema));
        foreach (var (id, checksum) in checksums)
        {
            await database.ExecuteAsync(
                $"INSERT INTO {AuditTable.QualifiedName(schema)} (migration_id, checksum, environment, action, outcome, started_at) " +
                $"VALUES ('{id}', '{checksum}', 'test', '{AuditTable.ActionApply}', '{AuditTable.OutcomeSucceeded}', now())");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}
