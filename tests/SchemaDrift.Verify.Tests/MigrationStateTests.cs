using SchemaDrift.Tool.History;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Verification;
using Xunit.Abstractions;

namespace SchemaDrift.Verify.Tests;

[Collection(ShopCollection.Name)]
public sealed class MigrationStateTests(ShopAppFixture shop, ITestOutputHelper output)
{
    [Fact]
    public async Task A_fully_migrated_database_is_clean()
    {
        await using var database = await shop.MigratedAsync();

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        Assert.Empty(result.Findings);
        Assert.Equal(shop.Migrations.Migrations.Select(m => m.Id), result.Migrations.Applied);
        Assert.Empty(result.Migrations.Pending);
        Assert.Equal(("clean", Severity.None), (result.Status.Name(), result.Severity));
        Assert.Equal(ExitCodes.Success, VerifyCommand.ExitCode(new VerifyReport([result], TimeSpan.Zero), Severity.Major));
        output.WriteLine(FormattableString.Invariant(
            $"host load {shop.HostLoad.TotalMilliseconds:F0} ms (with build); history {result.Timings!.History.TotalMilliseconds:F0} ms, shadow replay {result.Timings.ShadowReplay.TotalMilliseconds:F0} ms, snapshots {result.Timings.Snapshot.TotalMilliseconds:F0} ms, total {result.Timings.Total.TotalMilliseconds:F0} ms"));
    }

    [Fact]
    public async Task A_partly_migrated_database_lists_its_pending_migrations_and_no_drift()
    {
        await using var database = await shop.MigratedAsync(4);

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        Assert.Empty(result.Findings);
        Assert.Equal(shop.Migrations.Migrations.Take(4).Select(m => m.Id), result.Migrations.Applied);
        Assert.Equal(shop.Migrations.Migrations.Skip(4).Select(m => m.Id), result.Migrations.Pending);
        Assert.Empty(result.Migrations.OutOfOrder);
        Assert.Equal(ExitCodes.Success, VerifyCommand.ExitCode(new VerifyReport([result], TimeSpan.Zero), Severity.Major));
    }

    [Fact]
    public async Task An_empty_database_has_everything_pending()
    {
        await using var database = await shop.Postgres.CreateDatabaseAsync();

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        Assert.Empty(result.Findings);
        Assert.Empty(result.Migrations.Applied);
        Assert.Equal(shop.Migrations.Migrations.Count, result.Migrations.Pending.Count);
    }

    [Fact]
    public void History_comparison_finds_unknown_and_out_of_order_migrations()
    {
        var status = MigrationHistory.Compare(["1_A", "2_B", "3_C"], ["1_A", "3_C", "9_X"]);

        Assert.Equal(["1_A", "3_C"], status.Applied);
        Assert.Equal(["2_B"], status.Pending);
        Assert.Equal(["9_X"], status.Unknown);
        Assert.Equal(["3_C"], status.OutOfOrder);
        Assert.Empty(status.ChecksumMismatches);
    }
}
