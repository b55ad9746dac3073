using System.Text.RegularExpressions;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Configuration;
using YamlDotNet.RepresentationModel;

namespace SchemaDrift.Tool.Tests.Pipelines;

/// <summary>
/// The pipeline templates users copy (samples/ci): parsed as YAML, they have the triggers, jobs, steps and outputs
/// the README promises, and every <c>dotnet schemadrift</c> command in them uses options the tool has.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class CiTemplateTests
{
    private static readonly string Samples = Path.Combine(FindRoot(), "samples", "ci");

    [Fact]
    public void The_github_workflow_runs_daily_on_demand_and_when_called_and_uploads_reports()
    {
        var workflow = Load("github/schemadrift-drift.yml");
        var on = Map(workflow, "on");

        Assert.Matches(@"^[\d*/,-]+( [\d*/,-]+){4}$", Text(Seq(on, "schedule")[0], "cron"));
        var inputs = Map(Map(on, "workflow_dispatch"), "inputs");
        Assert.Equal("choice", Text(Map(inputs, "environment"), "type"));
        Assert.Equal("boolean", Text(Map(inputs, "fail_on_drift"), "type"));
        var call = Map(on, "workflow_call");
        Assert.Equal("${{ jobs.verify.outputs.drift_detected }}", Text(Map(Map(call, "outputs"), "drift_detected"), "value"));
        Assert.True(Map(call, "inputs").Children.ContainsKey(new YamlScalarNode("environment")));

        var job = Map(Map(workflow, "jobs"), "verify");
        Assert.Equal("${{ steps.verify.outputs.drift_detected }}", Text(Map(job, "outputs"), "drift_detected"));
        var steps = Seq(job, "steps").Cast<YamlMappingNode>().ToList();
        var verify = Assert.Single(steps, s => Optional(s, "id") == "verify");
        Assert.Contains("dotnet schemadrift verify", Text(verify, "run"), StringComparison.Ordinal);
        Assert.Contains("--report-dir drift-report", Text(verify, "run"), StringComparison.Ordinal);
        var upload = Assert.Single(steps, s => Optional(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("always()", Text(upload, "if"));
        Assert.Equal("drift-report/", Text(Map(upload, "with"), "path"));
        Assert.Single(steps, s => Optional(s, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true);
        Assert.Single(steps, s => Optional(s, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true && Text(Map(s, "with"), "path").Contains("notify-state", StringComparison.Ordinal));
        Assert.Contains("ALERT_WEBHOOK_SECRET", Map(job, "env").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var fail = Assert.Single(steps, s => Optional(s, "name") == "Fail on drift");
        Assert.Contains("steps.verify.outputs.drift_detected == 'true'", Text(fail, "if"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_github_release_blocks_deployment_while_drift_is_detected()
    {
        var jobs = Map(Load("github/release.yml"), "jobs");

        Assert.Equal("./.github/workflows/schemadrift-drift.yml", Text(Map(jobs, "drift"), "uses"));
        Assert.Equal("inherit", Text(Map(jobs, "drift"), "secrets"));
        var deploy = Map(jobs, "deploy");
        Assert.Equal("drift", Text(deploy, "needs"));
        Assert.Equal("needs.drift.outputs.drift_detected != 'true'", Text(deploy, "if"));
        Assert.Equal("needs.drift.outputs.drift_detected == 'true'", Text(Map(jobs, "blocked"), "if"));
        Assert.Contains(Seq(deploy, "steps").Cast<YamlMappingNode>(), s => Optional(s, "run")?.Contains("dotnet schemadrift apply --env production", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_azure_pipeline_checks_on_a_schedule_publishes_reports_and_gates_the_deploy_stage()
    {
        var pipeline = Load("azure/azure-pipelines.yml");

        Assert.Equal("none", ((YamlScalarNode)pipeline.Children[new YamlScalarNode("trigger")]).Value);
        Assert.NotEmpty(Text(Seq(pipeline, "schedules")[0], "cron"));
        Assert.Equal(["environment", "failOnDrift"], Seq(pipeline, "parameters").Select(p => Text(p, "name")));
        var stages = Seq(pipeline, "stages").Cast<YamlMappingNode>().ToList();
        var check = Assert.Single(stages, s => Text(s, "stage") == "DriftCheck");
        var job = (YamlMappingNode)Seq(check, "jobs")[0];
        Assert.Equal("Verify", Text(job, "job"));
        var steps = Seq(job, "steps").OfType<YamlMappingNode>().ToList();
        var verify = Assert.Single(steps, s => Optional(s, "name") == "verify");
        Assert.Contains("--ci azure", Text(verify, "script"), StringComparison.Ordinal);
        Assert.Contains(steps, s => Optional(s, "task") == "PublishTestResults@2");
        Assert.Contains(steps, s => Optional(s, "task") == "PublishPipelineArtifact@1");
        var deploy = Assert.Single(stages, s => Text(s, "stage") == "Deploy");
        Assert.Contains("dependencies.DriftCheck.outputs['Verify.verify.drift_detected']", Text(deploy, "condition"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gitlab_pipeline_reports_code_quality_and_junit_and_blocks_the_deployment_on_drift()
    {
        var pipeline = Load("gitlab/.gitlab-ci.yml");

        var check = Map(pipeline, "drift-check");
        Assert.Contains(Seq(check, "rules"), r => Text(r, "if") == "$CI_PIPELINE_SOURCE == \"schedule\"");
        var reports = Map(Map(check, "artifacts"), "reports");
        Assert.Equal("gl-code-quality-report.json", Text(reports, "codequality"));
        Assert.Equal("drift-report/schemadrift.xml", Text(reports, "junit"));
        Assert.Equal("drift.env", Text(reports, "dotenv"));
        Assert.Contains("--codequality gl-code-quality-report.json", string.Join("\n", Seq(check, "script").Select(s => ((YamlScalarNode)s).Value)), StringComparison.Ordinal);
        var deploy = Map(pipeline, "deploy-production");
        Assert.Equal("drift-check", Text(Seq(deploy, "needs")[0], "job"));
        Assert.Contains("\"$DRIFT_DETECTED\" = \"true\"", ((YamlScalarNode)Seq(deploy, "script")[0]).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_in_the_templates_uses_options_the_tool_has_and_the_sample_configuration_is_valid()
    {
        var commands = Directory.EnumerateFiles(Samples, "*.yml", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .SelectMany(file => Commands(File.ReadAllText(file)))
            .ToList();
        Assert.Equal(3, commands.Count(c => c.Verb == "verify"));
        Assert.Equal(3, commands.Count(c => c.Verb == "apply"));
        var app = new CommandLineApplication();
        var console = new ToolConsole(TextWriter.Null, TextWriter.Null, color: false);
        VerifyCommand.Register(app, console);
        ApplyCommand.Register(app, console);
        FixCommand.Register(app, console);
        foreach (var (verb, options) in commands)
        {
            var known = app.Commands.Single(c => c.Name == verb).Options.Select(o => "--" + o.LongName).ToHashSet();
            Assert.All(options, option => Assert.Contains(option, known));
        }

        var config = ConfigLoader.Load(Path.Combine(Samples, "schemadrift.json"), Samples);
        Assert.Equal(["webhook", "slack", "teams", "telegram"], config.Notify.Select(n => n.Type));
    }

    /// <summary>The verb and the options of each <c>dotnet schemadrift</c> command (continuation lines joined).</summary>
    private static IEnumerable<(string Verb, List<string> Options)> Commands(string text)
    {
        var joined = text.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (Match match in CommandPattern().Matches(joined))
        {
            yield return (match.Groups[1].Value, OptionPattern().Matches(match.Groups[2].Value).Select(m => m.Value).ToList());
        }
    }

    [GeneratedRegex(@"dotnet schemadrift (\w+)([^\n]*)")]
    private static partial Regex CommandPattern();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex OptionPattern();

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Samples, path)));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    private static string? Optional(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}
