using System.Globalization;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Sql;

// The DDL of properties beyond an object's definition: owners, composite and range types, the settings of tables, columns
// and indexes that pg_dump writes as ALTER statements.
internal static partial class DdlWriter
{
    public static string Owner(DbOwner owner) => $"ALTER {owner.ObjectSql} OWNER TO {owner.Role};";

    public static string CreateCompositeType(DbCompositeType type) =>
        $"CREATE TYPE {type.Name.Sql} AS ({string.Join(", ", type.Attributes.Select(Attribute))});";

    /// <summary>CREATE TYPE ... AS RANGE with the parts pg_dump writes, in its order.</summary>
    public static string CreateRangeType(DbRangeType type) => $"CREATE TYPE {type.Name.Sql} AS RANGE ({RangeTypeParts(type)});";

    /// <summary>What CREATE TYPE ... AS RANGE says of a range type: "subtype = numeric, multirange_type_name = …".</summary>
    public static string RangeTypeParts(DbRangeType type)
    {
        var parts = new List<string> { "subtype = " + type.Subtype };
        if (type.Multirange is { } multirange)
        {
            parts.Add("multirange_type_name = " + multirange.Sql);
        }

        if (type.SubtypeOpclass is { } opclass)
        {
            parts.Add("subtype_opclass = " + opclass);
        }

        if (type.Collation is { } collation)
        {
            parts.Add("collation = " + collation);
        }

        if (type.Canonical is { } canonical)
        {
            parts.Add("canonical = " + canonical);
        }

        if (type.SubtypeDiff is { } diff)
        {
            parts.Add("subtype_diff = " + diff);
        }

        return string.Join(", ", parts);
    }

    public static string Attribute(DbCompositeAttribute attribute) =>
        SqlText.Ident(attribute.Name) + " " + attribute.DataType + (attribute.Collation is { } c ? " COLLATE " + c : string.Empty);

    public static string AlterType(QualifiedName type, string action) => $"ALTER TYPE {type.Sql} {action};";

    /// <summary>ALTER TABLE ONLY ... ALTER COLUMN: settings of this table's column alone, as pg_dump writes them.</summary>
    public static string AlterColumnOnly(DbColumn column, string action) =>
        $"ALTER TABLE ONLY {column.Table.Sql} ALTER COLUMN {SqlText.Ident(column.Name)} {action};";

    public static string Statistics(int? target) => "SET STATISTICS " + (target ?? -1).ToString(CultureInfo.InvariantCulture);

    public static string ReplicaIdentity(DbTable table) => AlterTable(table.Name, "REPLICA IDENTITY " + table.ReplicaIdentity switch
    {
        "full" => "FULL",
        "nothing" => "NOTHING",
        "index" when table.ReplicaIdentityIndex is { } index => "USING INDEX " + SqlText.Ident(index),
        _ => "DEFAULT",
    });

    public static string ClusterOn(DbTable table) =>
        AlterTable(table.Name, table.ClusterOn is { } index ? "CLUSTER ON " + SqlText.Ident(index) : "SET WITHOUT CLUSTER");

    public static string AlterIndex(string schema, string index, string action) => $"ALTER INDEX {SqlText.Ident(schema, index)} {action};";

    public static string RenameIndex(string schema, string index, string newName) => AlterIndex(schema, index, "RENAME TO " + SqlText.Ident(newName));

    public static string AttachIndex(QualifiedName parent, string schema, string index) =>
        $"ALTER INDEX {parent.Sql} ATTACH PARTITION {SqlText.Ident(schema, index)};";

    /// <summary>
    /// Renames the index of <paramref name="table"/> (a partition) attached to <paramref name="parent"/>, whatever
    /// name the server gave it when it made it for the partition (CREATE TABLE ... PARTITION OF, CREATE INDEX on the
    /// parent), to <paramref name="name"/>. The server picks that name, so the statement looks it up.
    /// </summary>
    public static string RenameAttachedIndex(QualifiedName parent, QualifiedName table, string name) =>
        "DO $rename$ DECLARE found regclass; BEGIN\n"
        + "    SELECT h.inhrelid::regclass INTO found FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_index x ON x.indexrelid = h.inhrelid\n"
        + $"     WHERE h.inhparent = {SqlText.Literal(parent.Sql)}::regclass AND x.indrelid = {SqlText.Literal(table.Sql)}::regclass;\n"
        + $"    IF found IS NOT NULL AND (SELECT relname FROM pg_catalog.pg_class WHERE oid = found) <> {SqlText.Literal(name)} THEN\n"
        + $"        EXECUTE pg_catalog.format('ALTER INDEX %s RENAME TO %I', found, {SqlText.Literal(name)});\n"
        + "    END IF;\nEND $rename$;";

    /// <summary>
    /// RESET (...) for the options of <paramref name="from"/> gone from <paramref name="to"/>, then SET (a=b, ...) so
    /// that the options end up as <paramref name="to"/>'s in its order (the order the catalog keeps them in, which
    /// pg_dump prints). The server keeps the options a SET does not name where they were and appends the named ones,
    /// in the order named: the target's first options that the source has, unchanged and in that order, are left
    /// alone, and every option after them is set. Options of the TOAST table (<c>toast.</c>) are kept apart by the
    /// server, and are ordered apart.
    /// </summary>
    public static IEnumerable<string> OptionChanges(IEnumerable<string> from, IEnumerable<string> to)
    {
        var before = from.Select(Option).ToList();
        var after = to.Select(Option).ToList();
        var reset = before.Where(o => !after.Exists(a => a.Name == o.Name)).Select(o => o.Name).ToList();
        var set = Unsettled(before, after, toast: false).Concat(Unsettled(before, after, toast: true)).ToList();
        if (reset.Count > 0)
        {
            yield return $"RESET ({string.Join(", ", reset)})";
        }

        if (set.Count > 0)
        {
            yield return $"SET ({string.Join(", ", set)})";
        }
    }

    /// <summary>The options of one namespace (the table's, or its TOAST table's) that a SET must name, in the target's order.</summary>
    private static IEnumerable<string> Unsettled(List<(string Name, string Value, string Text)> before, List<(string Name, string Value, string Text)> after, bool toast)
    {
        var source = before.Where(o => IsToast(o.Name) == toast).ToList();
        var target = after.Where(o => IsToast(o.Name) == toast).ToList();
        var unchanged = source.Where(o => target.Contains(o)).ToList();
        var kept = 0;
        while (kept < unchanged.Count && kept < target.Count && unchanged[kept] == target[kept])
        {
            kept++;
        }

        return target.Skip(kept).Select(o => o.Name + "=" + o.Value);
    }

    private static bool IsToast(string name) => name.StartsWith("toast.", StringComparison.Ordinal);

    private static (string Name, string Value, string Text) Option(string option)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (option, string.Empty, option) : (option[..equals], option[(equals + 1)..], option);
    }
}
