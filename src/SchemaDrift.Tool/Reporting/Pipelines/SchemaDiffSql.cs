using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// <c>schema-diff.sql</c>: the full DDL of a run, in order, with every destructive statement present but commented
/// out, so the file is safe to run as it is and shows everything. Every comment goes through
/// <see cref="Printable"/>: no name can end one early.
/// </summary>
public static class SchemaDiffSql
{
    private const string DestructiveNote = "destructive (it can lose data), commented out: run it by hand once the data is saved or no longer needed";

    /// <summary>A diff's script: the statements that turn FROM into TO.</summary>
    public static string ForDiff(DiffResult result, DatabaseTarget source, DatabaseTarget target)
    {
        var text = new StringBuilder();
        text.Append(Printable.CommentLine($"schemadrift diff: the DDL that turns {source.Label} ({source.Display}) into {target.Label} ({target.Display})"));
        text.Append("-- Destructive statements are commented out.\n\n");
        if (result.IsEmpty)
        {
            return text.Append("-- No differences.\n").ToString();
        }

        foreach (var statement in result.Script)
        {
            Statement(text, statement.Sql, statement.Destructive, statement.Transactional);
        }

        return text.ToString();
    }

    /// <summary>A verify run's repairs, per environment: the statements that bring each database back to what its migrations make.</summary>
    public static string ForVerify(VerifyReport report)
    {
        var text = new StringBuilder();
        text.Append("-- schemadrift verify: the repairs of the drift found, per environment.\n");
        text.Append("-- Destructive statements are commented out. `dotnet schemadrift fix` writes the same repairs as a guarded EF Core migration.\n");
        foreach (var result in report.Results)
        {
            text.Append('\n').Append(Printable.CommentLine($"===== {result.Environment} ({result.Display})"));
            if (result.Error is { } error)
            {
                text.Append(Printable.Comment("could not be verified: " + error));
                continue;
            }

            if (result.Findings.Count == 0)
            {
                text.Append("-- No drift.\n");
                continue;
            }

            foreach (var finding in result.Findings)
            {
                text.Append('\n').Append(Printable.CommentLine($"{finding.Kind} {finding.Object} ({finding.Severity.ToString().ToLowerInvariant()}): {finding.Description ?? finding.Actual}"));
                switch (finding.Repair)
                {
                    case { Sql: { } sql } repair:
                        if (repair.Note is { } note)
                        {
                            text.Append(Printable.CommentLine(note));
                        }

                        Statement(text, sql, repair.Destructive, transactional: true);
                        break;
                    case { Sql: null } decision:
                        text.Append(Printable.CommentLine("no statement: decide first: " + (decision.Note ?? "a person must decide")));
                        break;
                    default:
                        if (finding.Fix is { } fix)
                        {
                            text.Append("-- to do (not schema DDL):\n").Append(Printable.Comment(fix));
                        }

                        break;
                }
            }
        }

        return text.ToString();
    }

    private static void Statement(StringBuilder text, string sql, bool destructive, bool transactional)
    {
        if (destructive)
        {
            text.Append("-- ").Append(DestructiveNote).Append(":\n").Append(Printable.CommentedSql(sql.TrimEnd())).Append('\n');
            return;
        }

        if (!transactional)
        {
            text.Append("-- cannot run inside a transaction block:\n");
        }

        text.Append(sql.TrimEnd()).Append("\n\n");
    }
}
