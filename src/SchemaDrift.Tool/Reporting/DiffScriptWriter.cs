using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// Writes a diff's script: runnable statements in order, withheld destructive ones as comments (every comment through
/// <see cref="Printable.Comment"/>, so no name can end one early).
/// </summary>
public static class DiffScriptWriter
{
    public static string Write(DiffResult result, DatabaseTarget source, DatabaseTarget target, bool includeDestructive)
    {
        var text = new StringBuilder();
        text.Append(Printable.CommentLine($"schemadrift diff: {source.Label} -> {target.Label}"));
        if (result.IsEmpty)
        {
            text.Append("-- No differences.\n");
            return text.ToString();
        }

        text.Append("-- ").Append(DiffSummaryWriter.Counts(result)).Append('\n').Append('\n');
        foreach (var statement in result.Script)
        {
            if (statement.Destructive && !includeDestructive)
            {
                continue;
            }

            if (!statement.Transactional)
            {
                text.Append("-- cannot run inside a transaction block:\n");
            }

            text.Append(statement.Sql.TrimEnd()).Append('\n').Append('\n');
        }

        var withheld = result.Script.Where(s => s.Destructive && !includeDestructive).ToList();
        if (withheld.Count > 0)
        {
            text.Append("-- Withheld: ").Append(withheld.Count)
                .Append(" destructive statement(s) that can lose data, or that need one that is withheld; run with --unsafe to include them.\n");
            foreach (var statement in withheld)
            {
                text.Append(Printable.CommentedSql(statement.Sql.TrimEnd()));
            }
        }

        return text.ToString();
    }
}
