using System.Globalization;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The columns of a table present in both snapshots, matched by name (their order never matters). Each aspect
/// that differs is a change of its own: type (and collation), nullability, default, identity, generation.
/// Columns a table only inherits are left to its parent, whose ALTER TABLE recurses.
/// </summary>
internal static class ColumnComparer
{
    public static void Compare(DiffContext context, DbTable fromTable, DbTable toTable)
    {
        var fromColumns = fromTable.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var toColumns = toTable.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in toTable.Columns.Where(c => !fromColumns.ContainsKey(c.Name)))
        {
            if (!(column.Inherited && (DiffAnalysis.FollowsKeptParent(context, fromTable, toTable, column.Name, inTarget: true) || context.Joins.Follows(column.Key))))
            {
                AddColumn(context, column, ChangeKind.AddColumn, []);
            }
        }

        foreach (var column in fromTable.Columns.Where(c => !toColumns.ContainsKey(c.Name)))
        {
            if (!(column.Inherited && DiffAnalysis.FollowsKeptParent(context, fromTable, toTable, column.Name, inTarget: false)))
            {
                var change = context.AddChange(
                    column, ChangeKind.DropColumn, ChangeType.Removed, ChangeClassifier.DropColumn(column),
                    $"column {column.DisplayName} dropped", before: Describe(column));
                // A column the table inherits from a parent it leaves late is its own only once it left (or goes
                // with the parent's if dropped before). So is one it declares and also inherits from such a parent
                // (merged): the server refuses to drop an inherited column.
                IReadOnlyList<string> leftBy = context.LeftLateBy(fromTable.Name);
                if ((column.Inherited || InheritedFromLeftParent(context, fromTable, toTable, column.Name)) && context.MovesLate(fromTable.Name))
                {
                    leftBy = [.. leftBy, DiffContext.DetachKey(toTable)];
                }

                context.Emit(
                    change, leftBy.Count > 0 ? Phase.LateDrops : Phase.DropColumns, StatementAction.Drop, column.Key, DdlWriter.DropColumn(column),
                    destructive: column.GeneratedExpression is null, requires: leftBy.Count > 0 ? leftBy : null);
            }
        }

        foreach (var from in fromTable.Columns)
        {
            if (toColumns.TryGetValue(from.Name, out var to)
                && (!SchemaEquality.Same(from, to) || Touched(context, from)))
            {
                Compare(context, fromTable, toTable, from, to);
            }
        }
    }

    /// <summary>Whether a parent that <paramref name="fromTable"/> leaves has the column too (the table then inherits it, even where it declares it).</summary>
    private static bool InheritedFromLeftParent(DiffContext context, DbTable fromTable, DbTable toTable, string column) =>
        fromTable.Inherits.Any(p => !DiffAnalysis.Contains(toTable.Inherits.Items.AsSpan(), p)
            && context.FromTables.TryGetValue(p, out var parent) && parent.FindColumn(column) is not null);

    /// <summary>Whether an equal column is still retyped or re-created (its key is made only when one is).</summary>
    private static bool Touched(DiffContext context, DbColumn column)
    {
        if (context.Retyped.Count == 0 && context.Recreate.Count == 0)
        {
            return false;
        }

        var key = column.Key;
        return context.Retyped.ContainsKey(key) || context.Recreate.ContainsKey(key);
    }

    /// <summary>
    /// ADD COLUMN, classified as any added column. A parent's column its new children have only inherited in the
    /// target is added once they joined it (<see cref="InheritedColumns"/>): its ADD COLUMN then reaches their rows
    /// too, and fails on them as the children's own ADD COLUMN would (a NOT NULL column without a default).
    /// </summary>
    internal static ChangeBuilder AddColumn(DiffContext context, DbColumn column, ChangeKind kind, IReadOnlyList<string> requires)
    {
        var change = context.AddChange(
            column, kind, ChangeType.Added, ChangeClassifier.AddColumn(column),
            $"column {column.DisplayName} added", after: Describe(column));
        var (phase, settings) = (Phase.AddColumns, Phase.AlterColumns);
        if (context.Joins.Deferred(column.Key))
        {
            (phase, settings, requires) = (Phase.InheritedColumns, Phase.InheritedColumns, [.. requires, .. context.Joins.JoinedBy(column.Table)]);
        }

        context.Emit(change, phase, StatementAction.Create, column.Key, DdlWriter.AddColumn(column), requires: requires);
        CommentOnCreate(context, change, column, column.Comment);
        SettingsComparer.CreateColumn(context, change, column, settings);
        return change;
    }

    private static void Compare(DiffContext context, DbTable fromTable, DbTable toTable, DbColumn from, DbColumn to)
    {
        if (context.NoCast.Contains(from.Key))
        {
            var change = context.AddChange(
                to, ChangeKind.AlterColumnType, ChangeType.Modified, new Classification(Severity.Critical, Hazards.DeletesData | Hazards.RewritesTable | Hazards.AccessExclusiveLock),
                $"column {to.DisplayName}: type {from.DataType} → {to.DataType}; no cast converts its values, so the column is dropped and added again (its values are lost)",
                Describe(from), Describe(to));
            context.Emit(change, Phase.DropColumns, StatementAction.Drop, from.Key, DdlWriter.DropColumn(from), destructive: true);
            context.Emit(change, Phase.AddColumns, StatementAction.Create, to.Key, DdlWriter.AddColumn(to), destructive: true);
            CommentOnCreate(context, change, to, to.Comment);
            SettingsComparer.CreateColumn(context, change, to);
            return;
        }

        // A generated column whose expression changes, or that reads a column changing type, is dropped and added again;
        // so is a column holding a range type that is created again.
        if (DiffAnalysis.GeneratedNeedsRecreate(from, to) || context.Recreate.ContainsKey(from.Key))
        {
            Owner owner = (to with { Comment = from.Comment }).Equals(from) ? context.RecreateOwner(from.Key) : context.AddChange(
                to, ChangeKind.AlterColumnGenerated, ChangeType.Modified, ChangeClassifier.AlterGenerated(from.GeneratedExpression is not null, true),
                $"column {to.DisplayName}: {Describe(from)} → {Describe(to)}; the column is dropped and added again", Describe(from), Describe(to));
            // A stored column's values are lost: both statements are withheld together (the ADD alone would find the column there).
            var lossy = from.GeneratedExpression is null;
            context.Emit(owner, Phase.DropColumns, StatementAction.Drop, from.Key, DdlWriter.DropColumn(from), destructive: lossy);
            context.Emit(owner, Phase.AddColumns, StatementAction.Create, to.Key, DdlWriter.AddColumn(to), destructive: lossy);
            CommentOnCreate(context, owner, to, to.Comment);
            SettingsComparer.CreateColumn(context, owner, to);
            return;
        }

        // The parent drops a column this table also declares (inherit2): it goes with the parent's, and comes back as the table's own.
        var parentColumns = Array.ConvertAll(DiffAnalysis.KeptParents(fromTable, toTable), p => "column:" + p + "." + from.Name);
        if (from.Inherited && !to.Inherited && Array.Exists(parentColumns, context.DroppedColumns.Contains))
        {
            AddColumn(context, to, ChangeKind.AddColumn, parentColumns);
            return;
        }

        // A column only inherited follows its parent: ALTER on the parent recurses to it.
        var followsParent = from.Inherited && to.Inherited && DiffAnalysis.FollowsKeptParent(context, fromTable, toTable, to.Name, inTarget: true);
        var parentFrom = followsParent ? ParentColumn(context.FromTables, fromTable, from.Name) : null;
        var parentTo = followsParent ? ParentColumn(context.ToTables, toTable, to.Name) : null;
        bool ParentDoes<T>(Func<DbColumn, T> aspect) =>
            parentFrom is not null && parentTo is not null
            && !EqualityComparer<T>.Default.Equals(aspect(parentFrom), aspect(parentTo))
            && EqualityComparer<T>.Default.Equals(aspect(parentTo), aspect(to));

        void Alter(Owner owner, string action) =>
            context.Emit(owner, Phase.AlterColumns, StatementAction.Alter, to.Key, DdlWriter.AlterColumn(to, action));

        ChangeBuilder? identity = null;
        ChangeBuilder Identity() => identity ??= context.AddChange(
            to, ChangeKind.AlterColumnIdentity, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterColumnIdentity),
            $"column {to.DisplayName}: {IdentityText(from)} → {IdentityText(to)}", IdentityText(from), IdentityText(to));

        // 1. Identity and generation go first: an identity or generated column takes no default.
        if (from.Identity != IdentityKind.None && to.Identity == IdentityKind.None)
        {
            // Filed as a drop: it needs nothing of the target (a sequence taking the identity's name waits for it).
            context.Emit(Identity(), Phase.DropIdentities, StatementAction.Drop, to.Key, DdlWriter.AlterColumn(to, "DROP IDENTITY"));
        }

        if (from.GeneratedExpression is not null && to.GeneratedExpression is null)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterColumnGenerated, ChangeType.Modified, ChangeClassifier.AlterGenerated(true, false),
                $"column {to.DisplayName}: {Generation(from)} → {Generation(to)}", Generation(from), Generation(to));
            Alter(change, "DROP EXPRESSION");
        }

        // 2. Type: PostgreSQL casts the default to the new type, which fails without an assignment cast (enums);
        //    then the default is dropped first and set again after.
        var retype = followsParent || ParentDoes(c => (c.DataType, c.Collation)) ? null : context.Retyped.GetValueOrDefault(from.Key);
        var hasDefault = from.Default is not null && from.Identity == IdentityKind.None && from.GeneratedExpression is null;
        var dance = retype is not null && hasDefault && NeedsDefaultDance(from.DataType, to.DataType, retype);
        var defaultChanged = from.Default != to.Default && !ParentDoes(c => c.Default);
        ChangeBuilder? defaultChange = null;
        if (defaultChanged)
        {
            defaultChange = context.AddChange(
                to, ChangeKind.AlterColumnDefault, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterColumnDefault),
                $"column {to.DisplayName}: default {from.Default ?? "none"} → {to.Default ?? "none"}", from.Default, to.Default);
        }

        Owner typeOwner = default;
        if (retype is not null)
        {
            typeOwner = from.DataType != to.DataType || from.Collation != to.Collation ? TypeChange(context, from, to, retype) : Owner.Cause(retype.CauseKey);
        }

        if (hasDefault && (dance || (defaultChanged && to.Default is null)))
        {
            Alter(defaultChange ?? typeOwner, "DROP DEFAULT");
        }

        if (retype is not null)
        {
            var conversion = ChangeClassifier.Conversion(from.DataType, to.DataType);
            context.Emit(
                typeOwner, Phase.AlterColumns, StatementAction.Alter, to.Key, DdlWriter.AlterColumnType(to, Using(to, retype)),
                destructive: retype.Lossy || conversion == TypeConversion.Narrowing);
        }

        if (to.Default is not null && to.Identity == IdentityKind.None && to.GeneratedExpression is null && (defaultChanged || dance))
        {
            Alter(defaultChange ?? typeOwner, "SET DEFAULT " + to.Default);
        }

        // 3. Nullability, before an identity is added (it needs NOT NULL) and after one is dropped.
        if (from.NotNull != to.NotNull && !ParentDoes(c => c.NotNull))
        {
            var change = context.AddChange(
                to, ChangeKind.AlterColumnNullability, ChangeType.Modified, ChangeClassifier.AlterNullability(to.NotNull),
                $"column {to.DisplayName}: {(to.NotNull ? "NULL → NOT NULL" : "NOT NULL → NULL")}", Nullability(from), Nullability(to));
            Alter(change, to.NotNull ? "SET NOT NULL" : "DROP NOT NULL");
        }

        // 4. Identity added or changed.
        if (from.Identity == IdentityKind.None && to.Identity != IdentityKind.None)
        {
            Alter(Identity(), "ADD " + DdlWriter.Identity(to));
        }
        else if (from.Identity != IdentityKind.None && to.Identity != IdentityKind.None)
        {
            if (from.Identity != to.Identity)
            {
                Alter(Identity(), to.Identity == IdentityKind.Always ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT");
            }

            if (IdentityOptions(from.IdentityOptions, to.IdentityOptions) is { Length: > 0 } options)
            {
                var restart = from.IdentityOptions is { } f && to.IdentityOptions is { } o
                    ? context.Restart(from.Key, from.Table, from.Name, (f.MinValue, f.MaxValue), (o.MinValue, o.MaxValue))
                    : null;
                Alter(Identity(), restart is null ? options : options + " " + restart);
            }
        }

        KeepStorage(context, from, to, retype is not null ? typeOwner : (Owner?)null, parentColumns);
        SettingsComparer.CompareColumn(context, from, to);
        CompareComment(context, to, from.Comment, to.Comment);
    }

    /// <summary>
    /// ALTER COLUMN ... TYPE (of the column, or of its parent's, which recurses to it) resets the column's storage to its
    /// new type's and its compression to the default: a setting both sides share is set again after it, with the type
    /// change (<paramref name="typeOwner"/>) or, for a column that follows its parent, once the parent's type changed.
    /// </summary>
    private static void KeepStorage(DiffContext context, DbColumn from, DbColumn to, Owner? typeOwner, string[] parentColumns)
    {
        var kept = (Storage: to.Storage is not null && to.Storage == from.Storage, Compression: to.Compression is not null && to.Compression == from.Compression);
        if (!(kept.Storage || kept.Compression)
            || !(context.Retyped.ContainsKey(from.Key) || from.DataType != to.DataType || from.Collation != to.Collation))
        {
            return;
        }

        var settings = new List<string>(2);
        if (kept.Storage)
        {
            settings.Add("SET STORAGE " + to.Storage!.ToUpperInvariant());
        }

        if (kept.Compression)
        {
            settings.Add("SET COMPRESSION " + to.Compression);
        }

        var what = string.Join(" and ", new[] { kept.Storage ? "storage " + to.Storage : null, kept.Compression ? "compression " + to.Compression : null }.OfType<string>());
        Owner owner = typeOwner is { } own ? own : context.AddChange(
            to, ChangeKind.AlterColumnStorage, ChangeType.Modified, Classification.Minor,
            $"column {to.DisplayName}: {what} set again, since the type change of its parent's column resets it", before: null, after: what);
        foreach (var setting in settings)
        {
            context.Emit(owner, Phase.AlterColumns, StatementAction.Alter, to.Key, DdlWriter.AlterColumnOnly(to, setting), requires: typeOwner is null ? parentColumns : null);
        }
    }

    private static ChangeBuilder TypeChange(DiffContext context, DbColumn from, DbColumn to, Retype retype)
    {
        if (from.DataType == to.DataType)
        {
            return context.AddChange(
                to, ChangeKind.AlterColumnCollation, ChangeType.Modified, new Classification(Severity.Major, Hazards.AccessExclusiveLock),
                $"column {to.DisplayName}: collation {from.Collation ?? "default"} → {to.Collation ?? "default"}", from.Collation, to.Collation);
        }

        var classification = ChangeClassifier.AlterColumnType(from.DataType, to.DataType);
        if (retype.Lossy)
        {
            classification = classification.AtLeast(Severity.Critical).With(Hazards.DeletesData);
        }

        return context.AddChange(
            to, ChangeKind.AlterColumnType, ChangeType.Modified, classification,
            $"column {to.DisplayName}: type {from.DataType} → {to.DataType}", TypeText(from), TypeText(to));
    }

    /// <summary>The USING expression: a cast to the new type, through text when an enum is involved;
    /// none for generated columns, which recompute (and refuse USING).</summary>
    private static string? Using(DbColumn to, Retype retype)
    {
        if (to.GeneratedExpression is not null)
        {
            return null;
        }

        var name = SqlText.Ident(to.Name);
        if (!retype.ThroughText || DiffAnalysis.ElementType(to.DataType) == "text")
        {
            return $"{name}::{to.DataType}";
        }

        var dimensions = to.DataType.Length - to.DataType.TrimEnd('[', ']').Length;
        return $"{name}::text{to.DataType[^dimensions..]}::{to.DataType}";
    }

    /// <summary>Whether PostgreSQL could not cast the existing default to the new type by itself: it can between
    /// numbers, between strings, to text, and when only the modifiers change.</summary>
    private static bool NeedsDefaultDance(string fromType, string toType, Retype retype)
    {
        if (retype.ThroughText)
        {
            return true;
        }

        static string Base(string type)
        {
            var paren = type.IndexOf('(', StringComparison.Ordinal);
            return (paren < 0 ? type : type[..paren]).Trim();
        }

        string[] numbers = ["smallint", "integer", "bigint", "numeric", "real", "double precision"];
        string[] strings = ["text", "character varying", "character"];
        var (a, b) = (Base(fromType), Base(toType));
        return !(a == b || b is "text" or "character varying" || (numbers.Contains(a) && numbers.Contains(b)) || (strings.Contains(a) && strings.Contains(b)));
    }

    private static DbColumn? ParentColumn(NameMap<DbTable> tables, DbTable table, string name) => TableComparer.ParentColumn(tables, table, name);

    private static string IdentityOptions(DbIdentityOptions? from, DbIdentityOptions? to)
    {
        if (from is null || to is null || from == to)
        {
            return string.Empty;
        }

        var options = new List<string>();
        void Add(long a, long b, string clause)
        {
            if (a != b)
            {
                options.Add("SET " + clause + " " + b.ToString(CultureInfo.InvariantCulture));
            }
        }

        Add(from.Start, to.Start, "START WITH");
        Add(from.Increment, to.Increment, "INCREMENT BY");
        Add(from.MinValue, to.MinValue, "MINVALUE");
        Add(from.MaxValue, to.MaxValue, "MAXVALUE");
        Add(from.Cache, to.Cache, "CACHE");
        if (from.Cycle != to.Cycle)
        {
            options.Add(to.Cycle ? "SET CYCLE" : "SET NO CYCLE");
        }

        return string.Join(" ", options);
    }

    public static string Describe(DbColumn c) =>
        TypeText(c)
        + (c.GeneratedExpression is { } g ? $" GENERATED ALWAYS AS ({g}) STORED" : c.Default is { } d ? " DEFAULT " + d : string.Empty)
        + (c.NotNull ? " NOT NULL" : string.Empty)
        + (c.Identity == IdentityKind.None ? string.Empty : " " + DdlWriter.Identity(c));

    private static string TypeText(DbColumn c) => c.DataType + (c.Collation is null ? string.Empty : " COLLATE " + c.Collation);

    private static string Nullability(DbColumn c) => c.NotNull ? "NOT NULL" : "NULL";

    private static string Generation(DbColumn c) => c.GeneratedExpression is { } g ? $"generated as ({g})" : "not generated";

    private static string IdentityText(DbColumn c) => c.Identity == IdentityKind.None ? "no identity" : DdlWriter.Identity(c);
}
