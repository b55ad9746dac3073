using System.Globalization;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Schemas, extensions, collations and sequences: what tables and types are built on.</summary>
internal static class PrerequisiteComparer
{
    public static void Compare(DiffContext context)
    {
        Schemas(context);
        Extensions(context);
        Collations(context);
        Sequences(context);
    }

    private static void Schemas(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Schemas, context.To.Schemas);
        foreach (var schema in added)
        {
            var change = context.AddChange(schema, ChangeKind.AddSchema, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddSchema), $"schema {schema.Name} added");
            context.Emit(change, Phase.CreateSchemas, StatementAction.Create, schema.Key, DdlWriter.CreateSchema(schema));
            CommentOnCreate(context, change, schema, schema.Comment);
        }

        foreach (var schema in removed)
        {
            var change = context.AddChange(schema, ChangeKind.DropSchema, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropSchema), $"schema {schema.Name} dropped");
            context.Emit(change, Phase.DropSchemas, StatementAction.Drop, schema.Key, DdlWriter.DropSchema(schema));
        }

        foreach (var (from, to) in both)
        {
            CompareComment(context, to, from.Comment, to.Comment);
        }
    }

    private static void Extensions(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Extensions, context.To.Extensions);
        foreach (var extension in added)
        {
            var change = context.AddChange(
                extension, ChangeKind.AddExtension, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddExtension),
                $"extension {extension.Name} {extension.Version} added", after: extension.Version);
            context.Emit(change, Phase.CreateExtensions, StatementAction.Create, extension.Key, DdlWriter.CreateExtension(extension));
            CommentOnCreate(context, change, extension, extension.Comment);
        }

        foreach (var extension in removed)
        {
            var change = context.AddChange(
                extension, ChangeKind.DropExtension, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropExtension),
                $"extension {extension.Name} dropped", before: extension.Version);
            context.Emit(change, Phase.DropExtensions, StatementAction.Drop, extension.Key, DdlWriter.DropExtension(extension));
        }

        foreach (var (from, to) in both)
        {
            if (from.Version != to.Version)
            {
                // Extensions ship update scripts, not downgrade scripts: an older version means drop and create.
                var downgrade = IsOlder(to.Version, from.Version);
                var change = context.AddChange(
                    to, ChangeKind.AlterExtensionVersion, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterExtensionVersion),
                    $"extension {to.Name}: version {from.Version} → {to.Version}{(downgrade ? "; dropped and created again" : string.Empty)}", from.Version, to.Version);
                if (downgrade)
                {
                    context.Emit(change, Phase.DropReplaced, StatementAction.Drop, to.Key, DdlWriter.DropExtension(from));
                    context.Emit(change, Phase.CreateExtensions, StatementAction.Create, to.Key, DdlWriter.CreateExtension(to));
                    CommentOnCreate(context, change, to, to.Comment);
                    continue;
                }

                context.Emit(change, Phase.CreateExtensions, StatementAction.Alter, to.Key, DdlWriter.UpdateExtension(to));
            }

            if (from.Schema != to.Schema)
            {
                var change = context.AddChange(
                    to, ChangeKind.AlterExtensionSchema, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterExtensionSchema),
                    $"extension {to.Name}: schema {from.Schema} → {to.Schema}", from.Schema, to.Schema);
                context.Emit(change, Phase.CreateExtensions, StatementAction.Alter, to.Key, DdlWriter.MoveExtension(to));
            }

            CompareComment(context, to, from.Comment, to.Comment);
        }
    }

    private static void Collations(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Collations, context.To.Collations);
        foreach (var collation in added)
        {
            var change = context.AddChange(
                collation, ChangeKind.AddCollation, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddCollation),
                $"collation {collation.DisplayName} added", after: Describe(collation));
            context.Emit(change, Phase.CreateCollations, StatementAction.Create, collation.Key, DdlWriter.CreateCollation(collation));
            CommentOnCreate(context, change, collation, collation.Comment);
        }

        foreach (var collation in removed)
        {
            var change = context.AddChange(
                collation, ChangeKind.DropCollation, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropCollation),
                $"collation {collation.DisplayName} dropped", before: Describe(collation));
            context.Emit(change, Phase.DropCollations, StatementAction.Drop, collation.Key, DdlWriter.DropCollation(collation));
        }

        foreach (var (from, to) in both)
        {
            if ((to with { Comment = from.Comment }).Equals(from))
            {
                CompareComment(context, to, from.Comment, to.Comment);
                continue;
            }

            var change = context.AddChange(
                to, ChangeKind.ChangeCollation, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.ChangeCollation),
                $"collation {to.DisplayName}: {Describe(from)} → {Describe(to)}", Describe(from), Describe(to));
            context.Emit(change, Phase.DropReplaced, StatementAction.Drop, to.Key, DdlWriter.DropCollation(from));
            context.Emit(change, Phase.CreateCollations, StatementAction.Create, to.Key, DdlWriter.CreateCollation(to));
            CommentOnCreate(context, change, to, to.Comment);
        }
    }

    private static void Sequences(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Sequences, context.To.Sequences);
        var owners = new SequenceOwners(context);
        foreach (var sequence in added)
        {
            var change = context.AddChange(
                sequence, ChangeKind.AddSequence, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddSequence),
                $"sequence {sequence.DisplayName} added", after: Describe(sequence));
            context.Emit(change, Phase.CreateSequences, StatementAction.Create, sequence.Key, DdlWriter.CreateSequence(sequence));
            if (sequence.OwnedBy is not null)
            {
                OwnedBy(context, change, sequence, owners.Align(change, sequence, null));
            }

            CommentOnCreate(context, change, sequence, sequence.Comment);
        }

        foreach (var sequence in removed)
        {
            // A sequence owned by a column that goes away is dropped with it.
            if (OwnerKey(sequence) is { } owner && context.DroppedColumns.Contains(owner))
            {
                continue;
            }

            var change = context.AddChange(
                sequence, ChangeKind.DropSequence, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropSequence),
                $"sequence {sequence.DisplayName} dropped", before: Describe(sequence));
            context.Emit(change, Phase.DropSequences, StatementAction.Drop, sequence.Key, DdlWriter.DropSequence(sequence), destructive: true);
        }

        foreach (var (from, to) in both)
        {
            var options = Options(from, to);
            if (options.Count > 0 && context.Restart(from.Key, from.Name, null, (from.MinValue, from.MaxValue), (to.MinValue, to.MaxValue)) is { } restart)
            {
                options.Add(restart);
            }

            if (options.Count > 0)
            {
                var change = context.AddChange(
                    to, ChangeKind.AlterSequence, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterSequence),
                    $"sequence {to.DisplayName}: {Describe(from)} → {Describe(to)}", Describe(from), Describe(to));
                context.Emit(change, Phase.CreateSequences, StatementAction.Alter, to.Key, DdlWriter.AlterSequence(to, string.Join(" ", options)));
            }

            if (from.Unlogged != to.Unlogged)
            {
                // After the tables' own SET LOGGED / UNLOGGED, which from PostgreSQL 15 carries the sequences they own along.
                var change = context.AddChange(
                    to, ChangeKind.AlterSequence, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterSequence),
                    $"sequence {to.DisplayName}: {Persistence(from)} → {Persistence(to)}", Persistence(from), Persistence(to));
                context.Emit(change, Phase.AlterSequences, StatementAction.Alter, to.Key, DdlWriter.AlterSequence(to, to.Unlogged ? "SET UNLOGGED" : "SET LOGGED"));
            }

            var ownerGoes = OwnerKey(from) is { } owner && context.DroppedColumns.Contains(owner);
            if (from.OwnedBy != to.OwnedBy || ownerGoes)
            {
                var change = context.AddChange(
                    to, ChangeKind.AlterSequenceOwner, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterSequenceOwner),
                    $"sequence {to.DisplayName}: owned by {from.OwnedBy ?? "nothing"} → {to.OwnedBy ?? "nothing"}", from.OwnedBy, to.OwnedBy);
                if (ownerGoes)
                {
                    // Released before its column (or table) is dropped, or the sequence would be dropped with it; filed
                    // apart from the sequence, whose uses in the source are dropped later.
                    context.Emit(change, Phase.ReleaseSequences, StatementAction.Drop, to.Key + "#release", DdlWriter.SequenceOwnedBy(to, null));
                }

                if (to.OwnedBy is not null || !ownerGoes)
                {
                    OwnedBy(context, change, to, owners.Align(change, to, from));
                }
            }

            CompareComment(context, to, from.Comment, to.Comment);
        }
    }

    /// <summary>
    /// OWNED BY, once the owning column exists, and the table has its owner: the server requires the sequence's owner
    /// to own the table (a table created again is the script's role's until its owner is set back).
    /// </summary>
    private static void OwnedBy(DiffContext context, ChangeBuilder change, DbSequence sequence, string? aligned)
    {
        // Filed apart from the sequence: the table's default needs the sequence, not its owner.
        var requires = Owner(sequence) is var (column, table) ? new[] { sequence.Key, column, table, "owner:" + table } : [sequence.Key];
        if (aligned is not null)
        {
            requires = [.. requires, aligned];
        }

        context.Emit(change, Phase.AlterSequences, StatementAction.Alter, sequence.Key + "#owned-by", DdlWriter.SequenceOwnedBy(sequence, sequence.OwnedBy), requires: requires);
    }

    /// <summary>The keys of the column owning the sequence and of its table (OwnedBy is printed as schema.table.column).</summary>
    private static (string Column, string Table)? Owner(DbSequence sequence) =>
        sequence.OwnedBy is { } text && SqlText.ParseQualified(text) is [var schema, var table, var column]
            ? ($"column:{schema}.{table}.{column}", $"table:{schema}.{table}")
            : null;

    private static string? OwnerKey(DbSequence sequence) => Owner(sequence)?.Column;

    /// <summary>
    /// The owner a sequence has when OWNED BY links it to a column, which must be the owner of the column's table (the
    /// server refuses otherwise): a sequence the script creates is the script's role's (CURRENT_USER); one it keeps
    /// has its own owner, or that of the table it was linked to (a table's new owner reaches only the sequences linked
    /// to it). The table's owner then: the target's with owners compared; otherwise the source's (a table created again
    /// gets it back), or the script's role's for a table it creates.
    /// </summary>
    private sealed class SequenceOwners(DiffContext context)
    {
        private const string ScriptRole = "CURRENT_USER";

        private Dictionary<string, string>? before;
        private Dictionary<string, string>? after;

        /// <summary>ALTER SEQUENCE ... OWNER TO the table's owner, before OWNED BY, when the owners would differ; its key, or null.</summary>
        public string? Align(ChangeBuilder change, DbSequence sequence, DbSequence? from)
        {
            before ??= context.From.Owners.ToDictionary(o => o.ObjectKey, o => o.Role, StringComparer.Ordinal);
            after ??= context.To.Owners.ToDictionary(o => o.ObjectKey, o => o.Role, StringComparer.Ordinal);
            if (Owner(sequence) is not var (_, table))
            {
                return null;
            }

            var role = context.Options.CompareOwners ? after.GetValueOrDefault(table)
                : before.TryGetValue(table, out var kept) ? kept
                : ScriptRole;
            var now = from is null ? ScriptRole : before.GetValueOrDefault(Owner(from) is var (_, formerTable) ? formerTable : from.Key);
            if (role is null || now is null || now == role)
            {
                return null;
            }

            var key = sequence.Key + "#owner";
            context.Emit(change, Phase.AlterSequences, StatementAction.Alter, key, DdlWriter.Owner(new DbOwner(sequence.Key, ObjectKind.Sequence, "SEQUENCE " + sequence.Name.Sql, role)), requires: [sequence.Key, "owner:" + table]);
            return key;
        }
    }

    /// <summary>Whether dotted version <paramref name="a"/> sorts before <paramref name="b"/> (1.3 &lt; 1.10).</summary>
    public static bool IsOlder(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length ? x[i] : "0";
            var q = i < y.Length ? y[i] : "0";
            var order = int.TryParse(p, out var m) && int.TryParse(q, out var n) ? m.CompareTo(n) : string.CompareOrdinal(p, q);
            if (order != 0)
            {
                return order < 0;
            }
        }

        return false;
    }

    private static List<string> Options(DbSequence from, DbSequence to)
    {
        var options = new List<string>();
        if (from.DataType != to.DataType)
        {
            options.Add("AS " + to.DataType);
        }

        void Add(long a, long b, string clause)
        {
            if (a != b)
            {
                options.Add(clause + " " + b.ToString(CultureInfo.InvariantCulture));
            }
        }

        Add(from.Increment, to.Increment, "INCREMENT BY");
        Add(from.MinValue, to.MinValue, "MINVALUE");
        Add(from.MaxValue, to.MaxValue, "MAXVALUE");
        Add(from.Start, to.Start, "START WITH");
        Add(from.Cache, to.Cache, "CACHE");
        if (from.Cycle != to.Cycle)
        {
            options.Add(to.Cycle ? "CYCLE" : "NO CYCLE");
        }

        return options;
    }

    private static string Describe(DbCollation c) =>
        c.Provider == "icu" ? $"icu {c.Locale}{(c.Deterministic ? string.Empty : " nondeterministic")}" : $"{c.Provider} {c.LcCollate}/{c.LcCtype}";

    private static string Persistence(DbSequence s) => s.Unlogged ? "unlogged" : "logged";

    private static string Describe(DbSequence s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.DataType} start {s.Start} increment {s.Increment} min {s.MinValue} max {s.MaxValue} cache {s.Cache}{(s.Cycle ? " cycle" : string.Empty)}");
}
