using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Commands;

/// <summary>What a lint run writes: <c>--json</c> and <c>--fail-on</c>, the pipeline formats, the configuration file's path.</summary>
public sealed record LintOutputSettings(string? JsonPath, Severity FailOn, PipelineSettings Pipeline, string? ConfigPath);

/// <summary>
/// Hands a <see cref="LintResult"/> to its renderers: the console, the JSON file, and the CI formats of the other
/// commands (annotations on the migration's file and line, SARIF, JUnit, Code Quality, <c>--report-dir</c>); returns the
/// exit code, as verify's: 4 when the database could not be read, else the worst severity against <c>--fail-on</c>.
/// </summary>
public static class LintOutputs
{
    public static async Task<int> WriteAsync(LintResult result, LintOutputSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        LintConsoleWriter.Write(console, result);
        var json = LintJsonWriter.Write(result);
        if (settings.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, json, ct).ConfigureAwait(false);
            console.Info($"JSON written to {path}");
        }

        var pipeline = settings.Pipeline;
        if (pipeline.WritesAnything)
        {
            var cwd = Directory.GetCurrentDirectory();
            var root = MigrationSources.Root(cwd, pipeline.Variables);
            var configFile = MigrationSources.Relative(root, settings.ConfigPath ?? Path.Combine(cwd, SchemaDriftConfig.FileName));
            var run = LintPipelineRun.From(result, settings.FailOn);
            await PipelinePublisher.PublishAsync(run, new RunArtifacts(json, LintPipelineRun.Sql(result)), pipeline, root, configFile, console, console.Out, ct).ConfigureAwait(false);
        }

        return ExitCode(result, settings.FailOn);
    }

    public static int ExitCode(LintResult result, Severity failOn) =>
        result.Error is not null ? ExitCodes.Environment : SeverityOption.ExitCode(result.Severity, failOn);
}
