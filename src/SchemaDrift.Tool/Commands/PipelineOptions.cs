using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Tool.Commands;

/// <summary>The pipeline options of verify and diff: <c>--ci</c>, <c>--report-dir</c>, <c>--sarif</c>, <c>--junit</c>, <c>--codequality</c>.</summary>
public sealed class PipelineOptions
{
    private readonly CommandOption ci;
    private readonly CommandOption reportDir;
    private readonly CommandOption sarif;
    private readonly CommandOption junit;
    private readonly CommandOption codeQuality;

    public PipelineOptions(CommandLineApplication command)
    {
        ci = command.Option("--ci <system>", "Write the CI's own annotations, summary and outputs: auto (default: detected from its variables), github, azure, gitlab or none.", CommandOptionType.SingleValue);
        reportDir = command.Option("--report-dir <dir>", "Write schema-diff.sql, drift-report.json and drift-summary.md into this folder (pipeline artifacts).", CommandOptionType.SingleValue);
        sarif = command.Option("--sarif <file>", "Write the findings as SARIF 2.1.0 (code scanning).", CommandOptionType.SingleValue);
        junit = command.Option("--junit <file>", "Write JUnit XML: a test case per environment and check, a failure per finding at or above --fail-on.", CommandOptionType.SingleValue);
        codeQuality = command.Option("--codequality <file>", "Write GitLab's Code Quality report.", CommandOptionType.SingleValue);
    }

    public PipelineSettings ToSettings()
    {
        if (!CiDetection.IsValid(ci.Value()))
        {
            throw ToolException.Usage($"--ci '{ci.Value()}' is not a CI system. Use {CiDetection.Values}.");
        }

        return new PipelineSettings
        {
            Ci = ci.Value(),
            ReportDirectory = reportDir.Value(),
            SarifPath = sarif.Value(),
            JUnitPath = junit.Value(),
            CodeQualityPath = codeQuality.Value(),
        };
    }
}
