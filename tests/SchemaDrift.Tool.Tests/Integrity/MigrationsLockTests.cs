using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Tests.Integrity;

[Trait("Category", "Unit")]
public class MigrationsLockTests
{
    private static readonly MigrationInfo First = new("20240101000000_First", "First", [new MigrationCommand("CREATE TABLE a (id int);", false)]);
    private static readonly MigrationInfo Second = new("20240102000000_Second", "Second", [new MigrationCommand("CREATE INDEX CONCURRENTLY a_id ON a (id);", true)]);

    [Fact]
    public void A_lock_round_trips_through_its_text()
    {
        var locked = MigrationsLock.FromCode([First, Second]);
        var text = locked.Format();

        var parsed = MigrationsLock.Parse(text, "schemadrift.lock");

        Assert.Equal(locked.Migrations, parsed.Migrations);
        Assert.Contains($"20240101000000_First sha256:{MigrationChecksum.Compute(First.Commands)}", text);
        Assert.EndsWith($"total sha256:{locked.Total}\n", text);
        Assert.True(LockComparison.Compare(parsed, locked).IsClean);
    }

    [Fact]
    public void Edited_new_and_missing_migrations_are_told_apart()
    {
        var locked = MigrationsLock.FromCode([First, Second]);
        var edited = First with { Commands = [new MigrationCommand("CREATE TABLE a (id bigint);", false)] };
        var third = new MigrationInfo("20240103000000_Third", "Third", [new MigrationCommand("SELECT 1;", false)]);

        var comparison = LockComparison.Compare(locked, MigrationsLock.FromCode([edited, third]));

        Assert.Equal("20240101000000_First", Assert.Single(comparison.Edited).Locked.Id);
        Assert.Equal("20240103000000_Third", Assert.Single(comparison.Unlocked).Id);
        Assert.Equal("20240102000000_Second", Assert.Single(comparison.Missing).Id);
    }

    [Theory]
    [InlineData("20240101000000_First deadbeef\n", "line 1")]
    [InlineData("# header\n\n20240101000000_First sha256:abc\n", "line 3")]
    public void Malformed_lines_are_usage_errors(string text, string where)
    {
        var ex = Assert.Throws<ToolException>(() => MigrationsLock.Parse(text, "x/schemadrift.lock"));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(where, ex.Message);
    }

    [Fact]
    public void A_hand_edited_lock_fails_its_total()
    {
        var text = MigrationsLock.FromCode([First, Second]).Format();
        var tampered = text.Replace(MigrationChecksum.Compute(First.Commands), new string('0', 64), StringComparison.Ordinal);

        var ex = Assert.Throws<ToolException>(() => MigrationsLock.Parse(tampered, "schemadrift.lock"));

        Assert.Contains("total does not match", ex.Message);
    }
}
