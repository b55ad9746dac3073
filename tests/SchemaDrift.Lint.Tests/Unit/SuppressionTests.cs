using SchemaDrift.Tool.Integrity;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Lint.Tests.Unit;

/// <summary>Suppressions: inline comments and schemadrift.json rules; one without a reason is itself an error.</summary>
[Trait("Category", "Unit")]
public sealed class SuppressionTests
{
    private const string File = "Migrations/2_Search.cs";

    private static readonly BuilderCall IndexCall = new("CreateIndex", 14, 300, 400);

    private static readonly LintFinding Index = new(
        LintRules.CreateIndexNotConcurrently.Id, Severity.Major, "2_Search", 1, "CREATE INDEX ...", "shop.Orders", "shop.IX_Orders_Total", "…", new SourceLocation(File, 14));

    private static readonly LintFinding Refresh = new(
        LintRules.RefreshMaterializedViewBlocksReads.Id, Severity.Minor, "2_Search", 2, "REFRESH ...", "shop.totals", "shop.totals", "…", new SourceLocation(File, 20));

    private static readonly Dictionary<string, string> Names = new() { ["2_Search"] = "Search" };

    [Fact]
    public void A_comment_with_a_rule_and_a_reason_suppresses_that_rule_at_its_call_only()
    {
        var comment = new SourceSuppression("2_Search", File, new InlineSuppression(Index.Rule, "twelve rows", 13, IndexCall));
        var outcome = Suppressions.Apply([Index, Refresh], [comment], [], Names);
        Assert.Equal([Refresh], outcome.Findings);
        var suppressed = Assert.Single(outcome.Suppressed);
        Assert.Equal((Index, "twelve rows", "inline", (int?)13), (suppressed.Finding, suppressed.Reason, suppressed.Origin, suppressed.Line));

        // The same comment on another call suppresses nothing, and says so.
        var elsewhere = comment with { Comment = comment.Comment with { Call = IndexCall with { Line = 30 } } };
        var none = Suppressions.Apply([Index], [elsewhere], [], Names);
        Assert.Equal([Index], none.Findings);
        Assert.Contains("matched no finding", Assert.Single(none.Unused), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create-index-not-concurrently", "", true, "gives no reason")]
    [InlineData("create-index-concurrently", "a reason", true, "not a rule lint knows")]
    [InlineData("", "", true, "names no rule")]
    [InlineData("create-index-not-concurrently", "a reason", false, "neither on a migrationBuilder call")]
    public void A_suppression_that_cannot_be_honoured_is_a_critical_finding_at_its_line(string rule, string reason, bool onCall, string problem)
    {
        var comment = new SourceSuppression("2_Search", File, new InlineSuppression(rule, reason, 13, onCall ? IndexCall : null));
        var outcome = Suppressions.Apply([Index], [comment], [], Names);
        Assert.Empty(outcome.Suppressed);
        Assert.Contains(Index, outcome.Findings);
        var invalid = Assert.Single(outcome.Findings, f => f.Rule == LintRules.InvalidSuppression.Id);
        Assert.Equal((Severity.Critical, File, 13), (invalid.Severity, invalid.Source!.Path, invalid.Source.Line));
        Assert.Contains(problem, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_rule_matches_by_migration_id_or_name_and_by_object_or_table_pattern()
    {
        var byName = new ConfigSuppression(Refresh.Rule, "Search", "shop.tot*", "refreshed at night, when nobody reads it");
        var outcome = Suppressions.Apply([Index, Refresh], [], [byName], Names);
        Assert.Equal([Index], outcome.Findings);
        Assert.Equal(("refreshed at night, when nobody reads it", "schemadrift.json"), (Assert.Single(outcome.Suppressed).Reason, outcome.Suppressed[0].Origin));

        var otherMigration = byName with { Migration = "3_Other" };
        var kept = Suppressions.Apply([Index, Refresh], [], [otherMigration], Names);
        Assert.Equal(2, kept.Findings.Count);
        Assert.Contains("matched no finding", Assert.Single(kept.Unused), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lint_section_of_schemadrift_json_needs_sizes_that_parse_and_a_reason_for_every_rule()
    {
        var config = ConfigLoader.Parse("""
            { "lint": { "major": { "rows": 5000, "size": "512MB" }, "critical": { "size": "2GB" },
                        "ignore": [ { "rule": "refresh-materialized-view-blocks-reads", "object": "shop.totals", "reason": "nightly" } ] } }
            """, "schemadrift.json");
        Assert.Equal((5000L, 512L << 20, (long?)null, 2L << 30), (config.Lint!.Major!.Rows!.Value, config.Lint.MajorBytes!.Value, config.Lint.Critical!.Rows, config.Lint.CriticalBytes!.Value));

        var noReason = Assert.Throws<ToolException>(() => ConfigLoader.Parse("""{ "lint": { "ignore": [ { "rule": "create-index-not-concurrently" } ] } }""", "schemadrift.json"));
        Assert.Equal(ExitCodes.Usage, noReason.ExitCode);
        Assert.Contains("no \"reason\"", noReason.Message, StringComparison.Ordinal);

        var badSize = Assert.Throws<ToolException>(() => ConfigLoader.Parse("""{ "lint": { "major": { "size": "lots" } } }""", "schemadrift.json"));
        Assert.Contains("not a size", badSize.Message, StringComparison.Ordinal);
    }
}
