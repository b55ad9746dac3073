using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Reporting.Pipelines;
using static SchemaDrift.Tool.Tests.Pipelines.SampleReports;

namespace SchemaDrift.Tool.Tests.Pipelines;

/// <summary>SARIF against its published schema, JUnit through a real XML parser, the Markdown summary and the SQL artifact.</summary>
[Trait("Category", "Unit")]
public sealed class ReportFormatTests
{
    [Fact]
    public void Sarif_is_valid_against_the_published_schema_with_one_rule_per_kind_and_one_result_per_finding()
    {
        var sarif = SarifWriter.Write(Run(Severity.Major, Production, Staging, Broken), "1.2.3", Path.GetTempPath());

        Assert.Empty(SarifSchema.Validate(sarif));
        using var document = JsonDocument.Parse(sarif);
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(["missing-column", "extra-table", "migration-checksum-mismatch"], rules.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("help").GetProperty("text").GetString())));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var checksum = results.Single(r => r.GetProperty("ruleId").GetString() == "migration-checksum-mismatch");
        Assert.Equal("error", checksum.GetProperty("level").GetString());
        Assert.Equal(2, checksum.GetProperty("ruleIndex").GetInt32());
        var physical = checksum.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal(MigrationFile, physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(12, physical.GetProperty("region").GetProperty("startLine").GetInt32());

        var missing = results.Single(r => r.GetProperty("ruleId").GetString() == "missing-column");
        var location = missing.GetProperty("locations")[0];
        Assert.False(location.TryGetProperty("physicalLocation", out _));
        Assert.Equal("shop.reviews.body", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("note", results.Single(r => r.GetProperty("ruleId").GetString() == "extra-table").GetProperty("level").GetString());

        var invocation = run.GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains("connection refused", invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_check_rejects_what_sarif_forbids()
    {
        var node = JsonNode.Parse(SarifWriter.Write(Run(Severity.Major, Production), "1.2.3"))!;
        node["runs"]![0]!["results"]![0]!["level"] = "fatal";
        node["runs"]![0]!["results"]![1]!["locations"]![0]!["unexpected"] = true;

        var errors = SarifSchema.Validate(node.ToJsonString());

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Junit_has_a_case_per_environment_and_check_and_a_failure_per_finding_at_or_above_fail_on()
    {
        var hostile = Production with { Environment = "prod<\u0001]]>&\"" };
        var xml = JUnitWriter.Write(Run(Severity.Major, hostile, Staging, Broken));

        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);
        var root = document.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(9, (int)root.Attribute("tests")!);
        Assert.Equal(2, (int)root.Attribute("failures")!);
        Assert.Equal(3, (int)root.Attribute("errors")!);

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["prod<\\u0001]]>&\"", "staging", "dev"], suites.Select(s => (string)s.Attribute("name")!));
        var production = suites[0];
        Assert.Equal(["history", "schema", "model"], production.Elements("testcase").Select(c => (string)c.Attribute("name")!));
        var schema = production.Elements("testcase").Single(c => (string)c.Attribute("name")! == "schema");
        var failure = Assert.Single(schema.Elements("failure"));
        Assert.Equal("missing-column", (string)failure.Attribute("type")!);
        Assert.Contains("Review.Body", failure.Value, StringComparison.Ordinal);
        Assert.Contains("extra-table", schema.Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Equal("migration-checksum-mismatch", (string)production.Elements("testcase").Single(c => (string)c.Attribute("name")! == "history").Element("failure")!.Attribute("type")!);
        Assert.Empty(production.Elements("testcase").Single(c => (string)c.Attribute("name")! == "model").Elements());
        Assert.All(suites[1].Elements("testcase"), c => Assert.Empty(c.Elements()));
        Assert.All(suites[2].Elements("testcase"), c => Assert.Contains("connection refused", c.Element("error")!.Value, StringComparison.Ordinal));

        var strict = XDocument.Parse(JUnitWriter.Write(Run(Severity.Minor, Production)));
        Assert.Equal(3, strict.Descendants("failure").Count());
    }

    [Fact]
    public void The_summary_has_the_severity_table_and_each_finding_with_cause_entity_migration_and_next_step()
    {
        var markdown = DriftSummaryMarkdown.Write(Run(Severity.Major, Production, Staging));

        Assert.StartsWith("## SchemaDrift verify: 🔴 drift (critical)", markdown, StringComparison.Ordinal);
        Assert.Contains("| 🔴 critical | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 🟠 major | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 🟡 minor | 1 |", markdown, StringComparison.Ordinal);
        var row = markdown.Split('\n').Single(l => l.Contains("`missing-column`", StringComparison.Ordinal));
        Assert.Contains("| unexplained |", row, StringComparison.Ordinal);
        Assert.Contains($"Review.Body; migration {Migration}", row, StringComparison.Ordinal);
        Assert.Contains("dotnet schemadrift fix", row, StringComparison.Ordinal);
        Assert.Contains("### staging\n\nNo drift.", markdown, StringComparison.Ordinal);
        Assert.Contains("### What to do next", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sql_artifact_holds_every_repair_with_destructive_ones_commented_out()
    {
        var sql = SchemaDiffSql.ForVerify(Report(Production, Staging));

        var lines = sql.Split('\n');
        Assert.Contains("ALTER TABLE shop.reviews ADD COLUMN body text;", lines);
        Assert.DoesNotContain("DROP TABLE shop.tmp_fix;", lines);
        Assert.Contains("-- DROP TABLE shop.tmp_fix;", lines);
        Assert.Contains("-- Restore the applied version of the migration and add a new migration for the change.", lines);
        Assert.Contains("-- ===== staging (app@db:5432/shop_staging)", lines);
    }
}
