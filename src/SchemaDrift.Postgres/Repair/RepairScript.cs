using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Repair;

/// <summary>
/// Renders a <see cref="RepairPlan"/> as one PostgreSQL <c>DO</c> block: it reads every guard first (with
/// <c>search_path = pg_catalog</c>, as the probes were read when the plan was made), then runs each statement whose
/// guards saw their difference, and restores the session settings. On a database without the drift it changes
/// nothing; run twice, the second run changes nothing.
/// </summary>
public static class RepairScript
{
    /// <summary>How a repair's SQL begins (its first comment), so that tools can tell a corrective migration.</summary>
    public const string Header = "-- SchemaDrift repair";

    /// <summary>The repair as SQL; <paramref name="title"/> follows <see cref="Header"/> on the first comment line.</summary>
    public static string Render(RepairPlan plan, string title)
    {
        var body = new StringBuilder();
        body.Append("DECLARE\n    saved_search_path text := current_setting('search_path');\n");
        body.Append("    saved_function_body_checks text := current_setting('check_function_bodies');\n");
        foreach (var step in plan.Steps)
        {
            body.Append(CultureInfo.InvariantCulture, $"    drift_{step.Number} boolean;\n");
        }

        body.Append("BEGIN\n    PERFORM set_config('search_path', 'pg_catalog', true);\n");
        if (plan.DisableFunctionBodyChecks)
        {
            body.Append("    PERFORM set_config('check_function_bodies', 'off', true);\n");
        }

        body.Append("\n    -- Guards, all read before anything changes: true where the database has the difference.\n");
        foreach (var step in plan.Steps)
        {
            body.Append(Printable.CommentLine(string.Create(CultureInfo.InvariantCulture, $"{step.Number}. {step.Change.Description}"), "    -- "));
            body.Append(CultureInfo.InvariantCulture, $"    drift_{step.Number} := ({step.Probe}) IS DISTINCT FROM {SqlText.Literal(step.ExpectedValue)};\n");
        }

        body.Append("\n    -- Repairs, in dependency order.\n");
        var texts = plan.Statements.Select(s => s.Statement.Sql).ToList();
        var tag = Tag("sd", texts);
        foreach (var statement in plan.Statements)
        {
            var condition = string.Join(" OR ", statement.Steps.Select(n => "drift_" + n.ToString(CultureInfo.InvariantCulture)));
            body.Append(CultureInfo.InvariantCulture, $"    IF {condition} THEN\n        EXECUTE {tag}{statement.Statement.Sql}{tag};\n    END IF;\n");
        }

        body.Append("\n    PERFORM set_config('check_function_bodies', saved_function_body_checks, true);\n");
        body.Append("    PERFORM set_config('search_path', saved_search_path, true);\nEND\n");

        var outer = Tag("schemadrift", [body.ToString()]);
        // The title's lines, then what is not repaired: comments written by Printable, so no name can end one early.
        var text = new StringBuilder(Header).Append(": ");
        text.Append(Printable.Comment(title)[3..]);
        foreach (var skipped in plan.Skipped)
        {
            text.Append(Printable.CommentLine($"not repaired: {skipped.Change.Description} ({skipped.Explanation})"));
        }

        return text.Append("DO ").Append(outer).Append('\n').Append(body).Append(outer).Append(";\n").ToString();
    }

    /// <summary>A dollar-quote tag that does not occur in any of <paramref name="texts"/>.</summary>
    private static string Tag(string name, IReadOnlyList<string> texts)
    {
        for (var i = 0; ; i++)
        {
            var tag = "$" + name + (i == 0 ? string.Empty : i.ToString(CultureInfo.InvariantCulture)) + "$";
            if (!texts.Any(t => t.Contains(tag, StringComparison.Ordinal)))
            {
                return tag;
            }
        }
    }
}
