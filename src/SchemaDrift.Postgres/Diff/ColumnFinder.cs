using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Finds a table's columns by name, for matching them with the same table's columns in the other snapshot. Both
/// usually list them in the same order, so the column at the same position is tried first; a table whose columns
/// moved gets a dictionary on the first miss.
/// </summary>
internal struct ColumnFinder(DbTable table)
{
    private Dictionary<string, DbColumn>? byName;

    /// <summary>The column named <paramref name="name"/>, trying position <paramref name="position"/> first.</summary>
    public DbColumn? Find(string name, int position)
    {
        var columns = table.Columns;
        if (position < columns.Count && string.Equals(columns[position].Name, name, StringComparison.Ordinal))
        {
            return columns[position];
        }

        byName ??= columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        return byName.GetValueOrDefault(name);
    }
}
