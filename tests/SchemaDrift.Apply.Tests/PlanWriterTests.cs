using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Apply.Tests;

/// <summary>The plan for people (--dry-run) and the script (--script) with names that carry control characters.</summary>
[Trait("Category", "Unit")]
public class PlanWriterTests
{
    private const string Table = "shop.\"audit\rDROP TABLE shop.orders; --\u001b[31m\"";

    private static readonly PlanContext Context = new(
        "prod\nuction", "app@db/shop", "production", "shop", "__EFMigrationsHistory", 42, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), "10.0.15");

    private static readonly IReadOnlyList<PlannedMigration> Plan =
    [
        new PlannedMigration(
            new MigrationInfo("20261123000000_DropAudit", "DropAudit", [new MigrationCommand($"DROP TABLE {Table};", false)]),
            new string('a', 64),
            [new PlannedStatement(1, $"DROP TABLE {Table};", false, "ACCESS EXCLUSIVE", [new TableStats(Table, 10, 8192)], [new StatementHazard(Hazards.DeletesData, $"drops table {Table}")])]),
    ];

    [Fact]
    public void The_script_comments_escape_names_and_its_statements_keep_them_exact()
    {
        var script = PlanWriter.Script(Context, Plan);
        var lines = script.Split('\n');

        // Every line that mentions the name outside the statement itself is a comment that nothing in the name can end.
        Assert.DoesNotContain(lines, l => l.Contains("DROP TABLE shop.orders", StringComparison.Ordinal) && !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("DROP TABLE shop.\"audit", StringComparison.Ordinal));
        Assert.Contains("--   statement 1: DESTRUCTIVE: drops table shop.\"audit\\rDROP TABLE shop.orders; --\\u001b[31m\"\n", script, StringComparison.Ordinal);
        Assert.StartsWith("-- dotnet schemadrift apply: 1 migration(s) for prod\\nuction (app@db/shop)", script, StringComparison.Ordinal);
        Assert.Contains($"DROP TABLE {Table};\n", script, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_for_people_has_no_control_character_but_line_breaks()
    {
        var text = PlanWriter.Text(Context, Plan);

        Assert.DoesNotContain(text, c => c is < ' ' and not '\n');
        Assert.StartsWith("Plan for prod\\nuction (app@db/shop): 1 migration(s)", text, StringComparison.Ordinal);
        Assert.Contains("-- statement 1; lock: ACCESS EXCLUSIVE on shop.\"audit\\rDROP TABLE shop.orders; --\\u001b[31m\" (~10 rows, 8 kB)\n", text, StringComparison.Ordinal);
    }
}
