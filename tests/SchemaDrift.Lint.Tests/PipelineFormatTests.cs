using System.Text.Json;
using System.Xml.Linq;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Lint.Tests;

/// <summary>
/// lint in the CI formats of the other commands: GitHub annotations on the migration's file and line, step outputs and
/// summary, SARIF (validated against the published schema), JUnit (a test case per migration), GitLab Code Quality and
/// the report folder.
/// </summary>
[Collection(LintCollection.Name)]
public sealed class PipelineFormatTests(LintAppFixture app) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-lint-ci-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Annotations_and_reports_land_on_the_lines_of_the_migrationBuilder_calls()
    {
        var result = await LintRiskyAsync();
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = LintAppFixture.RepositoryRoot,
            ["GITHUB_OUTPUT"] = Path.Combine(folder, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary.md"),
        };
        var pipeline = new PipelineSettings
        {
            Ci = "auto",
            ReportDirectory = Path.Combine(folder, "reports"),
            SarifPath = Path.Combine(folder, "lint.sarif"),
            JUnitPath = Path.Combine(folder, "lint.xml"),
            CodeQualityPath = Path.Combine(folder, "codequality.json"),
            Variables = name => variables.GetValueOrDefault(name),
        };
        var output = new StringWriter();
        var console = new ToolConsole(output, new StringWriter(), color: false);
        var exit = await LintOutputs.WriteAsync(result, new LintOutputSettings(null, Severity.Major, pipeline, null), console);
        Assert.Equal(ExitCodes.Critical, exit);

        var file = app.File("RiskyRelease");
        var annotations = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(annotations, a => a.StartsWith($"::warning file={file},line={app.CallLine("RiskyRelease", "CreateIndex", "\"IX_Customers_Name\"")},title=migrations%3A major create-index-not-concurrently%3A", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith($"::warning file={file},line={app.CallLine("RiskyRelease", "AddForeignKey", "\"FK_Orders_Products_ProductId\"")},", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith($"::error file={file},line={app.CallLine("RiskyRelease", "AlterColumn", "table: \"Shipments\"")},title=migrations%3A critical primary-key-type-change", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.Contains("Next: safe way: Mark the index `.IsCreatedConcurrently()`", StringComparison.Ordinal));
        Assert.Equal("drift_detected=true\nseverity=critical\nfindings=28\n", await File.ReadAllTextAsync(variables["GITHUB_OUTPUT"]));
        Assert.StartsWith("## SchemaDrift lint: 🔴 hazards (critical)", await File.ReadAllTextAsync(variables["GITHUB_STEP_SUMMARY"]), StringComparison.Ordinal);

        var sarif = await File.ReadAllTextAsync(pipeline.SarifPath);
        Assert.Empty(SarifSchema.Validate(sarif));
        using (var log = JsonDocument.Parse(sarif))
        {
            var run = log.RootElement.GetProperty("runs")[0];
            var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "add-check-validates");
            Assert.Contains("NOT VALID", rule.GetProperty("help").GetProperty("text").GetString(), StringComparison.Ordinal);
            var check = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "add-check-validates");
            var location = check.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal(file, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(app.CallLine("RiskyRelease", "AddCheckConstraint", "\"CK_Products_Price\""), location.GetProperty("region").GetProperty("startLine").GetInt32());
        }

        var junit = XDocument.Load(pipeline.JUnitPath);
        var testCase = Assert.Single(junit.Descendants("testcase"));
        Assert.Equal(app.Id("RiskyRelease"), testCase.Attribute("name")!.Value);
        Assert.Equal(24, testCase.Elements("failure").Count());

        using (var quality = JsonDocument.Parse(await File.ReadAllTextAsync(pipeline.CodeQualityPath)))
        {
            Assert.All(quality.RootElement.EnumerateArray(), issue => Assert.Equal(file, issue.GetProperty("location").GetProperty("path").GetString()));
            Assert.Equal(28, quality.RootElement.GetArrayLength());
        }

        var sql = await File.ReadAllTextAsync(Path.Combine(pipeline.ReportDirectory, ArtifactFiles.Sql));
        Assert.Contains("-- critical enum-value-used-in-transaction:", sql, StringComparison.Ordinal);
        Assert.True(sql.IndexOf("-- major create-index-not-concurrently", StringComparison.Ordinal) < sql.IndexOf("CREATE INDEX \"IX_Customers_Name\"", StringComparison.Ordinal));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(pipeline.ReportDirectory, ArtifactFiles.Json)));
        Assert.Equal(28, report.RootElement.GetProperty("findings").GetArrayLength());
        Assert.Equal("inline", report.RootElement.GetProperty("suppressed")[0].GetProperty("origin").GetString());
    }

    private Task<LintResult> LintRiskyAsync() => LintService.LintAsync(
        app.Migrations, app.ProjectDirectory, LintAppFixture.RepositoryRoot, null,
        new LintRequest(null, null, ["RiskyRelease"], false, new HostOptions(), null), new SchemaDriftConfig(), ToolEvents.None);
}
