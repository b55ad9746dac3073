using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Fixing;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>
/// The guarded repair of every drift scenario of <see cref="DriftTests"/>: run on the drifted database it makes
/// verify clean; run again it changes nothing; run on a database without the drift it changes nothing. Extra objects
/// and repairs that can lose data are left alone unless drops are allowed.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class DriftRepairTests(ShopAppFixture shop)
{
    /// <summary>
    /// Why a scenario's repair is withheld without --allow-destructive: extra objects may hold data; narrowing a
    /// column back and rebuilding an enum without a label can lose data. Null: repaired by default.
    /// </summary>
    private static RepairSkip? Withheld(string sql, string kind) =>
        kind.StartsWith("drop-", StringComparison.Ordinal) ? RepairSkip.ExtraObject
        : kind == "replace-enum" || sql.Contains("character varying(400)", StringComparison.Ordinal) ? RepairSkip.Destructive
        : null;

    [Theory]
    [MemberData(nameof(DriftTests.Scenarios), MemberType = typeof(DriftTests))]
    public async Task The_repair_cleans_the_drifted_database_and_changes_nothing_elsewhere(string sql, string kind, string name, Severity severity)
    {
        _ = severity;
        await using var drifted = await shop.MigratedAsync();
        await drifted.ExecuteAsync(sql);

        var safe = await PlanAsync(drifted, allowDestructive: false);
        var repair = safe;
        if (Withheld(sql, kind) is { } reason)
        {
            Assert.Empty(safe.Plan!.Steps);
            Assert.Null(safe.Sql);
            var skipped = Assert.Single(safe.Plan.Skipped);
            Assert.Equal((kind, name, reason), (skipped.Change.Kind, skipped.Change.ObjectName, skipped.Reason));
            repair = await PlanAsync(drifted, allowDestructive: true);
        }

        var step = Assert.Single(repair.Plan!.Steps);
        Assert.Equal((kind, name), (step.Change.Kind, step.Change.ObjectName));
        Assert.NotNull(repair.Sql);

        await RunAsync(drifted, repair.Sql);
        Assert.Empty((await shop.VerifyAsync(drifted)).Findings);
        var repaired = await SnapshotAsync(drifted);
        await RunAsync(drifted, repair.Sql);
        Assert.Equal(repaired, await SnapshotAsync(drifted));

        await using var clean = await shop.MigratedAsync();
        var before = await SnapshotAsync(clean);
        await RunAsync(clean, repair.Sql);
        Assert.Equal(before, await SnapshotAsync(clean));
        Assert.Empty((await shop.VerifyAsync(clean)).Findings);
    }

    [Fact]
    public async Task A_clean_environment_has_nothing_to_repair()
    {
        await using var database = await shop.MigratedAsync();

        var result = await PlanAsync(database, allowDestructive: true);

        Assert.Null(result.Plan);
        Assert.Null(result.Sql);
        Assert.Equal("clean", result.Verification.Status);
    }

    [Fact]
    public async Task Several_drifts_are_repaired_by_one_script_that_also_repairs_any_subset()
    {
        string[] drifts =
        [
            "ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"",
            "DROP INDEX shop.\"IX_Orders_Status\"",
            "ALTER TABLE shop.\"Warehouses\" ALTER COLUMN \"IsActive\" SET DEFAULT false",
            "DROP VIEW shop.customer_order_summaries",
            "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Title\" TYPE character varying(100)",
            "COMMENT ON TABLE shop.\"Products\" IS 'Changed by hand.'",
        ];
        await using var all = await shop.MigratedAsync();
        foreach (var drift in drifts)
        {
            await all.ExecuteAsync(drift);
        }

        var repair = await PlanAsync(all, allowDestructive: false);
        Assert.Equal(drifts.Length, repair.Plan!.Steps.Count);

        await RunAsync(all, repair.Sql!);
        Assert.Empty((await shop.VerifyAsync(all)).Findings);

        await using var some = await shop.MigratedAsync();
        await some.ExecuteAsync(drifts[1]);
        await some.ExecuteAsync(drifts[4]);
        await RunAsync(some, repair.Sql!);
        Assert.Empty((await shop.VerifyAsync(some)).Findings);
    }

    [Fact]
    public async Task An_ignored_difference_is_not_repaired()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync("DROP INDEX shop.\"IX_Orders_Status\"; COMMENT ON TABLE shop.\"Products\" IS 'Changed by hand.'");
        var config = new SchemaDriftConfig { Ignore = [new IgnoreRule { Object = "shop.Products", Kind = "change-comment", Reason = "documented in the wiki" }] };

        var repair = await PlanAsync(database, allowDestructive: false, config);

        Assert.Equal(("add-index", "shop.IX_Orders_Status"), (repair.Plan!.Steps.Single().Change.Kind, repair.Plan.Steps.Single().Change.ObjectName));
        Assert.Contains(repair.Plan.Skipped, s => s.Reason == RepairSkip.Ignored && s.Change.ObjectName == "shop.Products");
    }

    [Fact]
    public async Task A_repair_is_planned_with_a_role_that_can_only_read()
    {
        var database = await shop.MigratedAsync();
        await database.ExecuteAsync("DROP INDEX shop.\"IX_Orders_Status\"");
        await using var reader = await ReadOnlyRole.CreateAsync(shop, database);

        var result = await shop.Repairs.PlanAsync(ConnectionResolver.Resolve(reader.ConnectionString, new SchemaDriftConfig()), allowDestructive: false);

        Assert.Equal(("add-index", "shop.IX_Orders_Status"), (result.Plan!.Steps.Single().Change.Kind, result.Plan.Steps.Single().Change.ObjectName));
        Assert.NotNull(result.Sql);
    }

    [Fact]
    public async Task A_partly_migrated_environment_is_refused_naming_apply()
    {
        await using var database = await shop.MigratedAsync(5);

        var error = await Assert.ThrowsAsync<ToolException>(() => PlanAsync(database, allowDestructive: false));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("2 pending", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet schemadrift apply", error.Message, StringComparison.Ordinal);
    }

    private async Task<DriftRepairResult> PlanAsync(TestDatabase database, bool allowDestructive, SchemaDriftConfig? config = null)
    {
        var target = ConnectionResolver.Resolve(database.ConnectionString, new SchemaDriftConfig());
        if (config is null)
        {
            return await shop.Repairs.PlanAsync(target, allowDestructive);
        }

        await using var configured = new DriftRepair(shop.Migrations, shop.Postgres.Server, config, new ToolConsole(new StringWriter(), new StringWriter(), color: false));
        return await configured.PlanAsync(target, allowDestructive);
    }

    /// <summary>Runs the repair as EF Core runs a migration's SQL: inside one transaction.</summary>
    private static async Task RunAsync(TestDatabase database, string sql) => await database.ExecuteAsync("BEGIN;\n" + sql + "\nCOMMIT;");

    private static async Task<SchemaSnapshot> SnapshotAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await CatalogReader.ReadAsync(connection, CatalogFilter.All);
    }
}
