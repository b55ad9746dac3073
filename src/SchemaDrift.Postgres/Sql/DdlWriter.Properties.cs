using System.Globalization;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Sql;

// The DDL of properties beyond an object's definition: owners, composite types, the settings of tables, columns
// and indexes that pg_dump writes as ALTER statements.
internal static partial class DdlWriter
{
    public static string Owner(DbOwner owner) => $"ALTER {owner.ObjectSql} OWNER TO {owner.Role};";

    public static string CreateCompositeType(DbCompositeType type) =>
        $"CREATE TYPE {type.Name.Sql} AS ({string.Join(", ", type.Attributes.Select(Attribute))});";

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

    /// <summary>SET (a=b, ...) for the options in <paramref name="to"/> that differ, RESET (...) for those gone.</summary>
    public static IEnumerable<string> OptionChanges(IEnumerable<string> from, IEnumerable<string> to)
    {
        var before = Options(from);
        var after = Options(to);
        var reset = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        var set = after.Where(p => !before.TryGetValue(p.Key, out var value) || value != p.Value).Select(p => p.Key + "=" + p.Value).ToList();
        if (reset.Count > 0)
        {
            yield return $"RESET ({string.Join(", ", reset)})";
        }

        if (set.Count > 0)
        {
            yield return $"SET ({string.Join(", ", set)})";
        }
    }

    private static SortedDictionary<string, string> Options(IEnumerable<string> options)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            result[equals < 0 ? option : option[..equals]] = equals < 0 ? string.Empty : option[(equals + 1)..];
        }

        return result;
    }
}
