using System.Text.RegularExpressions;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Functions, procedures and aggregates (CREATE OR REPLACE from pg_get_functiondef, or drop and create when the
/// signature or result type changes), and triggers (drop and create when changed; ENABLE/DISABLE for their state).
/// </summary>
internal static partial class RoutineComparer
{
    public static void Compare(DiffContext context)
    {
        Routines(context);
        Triggers(context);
        Clones(context);
    }

    /// <summary>
    /// Routines that tables need (column defaults, generated columns, checks, domains, index expressions) are
    /// created before the tables; the others after tables and with views, ordered by the target's dependencies.
    /// SQL bodies are not checked at creation (the script starts with SET check_function_bodies = off).
    /// </summary>
    public static HashSet<string> EarlyRoutines(DiffContext context)
    {
        static bool IsRoutine(string key) => key.StartsWith("function:", StringComparison.Ordinal);
        var queue = new Queue<string>();
        foreach (var dependency in context.To.Dependencies.Where(d => IsRoutine(d.ReferencedKey)))
        {
            if (dependency.DependentKey.StartsWith("table:", StringComparison.Ordinal)
                || dependency.DependentKey.StartsWith("column:", StringComparison.Ordinal)
                || dependency.DependentKey.StartsWith("constraint:", StringComparison.Ordinal)
                || dependency.DependentKey.StartsWith("type:", StringComparison.Ordinal))
            {
                queue.Enqueue(dependency.ReferencedKey);
            }
        }

        // Index expressions record no dependency on the routines they call: look for the calls in the text.
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in context.To.Indexes)
        {
            if (MayCallQualified(index.Definition))
            {
                foreach (Match match in Call().Matches(index.Definition))
                {
                    called.Add(match.Groups[1].Value);
                }
            }
        }

        foreach (var function in context.To.Functions.Where(f => called.Contains(f.Name.Sql)))
        {
            queue.Enqueue(function.Key);
        }

        var calls = context.To.Dependencies.Where(d => IsRoutine(d.DependentKey) && IsRoutine(d.ReferencedKey)).ToLookup(d => d.DependentKey, d => d.ReferencedKey);
        var early = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var key))
        {
            if (early.Add(key))
            {
                foreach (var needed in calls[key])
                {
                    queue.Enqueue(needed);
                }
            }
        }

        return early;
    }

    private static void Routines(DiffContext context)
    {
        var early = new Lazy<HashSet<string>>(() => EarlyRoutines(context));
        var (added, removed, both) = Match(
            context.From.Functions, context.To.Functions,
            (from, to) => !context.Recreate.ContainsKey(from.Key) && from.Definition == to.Definition && from.Comment == to.Comment);
        var targetNames = new NameMap<DbFunction>();
        foreach (var function in context.To.Functions)
        {
            targetNames[function.Name] = function;
        }

        Phase CreatePhase(DbFunction f) => early.Value.Contains(f.Key) ? Phase.CreateEarlyRoutines : Phase.CreateViewsAndRoutines;

        foreach (var function in added)
        {
            var change = context.AddChange(
                function, ChangeKinds.Add(function.Kind), ChangeType.Added, ChangeClassifier.Of(ChangeKinds.Add(function.Kind)),
                $"{Describe(function)} added", after: Header(function));
            context.Emit(change, CreatePhase(function), StatementAction.Create, function.Key, DdlWriter.CreateFunction(function));
            CommentOnCreate(context, change, function, function.Comment);
        }

        foreach (var function in removed)
        {
            var used = context.FromGraph.RequiredBy(function.Key).Any(k => !k.StartsWith("privilege:", StringComparison.Ordinal));
            var change = context.AddChange(
                function, ChangeKinds.Drop(function.Kind), ChangeType.Removed, ChangeClassifier.DropRoutine(used),
                $"{Describe(function)} dropped{(used ? " while objects use it" : string.Empty)}", before: Header(function));

            // An overload with the same name may take its place (argument names changed): drop before creating.
            var phase = targetNames.ContainsKey(function.Name) ? Phase.DropReplaced : Phase.DropRoutines;
            context.Emit(change, phase, StatementAction.Drop, function.Key, DdlWriter.DropFunction(function));
        }

        foreach (var (from, to) in both)
        {
            var changed = from.Definition != to.Definition;
            if (context.Recreate.ContainsKey(from.Key))
            {
                Owner owner = changed ? ChangeRoutine(context, from, to, "dropped and created again") : context.RecreateOwner(from.Key);
                context.Emit(owner, Phase.DropReplaced, StatementAction.Drop, from.Key, DdlWriter.DropFunction(from));
                context.Emit(owner, CreatePhase(to), StatementAction.Create, to.Key, DdlWriter.CreateFunction(to));
                CommentOnCreate(context, owner, to, to.Comment);
                continue;
            }

            if (changed)
            {
                var change = ChangeRoutine(context, from, to, "replaced");
                context.Emit(change, CreatePhase(to), StatementAction.Alter, to.Key, DdlWriter.CreateFunction(to));
            }

            CompareComment(context, to, from.Comment, to.Comment);
        }
    }

    private static ChangeBuilder ChangeRoutine(DiffContext context, DbFunction from, DbFunction to, string how) =>
        context.AddChange(
            to, ChangeKinds.Change(to.Kind), ChangeType.Modified, ChangeClassifier.Of(ChangeKinds.Change(to.Kind)),
            $"{Describe(to)}: definition changed; {how}", Header(from), Header(to));

    /// <summary>The first lines of pg_get_functiondef up to the body: signature, result, language and attributes.</summary>
    private static string Header(DbFunction function)
    {
        var lines = function.Definition.Split('\n');
        var body = Array.FindIndex(lines, l => l.StartsWith("AS ", StringComparison.Ordinal) || l.StartsWith("BEGIN ATOMIC", StringComparison.Ordinal));
        return string.Join(" ", lines.Take(body < 0 ? lines.Length : body).Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    private static void Triggers(DiffContext context)
    {
        var (added, removed, both) = Match(
            context.From.Triggers.Where(t => t.ClonedFrom is null), context.To.Triggers.Where(t => t.ClonedFrom is null),
            (from, to) => context.NewRelation(to.Table) is null && from.Definition == to.Definition && !context.Recreate.ContainsKey(from.Key)
                && from.Enabled == to.Enabled && from.Comment == to.Comment);
        foreach (var trigger in added)
        {
            var owner = context.NewRelation(trigger.Table) ?? context.AddChange(
                trigger, ChangeKind.AddTrigger, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddTrigger),
                $"trigger {trigger.DisplayName} added", after: TriggerText(trigger));
            CreateTrigger(context, owner, trigger);
        }

        foreach (var trigger in removed.Where(t => !context.IsGone(t.Table)))
        {
            var change = context.AddChange(
                trigger, ChangeKind.DropTrigger, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropTrigger),
                $"trigger {trigger.DisplayName} dropped", before: TriggerText(trigger));
            context.Emit(change, Phase.DropTriggers, StatementAction.Drop, trigger.Key, DdlWriter.DropTrigger(trigger));
        }

        foreach (var (from, to) in both)
        {
            if (context.NewRelation(to.Table) is { } owner)
            {
                CreateTrigger(context, owner, to);
            }
            else if (from.Definition != to.Definition || context.Recreate.ContainsKey(from.Key))
            {
                Owner recreateOwner = from.Definition == to.Definition ? context.RecreateOwner(from.Key) : context.AddChange(
                    to, ChangeKind.ChangeTrigger, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.ChangeTrigger),
                    $"trigger {to.DisplayName}: definition changed", TriggerText(from), TriggerText(to));
                context.Emit(recreateOwner, Phase.DropTriggers, StatementAction.Drop, from.Key, DdlWriter.DropTrigger(from));
                CreateTrigger(context, recreateOwner, to);
            }
            else
            {
                if (from.Enabled != to.Enabled)
                {
                    var change = context.AddChange(
                        to, ChangeKind.AlterTriggerEnabled, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTriggerEnabled),
                        $"trigger {to.DisplayName}: {State(from.Enabled)} → {State(to.Enabled)}", State(from.Enabled), State(to.Enabled));
                    context.Emit(change, Phase.CreateTriggers, StatementAction.Alter, to.Key, DdlWriter.TriggerEnabled(to));
                }

                CompareComment(context, to, from.Comment, to.Comment);
            }
        }
    }

    /// <summary>
    /// A partition's clone of its parent's trigger, enabled otherwise than that trigger on one side (the server makes
    /// and drops clones with the parent's trigger or the partition): ENABLE / DISABLE on the partition, once the
    /// parent's trigger and the partition are in place. A clone the target has follow its parent's trigger is set as
    /// that trigger is, where the partition still clones it.
    /// </summary>
    private static void Clones(DiffContext context)
    {
        var before = context.From.Triggers.Where(t => t.ClonedFrom is not null).ToDictionary(t => t.Key, StringComparer.Ordinal);
        var after = context.To.Triggers.Where(t => t.ClonedFrom is not null).ToDictionary(t => t.Key, StringComparer.Ordinal);
        var parents = context.To.Triggers.Where(t => t.ClonedFrom is null).ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var clone in after.Values)
        {
            // A parent's trigger the script drops and creates (or alters) makes the clone again as it is.
            var old = before.GetValueOrDefault(clone.Key);
            var parentKey = ParentTriggerKey(clone);
            if (old is not null && old.Enabled == clone.Enabled && old.ClonedFrom == clone.ClonedFrom && context.NewRelation(clone.Table) is null
                && !context.Statements.Any(s => s.Key == parentKey))
            {
                continue;
            }

            SetClone(context, clone, old?.Enabled, clone.Enabled);
        }

        foreach (var old in before.Values.Where(c => !after.ContainsKey(c.Key)))
        {
            var parentKey = ParentTriggerKey(old);
            if (context.ToTables.TryGetValue(old.Table, out var table) && table.PartitionOf == old.ClonedFrom
                && parents.TryGetValue(parentKey, out var parent))
            {
                SetClone(context, old with { Enabled = parent.Enabled }, old.Enabled, parent.Enabled);
            }
        }
    }

    private static void SetClone(DiffContext context, DbTrigger clone, char? from, char to)
    {
        var change = context.AddChange(
            clone, ChangeKind.AlterTriggerEnabled, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTriggerEnabled),
            $"trigger {clone.DisplayName} (made for the partition from {clone.ClonedFrom}'s): {(from is { } f ? State(f) : "as its parent's")} → {State(to)}",
            from is { } s ? State(s) : null, State(to));
        context.Emit(
            change, Phase.CreateTriggers, StatementAction.Alter, clone.Key, DdlWriter.TriggerEnabled(clone),
            requires: [ParentTriggerKey(clone), "table:" + clone.Table]);
    }

    private static string ParentTriggerKey(DbTrigger clone) => "trigger:" + clone.ClonedFrom + "." + clone.Name;

    private static void CreateTrigger(DiffContext context, Owner owner, DbTrigger trigger)
    {
        context.Emit(owner, Phase.CreateTriggers, StatementAction.Create, trigger.Key, DdlWriter.CreateTrigger(trigger));
        if (trigger.Enabled != 'O')
        {
            context.Emit(owner, Phase.CreateTriggers, StatementAction.Alter, trigger.Key, DdlWriter.TriggerEnabled(trigger));
        }

        CommentOnCreate(context, owner, trigger, trigger.Comment);
    }

    /// <summary>
    /// Whether <see cref="Call"/> can match: some opening parenthesis follows a quoted identifier, or a run of
    /// identifier characters that a dot precedes. Most index definitions call no qualified function, and this look
    /// costs far less than the expression's search from every position.
    /// </summary>
    private static bool MayCallQualified(string definition)
    {
        for (var at = definition.IndexOf('(', StringComparison.Ordinal); at >= 0; at = definition.IndexOf('(', at + 1))
        {
            if (at == 0)
            {
                continue;
            }

            if (definition[at - 1] == '"')
            {
                return true;
            }

            var start = at;
            while (start > 0 && definition[start - 1] is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '$')
            {
                start--;
            }

            if (start < at && start > 0 && definition[start - 1] == '.')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A qualified name followed by an opening parenthesis: a function call as pg_get_indexdef prints it.</summary>
    [GeneratedRegex("""((?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+"))\(""")]
    private static partial Regex Call();

    private static string TriggerText(DbTrigger trigger) => trigger.Definition + (trigger.Enabled == 'O' ? string.Empty : $" ({State(trigger.Enabled)})");

    private static string State(char enabled) => enabled switch
    {
        'D' => "disabled",
        'R' => "enabled on replicas only",
        'A' => "enabled always",
        _ => "enabled",
    };
}
