using SchemaDrift.Tool;
using SchemaDrift.Postgres.Sql;
using System.Diagnostics;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Fixing;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
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
        var client = await HostClient.CreateAsync(
            new HostOptions { Project = ShopProject },
            new SchemaDriftConfig { Directory = RepositoryRoot },
            ToolEvents.None,
            RepositoryRoot);
        Migrations = await client.GetMigrationsAsync();
        HostLoad = clock.Elapsed;
    }

    /// <summary>One repair planner for the run (its shadow database of all migrations is made once).</summary>
    public DriftRepair Repairs => repairs ??= new DriftRepair(Migrations, Postgres.Server, new SchemaDriftConfig(), ToolEvents.None);

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

    /// <summary>
    /// A fully migrated database whose tables hold rows (products, customers, orders and their lines, reviews, stock),
    /// as production does: every repair must work on it.
    /// </summary>
    public async Task<TestDatabase> PopulatedAsync()
    {
        var n = Migrations.Migrations.Count;
        var template = await Postgres.GetTemplateAsync("shop-verify-populated-" + n, async connectionString =>
        {
            await MigrateAsync(connectionString, n);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var populate = new NpgsqlCommand(PopulateSql, connection);
            await populate.ExecuteNonQueryAsync();
        });
        return await Postgres.CreateDatabaseAsync(template);
    }

    /// <summary>Rows in every table of the sample, written as the application would (its defaults and triggers run).</summary>
    public const string PopulateSql =
        """
        INSERT INTO shop."Categories" ("Name", "Slug") VALUES ('Kitchen', 'kitchen'), ('Coffee', 'coffee');
        INSERT INTO shop."Products" ("Sku", "Name", "Price", "WeightGrams", "Tags")
            SELECT 'SKU-' || i, 'Product ' || i, 10 + i, 100 + i, ARRAY['tag' || (i % 5)] FROM generate_series(1, 40) i;
        INSERT INTO shop."ProductCategories" ("ProductId", "CategoryId") SELECT p."Id", c."Id" FROM shop."Products" p CROSS JOIN shop."Categories" c;
        INSERT INTO shop."Customers" ("Email", "FullName", "MarketingOptIn", "PhoneNumber")
            SELECT 'customer' || i || '@example.com', 'Customer ' || i, i % 2 = 0, '+49 30 ' || i FROM generate_series(1, 25) i;
        INSERT INTO shop."Orders" ("CustomerId", "ShippingAddress_Line1", "ShippingAddress_City", "ShippingAddress_PostalCode", "ShippingAddress_CountryCode", "Currency", "Subtotal", "ShippingCost", "Discount")
            SELECT c."Id", 'Lagerstraße ' || c."Id", 'Berlin', '10115', 'DE', 'EUR', 100 + c."Id", 4.95, 0 FROM shop."Customers" c;
        UPDATE shop."Orders" SET "Status" = 'paid' WHERE "Id" % 3 = 0;
        INSERT INTO shop."OrderLines" ("OrderId", "ProductId", "Quantity", "UnitPrice")
            SELECT o."Id", p."Id", 1 + (p."Id" % 3)::int, p."Price" FROM shop."Orders" o JOIN shop."Products" p ON p."Id" % 10 = o."Id" % 10;
        INSERT INTO shop."Reviews" ("ProductId", "CustomerId", "Rating", "Title", "Body", "IsVerifiedPurchase")
            SELECT p."Id", NULL, 1 + (p."Id" % 5)::smallint, 'Title ' || p."Id", CASE WHEN p."Id" % 2 = 0 THEN 'Body ' || p."Id" END, p."Id" % 2 = 0 FROM shop."Products" p;
        INSERT INTO shop."Warehouses" ("Code", "Name", "Address_Line1", "Address_City", "Address_PostalCode", "Address_CountryCode")
            VALUES ('BER-1', 'Berlin', 'Lagerstraße 1', 'Berlin', '10115', 'DE'), ('HAM-1', 'Hamburg', 'Kai 2', 'Hamburg', '20457', 'DE');
        INSERT INTO shop."StockLevels" ("WarehouseId", "ProductId", "QuantityOnHand", "QuantityReserved")
            SELECT w."Id", p."Id", 10, 1 FROM shop."Warehouses" w CROSS JOIN shop."Products" p;
        INSERT INTO shop."Shipments" ("OrderId", "Carrier", "TrackingNumber", "ShippedAt") SELECT o."Id", 'DHL', 'T' || o."Id", now() FROM shop."Orders" o WHERE o."Status" = 'paid';
        ANALYZE;
        """;

    public string HistoryTable => SqlText.QuotedIdent(Migrations.HistoryTable.Schema ?? "public") + "." + SqlText.QuotedIdent(Migrations.HistoryTable.Name);

    /// <summary>Applies the migrations' SQL as EF Core would, and records each in the history table.</summary>
    public async Task MigrateAsync(string connectionString, int count)
    {
        var migrations = Migrations.Migrations.Take(count).ToList();
        await ShadowDatabase.ReplayAsync(connectionString, migrations, CancellationToken.None);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var schema = Migrations.HistoryTable.Schema;
        var sql = (schema is null ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {SqlText.QuotedIdent(schema)};\n") +
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (\"MigrationId\" character varying(150) NOT NULL, \"ProductVersion\" character varying(32) NOT NULL, " +
            $"CONSTRAINT {SqlText.QuotedIdent("PK_" + Migrations.HistoryTable.Name)} PRIMARY KEY (\"MigrationId\"));";
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
    public Task<EnvironmentResult> VerifyAsync(TestDatabase database, IProgress<ToolEvent>? console = null) => VerifyAsync(database.ConnectionString, console: console);

    /// <summary>Verifies any connection string, optionally against other migrations (an edited copy) or with options.</summary>
    /// The plain case shares one verifier, so that the expected schema is replayed once for the whole test run.
    public Task<EnvironmentResult> VerifyAsync(string connectionString, MigrationsInfo? migrations = null, VerifyOptions? options = null, IProgress<ToolEvent>? console = null)
    {
        var verifier = migrations is null && options is null && console is null
            ? shared ??= NewVerifier(Migrations, null, null)
            : NewVerifier(migrations ?? Migrations, options, console);
        return verifier.VerifyAsync(ConnectionResolver.Resolve(connectionString, new SchemaDriftConfig()));
    }

    private Verifier NewVerifier(MigrationsInfo migrations, VerifyOptions? options, IProgress<ToolEvent>? console) =>
        new(migrations, (_, _) => Task.FromResult(Postgres.Server), console ?? ToolEvents.None, options);

    /// <summary>Records <paramref name="checksums"/> in the audit table as successful applies (created when missing).</summary>
    public async Task RecordChecksumsAsync(TestDatabase database, IEnumerable<(string Id, string Checksum)> checksums)
    {
        var schema = Migrations.HistoryTable.Schema ?? "public";
        await database.ExecuteAsync(AuditTable.CreateSql(schema));
        foreach (var (id, checksum) in checksums)
        {
            await database.ExecuteAsync(
                $"INSERT INTO {AuditTable.QualifiedName(schema)} (migration_id, checksum, environment, action, outcome, started_at) " +
                $"VALUES ('{id}', '{checksum}', 'test', '{AuditAction.Apply.Name()}', '{AuditOutcome.Succeeded.Name()}', now())");
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
