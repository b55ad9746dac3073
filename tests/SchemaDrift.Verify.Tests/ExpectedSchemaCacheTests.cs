using SchemaDrift.Tool;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>The expected schema of a sequence of migrations, kept on disk so that the shadow replay can be skipped.</summary>
[Collection(ShopCollection.Name)]
public sealed class ExpectedSchemaCacheTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-cache-").FullName;
    private int shadowRequests;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_snapshot_survives_json_unchanged()
    {
        await using var database = await shop.MigratedAsync();
        await using var connection = await database.OpenAsync();
        var snapshot = await CatalogReader.ReadAsync(connection, CatalogFilter.All with { IncludePrivileges = true });

        var copy = SnapshotJson.Deserialize(SnapshotJson.Serialize(snapshot));

        Assert.Equal(snapshot, copy);
        Assert.Empty(SchemaDiffer.Compare(snapshot, copy).Changes);
        Assert.Equal(snapshot.AllObjects().Select(o => o.Key), copy.AllObjects().Select(o => o.Key));
    }

    [Fact]
    public async Task The_second_run_needs_no_shadow_server_and_finds_the_same()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");

        var first = await VerifyAsync(database.ConnectionString, shop.Migrations);
        var requestsAfterFirst = shadowRequests;
        var second = await VerifyAsync(database.ConnectionString, shop.Migrations);

        Assert.True(requestsAfterFirst > 0);
        Assert.False(first.Timings!.ExpectedFromCache);
        Assert.Equal(requestsAfterFirst, shadowRequests);
        Assert.True(second.Timings!.ExpectedFromCache);
        Assert.Equal(first.Findings, second.Findings);
        Assert.Equal(("missing-column", "shop.Reviews.Body"), (second.Findings.Single().KindName(), second.Findings.Single().Object));
    }

    [Fact]
    public async Task An_edited_migration_is_a_cache_miss()
    {
        await using var database = await shop.MigratedAsync();
        await VerifyAsync(database.ConnectionString, shop.Migrations);
        var before = shadowRequests;

        var result = await VerifyAsync(database.ConnectionString, ChecksumAndLockTests.Edit(shop.Migrations, 6));

        Assert.True(shadowRequests > before);
        Assert.False(result.Timings!.ExpectedFromCache);
    }

    [Fact]
    public async Task A_damaged_entry_is_a_miss_and_is_replaced()
    {
        await using var database = await shop.MigratedAsync();
        await VerifyAsync(database.ConnectionString, shop.Migrations);
        foreach (var file in Directory.GetFiles(folder, "*.json"))
        {
            await File.WriteAllTextAsync(file, "{ \"ServerVersionNum\": ");
        }

        var damaged = await VerifyAsync(database.ConnectionString, shop.Migrations);
        var repaired = await VerifyAsync(database.ConnectionString, shop.Migrations);

        Assert.Empty(damaged.Findings);
        Assert.False(damaged.Timings!.ExpectedFromCache);
        Assert.Empty(repaired.Findings);
        Assert.True(repaired.Timings!.ExpectedFromCache);
    }

    [Fact]
    public async Task An_expected_schema_from_another_major_version_is_a_warning_in_the_result()
    {
        await using var database = await shop.MigratedAsync();
        await VerifyAsync(database.ConnectionString, shop.Migrations);
        var cache = new ExpectedSchemaCache(folder);
        foreach (var file in Directory.GetFiles(folder, "replay-*.json"))
        {
            var key = Path.GetFileNameWithoutExtension(file);
            var snapshot = cache.TryLoad(key)!;
            Assert.True(cache.TrySave(key, snapshot with { ServerVersionNum = (snapshot.ServerMajorVersion + 1) * 10000 }));
        }

        var result = await VerifyAsync(database.ConnectionString, shop.Migrations);

        Assert.Empty(result.Findings);
        var note = Assert.Single(result.Notes);
        Assert.Contains($"runs PostgreSQL {shop.Postgres.Server.MajorVersion + 1}", note, StringComparison.Ordinal);
        Assert.Contains("--shadow", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environments_with_the_same_applied_migrations_share_one_replay_within_a_run()
    {
        await using var dev = await shop.MigratedAsync();
        await using var production = await shop.MigratedAsync();
        await production.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        var verifier = new Verifier(
            shop.Migrations,
            (_, _) =>
            {
                Interlocked.Increment(ref shadowRequests);
                return Task.FromResult<IPostgresServer>(shop.Postgres.Server);
            },
            ToolEvents.None);

        var first = await verifier.VerifyAsync(ConnectionResolver.Resolve(dev.ConnectionString, new SchemaDriftConfig()));
        var second = await verifier.VerifyAsync(ConnectionResolver.Resolve(production.ConnectionString, new SchemaDriftConfig()));

        Assert.Equal(1, shadowRequests);
        Assert.Empty(first.Findings);
        Assert.Equal(("missing-column", "shop.Reviews.Body"), (second.Findings.Single().KindName(), second.Findings.Single().Object));
    }

    [Fact]
    public void Keys_depend_on_the_migrations_the_version_and_the_filter()
    {
        var filter = CatalogFilter.All;
        var key = ExpectedSchemaCache.KeyFor("replay", 15, filter, ["a 1", "b 2"]);

        Assert.Equal(key, ExpectedSchemaCache.KeyFor("replay", 15, filter, ["a 1", "b 2"]));
        Assert.NotEqual(key, ExpectedSchemaCache.KeyFor("replay", 15, filter, ["a 1", "b 3"]));
        Assert.NotEqual(key, ExpectedSchemaCache.KeyFor("replay", 16, filter, ["a 1", "b 2"]));
        Assert.NotEqual(key, ExpectedSchemaCache.KeyFor("replay", 15, filter with { ExcludeSchemas = ["audit"] }, ["a 1", "b 2"]));
        Assert.NotEqual(key, ExpectedSchemaCache.KeyFor("model", 15, filter, ["a 1", "b 2"]));
    }

    private Task<EnvironmentResult> VerifyAsync(string connectionString, Protocol.MigrationsInfo migrations)
    {
        var verifier = new Verifier(
            migrations,
            (_, _) =>
            {
                Interlocked.Increment(ref shadowRequests);
                return Task.FromResult<IPostgresServer>(shop.Postgres.Server);
            },
            ToolEvents.None,
            new VerifyOptions(Cache: new ExpectedSchemaCache(folder)));
        return verifier.VerifyAsync(ConnectionResolver.Resolve(connectionString, new SchemaDriftConfig()));
    }
}
