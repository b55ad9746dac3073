using System.Text;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>The JSON report and the DDL of a run, as the command wrote them (verify's or diff's own formats).</summary>
public sealed record RunArtifacts(string Json, string Sql);

/// <summary>
/// Writes everything a pipeline reads from one run: the three files of <c>--report-dir</c>, SARIF, JUnit and Code
/// Quality files, and for the CI it runs in its annotations, job summary and outputs. CI commands go to
/// <paramref name="commands"/> (stdout, unless stdout carries data), files are named on the console.
/// </summary>
public static class PipelinePublisher
{
    /// <param name="root">The repository root relative paths start from.</param>
    /// <param name="fallbackPath">The file Code Quality issues without a migration file point at (the configuration file, relative to the root).</param>
    public static async Task PublishAsync(
        PipelineRun run, RunArtifacts artifacts, PipelineSettings settings, string root, string fallbackPath,
        ToolConsole console, TextWriter commands, CancellationToken ct)
    {
        var ci = CiDetection.Resolve(settings.Ci, settings.Variables);
        var summary = DriftSummaryMarkdown.Write(run);
        string? summaryPath = null;
        if (settings.ReportDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            await WriteAsync(Path.Combine(directory, ArtifactFiles.Sql), artifacts.Sql, ct).ConfigureAwait(false);
            await WriteAsync(Path.Combine(directory, ArtifactFiles.Json), artifacts.Json, ct).ConfigureAwait(false);
            summaryPath = Path.Combine(directory, ArtifactFiles.Summary);
            await WriteAsync(summaryPath, summary, ct).ConfigureAwait(false);
            console.Info($"reports written to {directory}: {ArtifactFiles.Sql}, {ArtifactFiles.Json}, {ArtifactFiles.Summary}");
        }

        await WriteIfAsync(settings.SarifPath, () => SarifWriter.Write(run, ToolInfo.Version, root), "SARIF", console, ct).ConfigureAwait(false);
        await WriteIfAsync(settings.JUnitPath, () => JUnitWriter.Write(run), "JUnit XML", console, ct).ConfigureAwait(false);
        await WriteIfAsync(settings.CodeQualityPath, () => GitLabCodeQuality.Write(run, fallbackPath), "Code Quality report", console, ct).ConfigureAwait(false);

        switch (ci)
        {
            case CiSystem.GitHub:
                await GitHubAsync(run, summary, settings, console, commands, ct).ConfigureAwait(false);
                break;
            case CiSystem.Azure:
                await AzureAsync(run, summary, summaryPath, settings, commands, ct).ConfigureAwait(false);
                break;
        }
    }

    private static async Task GitHubAsync(PipelineRun run, string summary, PipelineSettings settings, ToolConsole console, TextWriter commands, CancellationToken ct)
    {
        await WriteLinesAsync(commands, GitHubActions.Annotations(run)).ConfigureAwait(false);
        if (settings.Variables("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryFile)
        {
            var existing = File.Exists(summaryFile) ? new FileInfo(summaryFile).Length : 0;
            var fitted = GitHubActions.FitSummary(summary, existing);
            if (fitted.Length > 0)
            {
                await File.AppendAllTextAsync(summaryFile, fitted, ct).ConfigureAwait(false);
            }
            else
            {
                console.Warn("the step summary is full (GitHub's 1 MiB limit): the drift summary was not added to it.");
            }
        }

        if (settings.Variables("GITHUB_OUTPUT") is { Length: > 0 } outputFile)
        {
            await File.AppendAllTextAsync(outputFile, GitHubActions.Outputs(run), ct).ConfigureAwait(false);
        }
    }

    private static async Task AzureAsync(PipelineRun run, string summary, string? summaryPath, PipelineSettings settings, TextWriter commands, CancellationToken ct)
    {
        await WriteLinesAsync(commands, AzurePipelines.Issues(run)).ConfigureAwait(false);
        if (summaryPath is null)
        {
            // The summary must be a file that outlives the step: the agent's temporary folder lasts for the job.
            var folder = settings.Variables("AGENT_TEMPDIRECTORY") is { Length: > 0 } temp ? temp : Path.GetTempPath();
            summaryPath = Path.Combine(folder, $"schemadrift-{run.Command}-{Guid.NewGuid():N}.md");
            await WriteAsync(summaryPath, summary, ct).ConfigureAwait(false);
        }

        await WriteLinesAsync(commands, [AzurePipelines.UploadSummary(summaryPath), .. AzurePipelines.Outputs(run)]).ConfigureAwait(false);
    }

    /// <summary>Each command on its own line; control characters that survive the CI's escaping (an ANSI sequence in a name) are escaped.</summary>
    private static async Task WriteLinesAsync(TextWriter writer, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(Printable.Escape(line)).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteIfAsync(string? path, Func<string> content, string what, ToolConsole console, CancellationToken ct)
    {
        if (path is null)
        {
            return;
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await WriteAsync(path, content(), ct).ConfigureAwait(false);
        console.Info($"{what} written to {path}");
    }

    private static Task WriteAsync(string path, string content, CancellationToken ct) =>
        File.WriteAllTextAsync(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
}
