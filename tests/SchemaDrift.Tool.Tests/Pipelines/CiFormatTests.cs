using System.Text;
using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Reporting.Pipelines;
using static SchemaDrift.Tool.Tests.Pipelines.SampleReports;

namespace SchemaDrift.Tool.Tests.Pipelines;

/// <summary>GitHub Actions, Azure Pipelines and GitLab: the lines and files each CI reads.</summary>
[Trait("Category", "Unit")]
public sealed class CiFormatTests
{
    [Fact]
    public void GitHub_annotates_each_finding_by_severity_pointing_migration_findings_at_their_file()
    {
        var lines = GitHubActions.Annotations(Run(Severity.Major, Production, Staging));

        Assert.Equal(3, lines.Count);
        var checksum = Assert.Single(lines, l => l.Contains("migration-checksum-mismatch", StringComparison.Ordinal));
        Assert.StartsWith($"::error file={MigrationFile},line=12,title=production%3A critical migration-checksum-mismatch%3A {Migration}::", checksum, StringComparison.Ordinal);
        var missing = Assert.Single(lines, l => l.Contains("missing-column", StringComparison.Ordinal));
        Assert.StartsWith("::error title=production%3A critical missing-column%3A shop.reviews.body::column shop.reviews.body is missing", missing, StringComparison.Ordinal);
        Assert.Contains("(Review.Body)%0AMigration: " + Migration + "%0ANext: ", missing, StringComparison.Ordinal);
        Assert.StartsWith("::notice title=", Assert.Single(lines, l => l.Contains("extra-table", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void GitHub_escapes_what_its_runner_unescapes()
    {
        Assert.Equal("100%25 a%0D%0Ab: c, d", GitHubActions.EscapeData("100% a\r\nb: c, d"));
        Assert.Equal("100%25 a%0Ab%3A c%2C d", GitHubActions.EscapeProperty("100% a\nb: c, d"));
        var line = GitHubActions.Command("warning", [("title", "a,b:c")], "50% done");
        Assert.Equal("::warning title=a%2Cb%3Ac::50%25 done", line);
    }

    [Fact]
    public void GitHub_reports_an_environment_that_could_not_be_checked_as_an_error()
    {
        var run = Run(Severity.Major, Broken);

        var line = Assert.Single(GitHubActions.Annotations(run));
        Assert.Equal("::error title=schemadrift verify%3A dev could not be checked::connect: connection refused", line);
        Assert.Equal("drift_detected=false\nseverity=error\nfindings=0\n", GitHubActions.Outputs(run));
    }

    [Fact]
    public void GitHub_outputs_follow_the_fail_on_threshold()
    {
        Assert.Equal("drift_detected=true\nseverity=critical\nfindings=3\n", GitHubActions.Outputs(Run(Severity.Major, Production, Staging)));
        Assert.Equal("drift_detected=false\nseverity=none\nfindings=0\n", GitHubActions.Outputs(Run(Severity.Major, Staging)));
        var minorOnly = Production with { Findings = [ExtraTable] };
        Assert.Equal("drift_detected=false\nseverity=minor\nfindings=1\n", GitHubActions.Outputs(Run(Severity.Major, minorOnly)));
        Assert.Equal("drift_detected=true\nseverity=minor\nfindings=1\n", GitHubActions.Outputs(Run(Severity.Minor, minorOnly)));
    }

    [Fact]
    public void The_step_summary_stays_under_githubs_limit_and_is_cut_between_lines()
    {
        var row = "| critical | " + new string('é', 100) + " |\n";
        var markdown = string.Concat(Enumerable.Repeat(row, 12_000));
        Assert.True(Encoding.UTF8.GetByteCount(markdown) > GitHubActions.SummaryLimitBytes);

        var existing = 300_000L;
        var fitted = GitHubActions.FitSummary(markdown, existing);

        Assert.True(existing + Encoding.UTF8.GetByteCount(fitted) < GitHubActions.SummaryLimitBytes);
        Assert.Contains("shortened to fit", fitted, StringComparison.Ordinal);
        var kept = fitted[..fitted.IndexOf("\n\n…", StringComparison.Ordinal)];
        Assert.All(kept.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Equal(row.TrimEnd('\n'), line));
        Assert.Same(row, GitHubActions.FitSummary(row, 0));
        Assert.Equal(string.Empty, GitHubActions.FitSummary(row, GitHubActions.SummaryLimitBytes - 10));
    }

    [Fact]
    public void Azure_logs_issues_with_source_paths_and_its_documented_escaping()
    {
        Assert.Equal("a%3Bb%5Dc%AZP25d%0D%0Ae", AzurePipelines.Escape("a;b]c%d\r\ne"));

        var lines = AzurePipelines.Issues(Run(Severity.Major, Production));

        Assert.Equal(3, lines.Count);
        Assert.StartsWith($"##vso[task.logissue type=error;sourcepath={MigrationFile};linenumber=12;code=migration-checksum-mismatch]production: critical", Assert.Single(lines, l => l.Contains("checksum", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("##vso[task.logissue type=warning;code=extra-table]", Assert.Single(lines, l => l.Contains("extra-table", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(
            ["##vso[task.setvariable variable=drift_detected;isOutput=true]true", "##vso[task.setvariable variable=severity;isOutput=true]critical", "##vso[task.setvariable variable=findings;isOutput=true]3"],
            AzurePipelines.Outputs(Run(Severity.Major, Production)));
        Assert.Equal("##vso[task.uploadsummary]" + Path.GetFullPath("drift-summary.md"), AzurePipelines.UploadSummary("drift-summary.md"));
    }

    [Fact]
    public void GitLab_code_quality_has_the_required_fields_and_fingerprints_that_survive_rewording_and_reordering()
    {
        using var first = JsonDocument.Parse(GitLabCodeQuality.Write(Run(Severity.Major, Production), "schemadrift.json"));
        var reworded = Production with
        {
            Findings = [ChecksumMismatch, ExtraTable with { Description = "reworded" }, MissingColumn with { Description = "also reworded" }],
        };
        using var second = JsonDocument.Parse(GitLabCodeQuality.Write(Run(Severity.Major, reworded), "schemadrift.json"));

        var issues = first.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, issues.Count);
        foreach (var issue in issues)
        {
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("description").GetString()));
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("check_name").GetString()));
            Assert.Matches("^[0-9a-f]{64}$", issue.GetProperty("fingerprint").GetString());
            Assert.Contains(issue.GetProperty("severity").GetString(), new[] { "info", "minor", "major", "critical", "blocker" });
            Assert.True(issue.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32() >= 1);
        }

        var byCheck = issues.ToDictionary(i => i.GetProperty("check_name").GetString()!);
        Assert.Equal(MigrationFile, byCheck["migration-checksum-mismatch"].GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(12, byCheck["migration-checksum-mismatch"].GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32());
        Assert.Equal("schemadrift.json", byCheck["extra-table"].GetProperty("location").GetProperty("path").GetString());
        Assert.Equal("minor", byCheck["extra-table"].GetProperty("severity").GetString());

        var fingerprints = issues.Select(i => i.GetProperty("fingerprint").GetString()).ToHashSet();
        Assert.Equal(3, fingerprints.Count);
        Assert.True(fingerprints.SetEquals(second.RootElement.EnumerateArray().Select(i => i.GetProperty("fingerprint").GetString())));
        using var staging = JsonDocument.Parse(GitLabCodeQuality.Write(Run(Severity.Major, Production with { Environment = "staging" }), "schemadrift.json"));
        Assert.False(fingerprints.Overlaps(staging.RootElement.EnumerateArray().Select(i => i.GetProperty("fingerprint").GetString())));
    }

    [Fact]
    public void Ci_detection_reads_the_ci_variables_and_an_unknown_value_is_a_usage_error()
    {
        Assert.Equal(CiSystem.GitHub, CiDetection.Resolve(null, v => v == "GITHUB_ACTIONS" ? "true" : null));
        Assert.Equal(CiSystem.Azure, CiDetection.Resolve("auto", v => v == "TF_BUILD" ? "True" : null));
        Assert.Equal(CiSystem.GitLab, CiDetection.Resolve("auto", v => v == "GITLAB_CI" ? "true" : null));
        Assert.Equal(CiSystem.None, CiDetection.Resolve("auto", _ => null));
        Assert.Equal(CiSystem.None, CiDetection.Resolve("none", v => v == "GITHUB_ACTIONS" ? "true" : null));
        Assert.Equal(CiSystem.Azure, CiDetection.Resolve("azure", _ => null));
        var error = Assert.Throws<ToolException>(() => CiDetection.Resolve("jenkins", _ => null));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
