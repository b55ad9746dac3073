using System.Globalization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The human summary of a verify run, on stderr: a status line per environment and its findings by severity.</summary>
public static class VerifySummaryWriter
{
    public static void Write(ToolConsole console, VerifyReport report)
    {
        foreach (var result in report.Results)
        {
            Write(console, result);
        }
    }

    /// <summary>The offline check of the migrations lock file.</summary>
    public static void Write(ToolConsole console, LockFileResult lockFile)
    {
        if (!lockFile.Exists)
        {
            console.Warn($"no migrations lock at {lockFile.Path}: edits to applied migrations cannot be caught offline. Run '{LockFileCheck.UpdateCommand}' and commit the file.");
            return;
        }

        if (lockFile.Findings.Count == 0)
        {
            console.Info(console.Paint("32", "✓ "), $"migrations match {lockFile.Path}");
            return;
        }

        console.Info(console.Paint(Color(lockFile.Severity), "✗ "), console.Paint("1", $"migrations lock {lockFile.Path}: {Name(lockFile.Severity)}"));
        WriteFindings(console, lockFile.Findings);
    }

    public static void Write(ToolConsole console, EnvironmentResult result)
    {
        var migrations = result.Migrations;
        var counts = string.Create(CultureInfo.InvariantCulture, $"{migrations.Applied.Count} applied, {migrations.Pending.Count} pending");
        if (migrations.Unknown.Count > 0)
        {
            counts += string.Create(CultureInfo.InvariantCulture, $", {migrations.Unknown.Count} unknown");
        }

        if (result.Error is not null)
        {
            // The cause first; what could not be cleaned up after it.
            console.Info(console.Paint("31", "✗ "), $"{result.Environment}: error: {result.Error}");
            foreach (var note in result.Notes)
            {
                console.Warn(note);
            }

            return;
        }

        if (result.Findings.Count == 0)
        {
            console.Info(console.Paint("32", "✓ "), $"{result.Environment} ({result.Display}): clean; migrations {counts}");
        }
        else
        {
            console.Info(console.Paint(Color(result.Severity), "✗ "), console.Paint("1",
                string.Create(CultureInfo.InvariantCulture, $"{result.Environment} ({result.Display}): drift, {Name(result.Severity)}; {result.Findings.Count} finding(s); migrations {counts}")));
        }

        if (migrations.Pending.Count > 0)
        {
            console.Info(console.Paint("2", "  pending: " + string.Join(", ", migrations.Pending)));
        }

        if (migrations.Unverified.Count > 0)
        {
            console.Info(console.Paint("2", string.Create(CultureInfo.InvariantCulture,
                $"  unverified: {migrations.Unverified.Count} applied migration(s) have no checksum recorded by 'apply' or 'baseline'")));
        }

        foreach (var note in result.Notes)
        {
            console.Warn(note);
        }

        WriteFindings(console, result.Findings);
        WriteDisagreements(console, result.Disagreements);
        foreach (var ignored in result.Ignored)
        {
            console.Info(console.Paint("2", $"  ignored: {FindingNames.Kind(ignored.Finding)} {ignored.Finding.Object} ({ignored.Reason})"));
        }

        if (result.Timings is { } t)
        {
            console.Detail(string.Create(CultureInfo.InvariantCulture,
                $"timing {result.Environment}: history {t.History.TotalMilliseconds:F0} ms, {(t.ExpectedFromCache ? "expected schema from the cache" : "shadow replay")} {t.ShadowReplay.TotalMilliseconds:F0} ms, live snapshot {t.Snapshot.TotalMilliseconds:F0} ms, total {t.Total.TotalMilliseconds:F0} ms"));
        }
    }

    private static void WriteFindings(ToolConsole console, IReadOnlyList<VerifyFinding> findings)
    {
        foreach (var group in findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
        {
            console.Info(console.Paint(Color(group.Key), string.Create(CultureInfo.InvariantCulture, $"  {Name(group.Key)} ({group.Count()})")));
            foreach (var finding in group)
            {
                console.Info($"    {FindingNames.Kind(finding)} {finding.Object}{EfTerms.Suffix(finding)} ", console.Paint("2", $"[{finding.Cause.Name()}]"));
                if (finding.Description is { } description)
                {
                    console.Info(console.Paint("2", "      " + description));
                }

                if (finding.Explanation is { } why)
                {
                    console.Info(console.Paint("2", "      " + why));
                }

                if (console.Verbose)
                {
                    console.Info(console.Paint("2", $"      expected: {finding.Expected ?? "(nothing)"}; actual: {finding.Actual ?? "(nothing)"}"));
                    if (finding.Repair is { } repair)
                    {
                        console.Info(console.Paint("2", $"      repair: {repair.Action.Name()}{(repair.Destructive ? " (destructive)" : string.Empty)}{(repair.Note is { } note ? "; " + note : string.Empty)}"));
                    }

                    if (finding.Fix is not null)
                    {
                        console.Info(console.Paint("2", "      fix: " + Printable.SqlLine(finding.Fix)));
                    }
                }
            }
        }
    }

    /// <summary>Notes, apart from drift: the model and its migrations disagree although EF sees no model change.</summary>
    private static void WriteDisagreements(ToolConsole console, IReadOnlyList<VerifyFinding> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        console.Info(console.Paint("36", string.Create(CultureInfo.InvariantCulture,
            $"  note: the model and its migrations disagree ({notes.Count}; not drift in the database, no effect on the exit code)")));
        foreach (var note in notes)
        {
            console.Info($"    {FindingNames.Kind(note)} {note.Object}{EfTerms.Suffix(note)} ", console.Paint("2", $"[{note.Cause.Name()}]"));
            console.Info(console.Paint("2", $"      {note.Expected}; {note.Actual}. {note.Explanation}"));
        }
    }

    private static string Name(Severity severity) => VerifyJsonWriter.Name(severity);

    private static string Color(Severity severity) => severity switch
    {
        Severity.Critical => "31",
        Severity.Major => "33",
        _ => "36",
    };
}
