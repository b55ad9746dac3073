using SchemaDrift.Postgres.Drift;
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
/// The guarded repair of every drift scenario of <see cref="DriftTests"/>, on a copy of the sample whose tables hold
/// rows: run on the drifted database it makes verify clean and keeps every row; run again it changes nothing; run on a
/// database without the drift it changes nothing. Extra objects, extra comments and repairs that can lose data are left
/// alone unless drops are allowed; a repair that needs a value no one can know is refused, naming the decision.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class DriftRepairTests(ShopAppFixture shop)
{
    /// <summary>Why a scenario's repair is withheld without --allow-destructive, or for good. Null: repaired by default.</summary>
    private static RepairSkip? Withheld(string sql, string kind) =>
        sql.Contains("IsVerifiedPurchase", StringComparison.Ordinal) || sql.Contains("\"Rating\" DROP NOT NULL", StringComparison.Ordinal) ? RepairSkip.NeedsDecision
        : kind == "extra-enum-value" || sql.Contains("character varying(400)", StringComparison.Ordinal) ? RepairSkip.Destructive
        : kind.StartsWith("extra-", StringComparison.Ordinal) ? RepairSkip.ExtraObject
        : null;

    [Theory]
    [MemberData(nameof(DriftTests.Scenarios), MemberType = typeof(DriftTests))]
    public async Task The_repair_cleans_the_drifted_database_keeps_its_rows_and_changes_nothing_elsewhere(string sql, string kind, string name, Severity severity)
    {
        _ = severity;
        await using var drifted = await shop.PopulatedAsync();
        var rows = await RowCountsAsync(drifted);
        await drifted.ExecuteAsync(sql);

        var safe = await PlanAsync(drifted, allowDestructive: false);
        var repair = safe;
        var reason = Withheld(sql, kind);
        if (reason is not null)
        {
            Assert.Empty(safe.Plan!.Steps);
            Assert.Null(safe.Sql);
            var skipped = Assert.Single(safe.Plan.Skipped);
            Assert.Equal((kind, name, reason), (skipped.Drift.Kind.Name(), skipped.Drift.ObjectName, skipped.Reason));
            if (reason == RepairSkip.NeedsDecision)
            {
                Assert.Contains("NOT NULL", skipped.Explanation, StringComparison.Ordinal);
                Assert.Null((await PlanAsync(drifted, allowDestructive: true)).Sql);
                return;
            }

            repair = await PlanAsync(drifted, allowDestructive: true);
        }

        var step = Assert.Single(repair.Plan!.Steps);
        Assert.Equal((kind, name), (step.Drift.Kind.Name(), step.Drift.ObjectName));
        Assert.NotNull(repair.Sql);

        await RunAsync(drifted, repair.Sql);
        Assert.Empty((await shop.VerifyAsync(drifted)).Findings);
        if (reason is null)
        {
            Assert.Equal(rows, await RowCountsAsync(drifted));
        }

        var repaired = await SnapshotAsync(drifted);
        await RunAsync(drifted, repair.Sql);
        Assert.Equal(repaired, await SnapshotAsync(drifted));

        await using var clean = await shop.PopulatedAsync();
        var before = await SnapshotAsync(clean);
        await RunAsync(clean, repair.Sql);
        Assert.Equal(before, await SnapshotAsync(clean));
        Assert.Equal(rows, await RowCountsAsync(clean));
        Assert.Empty((await shop.VerifyAsync(clean)).Findings);
    }

    [Fact]
    public async Task A_column_renamed_by_hand_is_renamed_back_with_its_data_unless_renames_are_off()
    {
        await using var database = await shop.PopulatedAsync();
        await database.ExecuteAsync("ALTER TABLE shop.\"Reviews\" RENAME COLUMN \"Title\" TO \"Headline\"");
        var target = ConnectionResolver.Resolve(database.ConnectionString, new SchemaDriftConfig());

        var off = await shop.Repairs.PlanAsync(target, allowDestructive: true, renames: false);
        Assert.Contains(off.Plan!.Skipped, s => (s.Drift.Kind.Name(), s.Reason) == ("missing-column", RepairSkip.NeedsDecision));

        var repair = await shop.Repairs.PlanAsync(target, allowDestructive: false);
        var step = Assert.Single(repair.Plan!.Steps);
        Assert.Equal(("likely-renamed-column", "rename-column"), (step.Drift.Kind.Name(), step.Drift.Repair.Action.Name()));
        Assert.Contains("renames Headline back to Title, keeping its data", step.Drift.Repair.Note, StringComparison.Ordinal);
        Assert.Contains("RENAME COLUMN \"Headline\" TO \"Title\"", repair.Sql, StringComparison.Ordinal);
        await RunAsync(database, repair.Sql!);

        Assert.Empty((await shop.VerifyAsync(database)).Findings);
        Assert.Equal(40, await database.ScalarAsync<long>("SELECT count(*) FROM shop.\"Reviews\" WHERE \"Title\" = 'Title ' || \"ProductId\""));
    }

    [Fact]
    public async Task A_column_made_optional_by_hand_gets_its_default_where_it_holds_null_then_not_null_again()
    {
        await using var database = await shop.PopulatedAsync();
        await database.ExecuteAsync("ALTER TABLE shop.\"Warehouses\" ALTER COLUMN \"IsActive\" DROP NOT NULL; UPDATE shop.\"Warehouses\" SET \"IsActive\" = NULL");

        var repair = await PlanAsync(database, allowDestructive: false);
        await RunAsync(database, repair.Sql!);

        Assert.Empty((await shop.VerifyAsync(database)).Findings);
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM shop.\"Warehouses\" WHERE \"IsActive\""));
    }

    [Fact]
    public async Task Row_level_security_and_extra_comments_are_guarded_and_a_dba_comment_goes_only_when_allowed()
    {
        await using var database = await shop.PopulatedAsync();
        await database.ExecuteAsync(
            "ALTER TABLE shop.\"Products\" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY; COMMENT ON COLUMN shop.\"Reviews\".\"Body\" IS 'Written by the DBA: keep.'");

        var safe = await PlanAsync(database, allowDestructive: false);
        Assert.Equal(["row-level-security-differs"], safe.Plan!.Steps.Select(s => s.Drift.Kind.Name()));
        Assert.Contains(safe.Plan.Skipped, s => (s.Drift.Kind.Name(), s.Reason) == ("extra-comment", RepairSkip.ExtraObject));
        await RunAsync(database, safe.Sql!);
        Assert.Equal("false,false", await database.ScalarAsync<string>(
            "SELECT relrowsecurity::text || ',' || relforcerowsecurity::text FROM pg_class WHERE oid = 'shop.\"Products\"'::regclass"));
        Assert.Equal("Written by the DBA: keep.", await database.ScalarAsync<string>(
            "SELECT col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid = 'shop.\"Reviews\"'::regclass AND attname = 'Body'"));

        var all = await PlanAsync(database, allowDestructive: true);
        await RunAsync(database, all.Sql!);
        Assert.Empty((await shop.VerifyAsync(database)).Findings);
    }

    [Fact]
    public async Task A_clean_environment_has_nothing_to_repair()
    {
        await using var database = await shop.MigratedAsync();

        var result = await PlanAsync(database, allowDestructive: true);

        Assert.Null(result.Plan);
        Assert.Null(result.Sql);
        Assert.Equal("clean", result.Verification.Status.Name());
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
        // The rule names the finding's kind as version 1 of the report did (change-comment for comment-differs): it still matches.
        var config = new SchemaDriftConfig { Ignore = [new IgnoreRule { Object = "shop.Products", Kind = "change-comment", Reason = "documented in the wiki" }] };

        var repair = await PlanAsync(database, allowDestructive: false, config);

        Assert.Equal(("missing-index", "shop.IX_Orders_Status"), (repair.Plan!.Steps.Single().Drift.Kind.Name(), repair.Plan.Steps.Single().Drift.ObjectName));
        Assert.Contains(repair.Plan.Skipped, s => s.Reason == RepairSkip.Ignored && s.Drift.ObjectName == "shop.Products");
    }

    [Fact]
    public async Task A_repair_is_planned_with_a_role_that_can_only_read()
    {
        var database = await shop.MigratedAsync();
        await database.ExecuteAsync("DROP INDEX shop.\"IX_Orders_Status\"");
        await using var reader = await ReadOnlyRole.CreateAsync(shop, database);

        var result = await shop.Repairs.PlanAsync(ConnectionResolver.Resolve(reader.ConnectionString, new SchemaDriftConfig()), allowDestructive: false);

        Assert.Equal(("missing-index", "shop.IX_Orders_Status"), (result.Plan!.Steps.Single().Drift.Kind.Name(), result.Plan.Steps.Single().Drift.ObjectName));
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

        await using var configured = new DriftRepair(shop.Migrations, shop.Postgres.Server, config, ToolEvents.None);
        return await configured.PlanAsync(target, allowDestructive);
    }

    /// <summary>Runs the repair as EF Core runs a migration's SQL: inside one transaction.</summary>
    private static async Task RunAsync(TestDatabase database, string sql) => await database.ExecuteAsync("BEGIN;\n" + sql + "\nCOMMIT;");

    /// <summary>The number of rows of every table of the sample, in one query.</summary>
    private static Task<string?> RowCountsAsync(TestDatabase database) => database.ScalarAsync<string>(
        "SELECT string_agg(c.relname || '=' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text, ', ' ORDER BY c.relname) " +
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop' AND c.relkind = 'r' AND c.relname NOT LIKE '\\_\\_%'");

    private static async Task<SchemaSnapshot> SnapshotAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await CatalogReader.ReadAsync(connection, CatalogFilter.All);
    }
}
