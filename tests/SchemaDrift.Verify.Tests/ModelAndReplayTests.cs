using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>Model changes no migration captures, and a shadow replay that fails.</summary>
[Collection(ShopCollection.Name)]
public sealed class ModelAndReplayTests(ShopAppFixture shop)
{
    [Fact]
    public async Task Pending_model_changes_are_a_major_model_change_finding()
    {
        await using var database = await shop.MigratedAsync();
        var migrations = shop.Migrations with { PendingModelChanges = new PendingModelChanges(true, ["AddColumn shop.Orders.Note"]) };

        var result = await Verify(migrations, database.ConnectionString);

        Assert.True(result.PendingModelChanges);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("pending-model-changes", Severity.Major, FindingCause.ModelChange), (finding.KindName(), finding.Severity, finding.Cause));
        Assert.Contains("AddColumn shop.Orders.Note", finding.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_no_migration_produces_is_a_note_that_the_model_and_migrations_disagree()
    {
        // The model has a column (and an index) that the migrations never create, although the snapshot says
        // they do: what a hand-edited migration or snapshot leaves behind. EF's differ sees no model change, so it is
        // a note apart from drift, with no severity.
        await using var database = await shop.MigratedAsync();
        var migrations = WithCreateCommands(
            "ALTER TABLE shop.\"Reviews\" ADD \"Helpful\" integer NOT NULL DEFAULT 0;",
            "CREATE INDEX CONCURRENTLY \"IX_Reviews_Helpful\" ON shop.\"Reviews\" (\"Helpful\");");

        var result = await Verify(migrations, database.ConnectionString);

        Assert.False(result.PendingModelChanges);
        Assert.Empty(result.Findings);
        Assert.Equal(Severity.None, result.Severity);
        Assert.Equal(
            [("model-missing-column", "shop.Reviews.Helpful"), ("model-missing-index", "shop.IX_Reviews_Helpful")],
            result.Disagreements.Select(f => (f.KindName(), f.Object)).Order());
        Assert.All(result.Disagreements, f => Assert.Equal((FindingCause.ModelAndMigrationsDisagree, Severity.None), (f.Cause, f.Severity)));
    }

    [Fact]
    public async Task A_model_change_no_migration_captures_is_a_model_change_where_the_model_differs()
    {
        // The same column, now a change the next migrations add scaffolds: a model-change finding with its severity.
        await using var database = await shop.MigratedAsync();
        var migrations = WithCreateCommands("ALTER TABLE shop.\"Reviews\" ADD \"Helpful\" integer NOT NULL DEFAULT 0;") with
        {
            PendingModelChanges = new PendingModelChanges(true, ["AddColumn shop.Reviews.Helpful"]) { Objects = [new ObjectTarget("column", "shop.Reviews.Helpful", "created")] },
        };

        var result = await Verify(migrations, database.ConnectionString);

        Assert.Equal(
            [("model-missing-column", "shop.Reviews.Helpful", Severity.Critical, FindingCause.ModelChange), ("pending-model-changes", "ShopContext", Severity.Major, FindingCause.ModelChange)],
            result.Findings.Select(f => (f.KindName(), f.Object, f.Severity, f.Cause)).Order());
        Assert.Contains("dotnet ef migrations add", result.Findings[0].Fix, StringComparison.Ordinal);
        Assert.Empty(result.Disagreements);
    }

    [Fact]
    public async Task The_create_script_is_not_compared_while_migrations_are_pending()
    {
        await using var database = await shop.MigratedAsync(5);
        var migrations = WithCreateCommands("CREATE TABLE shop.\"Extra\" (id integer);");

        var result = await Verify(migrations, database.ConnectionString);

        Assert.Empty(result.Findings);
        Assert.Equal(2, result.Migrations.Pending.Count);
    }

    [Fact]
    public async Task A_failing_replay_is_an_error_naming_the_migration()
    {
        await using var database = await shop.MigratedAsync();
        var broken = shop.Migrations.Migrations[2] with { Commands = [new MigrationCommand("SELECT * FROM no_such_table;", false)] };
        var migrations = shop.Migrations with { Migrations = [.. shop.Migrations.Migrations.Select(m => m.Id == broken.Id ? broken : m)] };

        var result = await Verify(migrations, database.ConnectionString);

        Assert.Equal("error", result.Status.Name());
        Assert.Contains(broken.Id, result.Error, StringComparison.Ordinal);
        Assert.Contains("no_such_table", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Environment, VerifyCommand.ExitCode(new VerifyReport([result], TimeSpan.Zero), Severity.Major));
    }

    private Task<EnvironmentResult> Verify(MigrationsInfo migrations, string connectionString) =>
        new Verifier(migrations, (_, _) => Task.FromResult(shop.Postgres.Server), ToolEvents.None)
            .VerifyAsync(ConnectionResolver.Resolve(connectionString, new SchemaDriftConfig()));

    /// <summary>A model with more than its migrations make: the create script's commands, and these (a CONCURRENTLY one runs on its own).</summary>
    private MigrationsInfo WithCreateCommands(params string[] sql)
    {
        Assert.NotEmpty(shop.Migrations.CreateCommands!);
        return shop.Migrations with
        {
            CreateCommands = [.. shop.Migrations.CreateCommands!, .. sql.Select(s => new MigrationCommand(s, s.Contains("CONCURRENTLY", StringComparison.Ordinal)))],
        };
    }
}
