using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Linting;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// A lint run as every pipeline format sees it: one target (the environment whose sizes were read, or the migrations
/// offline), one check per linted migration (a JUnit test case each), one finding per hazard with its rule as the kind
/// and the <c>migrationBuilder</c> call's file and line as its source, so annotations land on the code.
/// </summary>
public static class LintPipelineRun
{
    public const string Command = "lint";

    public static PipelineRun From(LintResult result, Severity failOn)
    {
        var findings = result.Findings.Select(f => new PipelineFinding(
            f.Migration,
            f.Rule,
            f.Object,
            f.Severity,
            Command,
            f.Message + (f.Size is { Exists: true } size ? $" ({LintSizes.Describe(size)})" : string.Empty),
            LintRules.Find(f.Rule) is { } rule ? "safe way: " + rule.SafeWay : null,
            Migration: f.Migration,
            Source: f.Source)).ToList();
        var name = result.Environment ?? "migrations";
        var database = result.Database ?? $"offline ({result.Selection.Mode}, {result.Selection.Basis})";
        var checks = result.Migrations.Select(m => m.Id).ToList();
        return new PipelineRun(Command, failOn, [new PipelineTarget(name, database, checks.Count == 0 ? ["lint"] : checks, findings, result.Error)]);
    }

    /// <summary>The <c>schema-diff.sql</c> of a lint run: each linted migration's SQL, every finding as a comment above its statement.</summary>
    public static string Sql(LintResult result)
    {
        var text = new StringBuilder();
        text.Append(Printable.CommentLine($"schemadrift lint: {result.Findings.Count} hazard(s) in {result.Migrations.Count} migration(s) of {result.Context}"));
        foreach (var linted in result.Migrations)
        {
            text.Append('\n').Append(Printable.CommentLine($"===== {linted.Id}" + (linted.File is null ? string.Empty : $" ({linted.File})")));
            var number = 0;
            foreach (var command in result.Inputs.FirstOrDefault(m => m.Id == linted.Id)?.Commands ?? [])
            {
                foreach (var statement in Apply.SqlStatements.Split(command.Sql))
                {
                    number++;
                    foreach (var finding in result.Findings.Where(f => f.Migration == linted.Id && f.Statement == number))
                    {
                        text.Append(Printable.CommentLine($"{Names.Of(finding.Severity)} {finding.Rule}: {finding.Message}"));
                    }

                    text.Append(statement.TrimEnd()).Append(";\n");
                }
            }
        }

        return text.ToString();
    }
}

/// <summary>How a table's size is written for people.</summary>
public static class LintSizes
{
    public static string Describe(TableSize size) =>
        (size.Rows is { } rows ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"~{rows:N0} rows") : "rows unknown: never analyzed")
        + ", " + Apply.TableStats.FormatBytes(size.Bytes);
}
