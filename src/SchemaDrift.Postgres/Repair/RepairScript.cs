using System.Globalization;
using System.Text;
using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Repair;

/// <summary>One command of a repair: what it repairs, for people (a comment line), and its SQL.</summary>
public sealed record RepairCommand(string Comment, string Sql);

/// <summary>
/// Renders a <see cref="RepairPlan"/> as commands a reviewer can read and a gate can check. The first command reads
/// every guard before anything changes (with <c>search_path = pg_catalog</c>, as the probes were read when the plan
/// was made) and keeps each result in the session setting <c>schemadrift.repair_N</c>. Then each repair is its own
/// <c>DO</c> block, preceded by a comment naming the drift and a machine-readable marker line
/// (<c>-- schemadrift:repair {"step":…,"drift":…,"object":…,"action":…,"destructive":…,"table":…}</c>), that runs its
/// statements only where its guard saw the drift. On a database without the drift nothing changes; run twice, the
/// second run changes nothing.
/// </summary>
public static partial class RepairScript
{
    /// <summary>How a repair's SQL begins (its first comment), so that tools can tell a corrective migration.</summary>
    public const string Header = "-- SchemaDrift repair";

    /// <summary>The start of a marker line: the rest of the line is one JSON object describing one repaired drift.</summary>
    public const string MarkerPrefix = "-- schemadrift:repair ";

    /// <summary>The session setting that holds step N's guard: <c>schemadrift.repair_N</c>.</summary>
    public const string GuardSetting = "schemadrift.repair_";

    private static readonly MarkerJsonContext MarkerJson = new(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>The repair as commands; <paramref name="title"/> follows <see cref="Header"/> on the first comment lines.</summary>
    public static IReadOnlyList<RepairCommand> Render(RepairPlan plan, string title)
    {
        var commands = new List<RepairCommand> { Guards(plan, title) };
        var byNumber = plan.Steps.ToDictionary(s => s.Number);
        var seen = new HashSet<int>();
        var statements = plan.Statements;
        for (var i = 0; i < statements.Count;)
        {
            var steps = statements[i].Steps;
            var end = i + 1;
            while (end < statements.Count && statements[end].Steps.SequenceEqual(steps))
            {
                end++;
            }

            var group = statements.Skip(i).Take(end - i).Select(s => s.Statement.Sql).ToList();
            commands.Add(Block(plan, steps.Select(n => byNumber[n]).ToList(), group, seen));
            i = end;
        }

        return commands;
    }

    /// <summary>The commands as one script, in run order.</summary>
    public static string Text(IReadOnlyList<RepairCommand> commands) => string.Join("\n", commands.Select(c => c.Sql));

    private static RepairCommand Guards(RepairPlan plan, string title)
    {
        var text = new StringBuilder(Header).Append(": ");
        foreach (var line in title.Split('\n'))
        {
            text.Append(Printable.Escape(line.TrimEnd())).Append("\n-- ");
        }

        text.Length -= 3;
        foreach (var skipped in plan.Skipped)
        {
            text.Append("-- not repaired: ").Append(Printable.Escape(skipped.Drift.Description)).Append(" (").Append(Printable.Escape(skipped.Explanation)).Append(")\n");
        }

        var body = new StringBuilder();
        body.Append("DECLARE\n    saved_search_path text := current_setting('search_path');\nBEGIN\n");
        body.Append("    PERFORM set_config('search_path', 'pg_catalog', true);\n");
        foreach (var step in plan.Steps)
        {
            body.Append(CultureInfo.InvariantCulture, $"    -- {step.Number}. {Printable.Escape(step.Drift.Description)}\n");
            body.Append(CultureInfo.InvariantCulture,
                $"    PERFORM set_config('{GuardSetting}{step.Number}', (({step.Probe}) IS DISTINCT FROM {SqlText.Literal(step.ExpectedValue)})::text, false);\n");
        }

        body.Append("    PERFORM set_config('search_path', saved_search_path, true);\nEND\n");
        text.Append("-- Guards, all read before anything changes: a repair below runs only where its guard saw its drift.\n");
        return new RepairCommand(
            $"Guards of the {plan.Steps.Count} repair(s) below, all read before anything changes.",
            text.Append(Do(body.ToString())).ToString());
    }

    private static RepairCommand Block(RepairPlan plan, IReadOnlyList<RepairStep> steps, IReadOnlyList<string> statements, HashSet<int> seen)
    {
        var text = new StringBuilder();
        var comment = new List<string>();
        foreach (var step in steps)
        {
            var continued = !seen.Add(step.Number);
            var drift = step.Drift;
            var line = $"{step.Number}. {drift.Description}" + (continued ? " (continued)" : $". Repair: {drift.Repair.Action.Name()}" + (drift.Repair.Note is { } note ? $" ({note})" : string.Empty));
            comment.Add(Printable.Escape(line));
            text.Append("-- ").Append(Printable.Escape(line)).Append('\n');
            text.Append(MarkerPrefix).Append(JsonSerializer.Serialize(
                new Marker(step.Number, drift.Kind.Name(), drift.ObjectName, drift.Repair.Action.Name(), drift.Repair.Destructive, drift.Relation?.Sql),
                MarkerJson.Marker)).Append('\n');
        }

        var tag = Tag("sd", statements);
        var body = new StringBuilder("DECLARE\n    saved_search_path text := current_setting('search_path');\n");
        if (plan.DisableFunctionBodyChecks)
        {
            body.Append("    saved_function_body_checks text := current_setting('check_function_bodies');\n");
        }

        var condition = string.Join(" OR ", steps.Select(s => $"current_setting('{GuardSetting}{s.Number.ToString(CultureInfo.InvariantCulture)}', true) = 'true'"));
        body.Append("BEGIN\n    IF ").Append(condition).Append(" THEN\n        PERFORM set_config('search_path', 'pg_catalog', true);\n");
        if (plan.DisableFunctionBodyChecks)
        {
            body.Append("        PERFORM set_config('check_function_bodies', 'off', true);\n");
        }

        foreach (var statement in statements)
        {
            body.Append("        EXECUTE ").Append(tag).Append(statement).Append(tag).Append(";\n");
        }

        if (plan.DisableFunctionBodyChecks)
        {
            body.Append("        PERFORM set_config('check_function_bodies', saved_function_body_checks, true);\n");
        }

        body.Append("        PERFORM set_config('search_path', saved_search_path, true);\n    END IF;\nEND\n");
        return new RepairCommand(string.Join(" / ", comment), text.Append(Do(body.ToString())).ToString());
    }

    private static string Do(string body)
    {
        var outer = Tag("schemadrift", [body]);
        return "DO " + outer + "\n" + body + outer + ";\n";
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

    /// <summary>The marker of one repaired drift (camelCase on the marker line).</summary>
    private sealed record Marker(
        [property: System.Text.Json.Serialization.JsonPropertyName("step")] int Step,
        [property: System.Text.Json.Serialization.JsonPropertyName("drift")] string Drift,
        [property: System.Text.Json.Serialization.JsonPropertyName("object")] string Object,
        [property: System.Text.Json.Serialization.JsonPropertyName("action")] string Action,
        [property: System.Text.Json.Serialization.JsonPropertyName("destructive")] bool Destructive,
        [property: System.Text.Json.Serialization.JsonPropertyName("table")] string? Table);

    /// <summary>The marker's JSON metadata, generated at compile time (no reflection, so the tool can be compiled ahead of time).</summary>
    [System.Text.Json.Serialization.JsonSerializable(typeof(Marker))]
    private sealed partial class MarkerJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
}
