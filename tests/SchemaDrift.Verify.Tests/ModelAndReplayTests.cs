using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
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
        Assert.Equal(("pending-model-changes", Severity.Major, FindingCause.ModelChange), (finding.Kind, finding.Severity, finding.Cause));
        Assert.Contains("AddColumn shop.Orders.Note", finding.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_replay_is_an_error_naming_the_migration()
    {
        await using var database = await shop.MigratedAsync();
        var broken = shop.Migrations.Migrations[2] with { Commands = [new MigrationCommand("SELECT * FROM no_such_table;", false)] };
        var migrations = shop.Migrations with { Migrations = [.. shop.Migrations.Migrations.Select(m => m.Id == broken.Id ? broken : m)] };

        var result = await Verify(migrations, database.ConnectionString);

        Assert.Equal("error", result.Status);
        Assert.Contains(broken.Id, result.Error, StringComparison.Ordinal);
        Assert.Contains("no_such_table", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Environment, VerifyCommand.ExitCode(new VerifyReport([result], TimeSpan.Zero), Severity.Major));
    }

    private Task<EnvironmentResult> Verify(MigrationsInfo migrations, string connectionString) =>
        new Verifier(migrations, _ => Task.FromResult(shop.Postgres.Server), new ToolConsole(new StringWriter(), new StringWriter(), color: false))
            .VerifyAsync(ConnectionResolver.Resolve(connectionString, new SchemaDriftConfig()));
}
