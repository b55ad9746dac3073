using SchemaDrift.Tool.Hosting;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// The tables and columns a designer model maps, rebuilt from each migration's designer changes (EF's differ from one
/// designer model to the next): after migration N, what the release shipped with migration N reads and writes. Only
/// the designer files count, so a migration edited by hand (a DropColumn deleted to drop it a release later) does
/// not change what the model maps.
/// </summary>
internal sealed class DesignerModel
{
    private readonly HashSet<string> tables = new(StringComparer.Ordinal);
    private readonly HashSet<string> columns = new(StringComparer.Ordinal);

    public bool MapsTable(string table) => tables.Contains(table);

    public bool MapsColumn(string table, string column) => columns.Contains(table + "." + column);

    public DesignerModel Copy()
    {
        var copy = new DesignerModel();
        copy.tables.UnionWith(tables);
        copy.columns.UnionWith(columns);
        return copy;
    }

    public void Apply(IEnumerable<ObjectTarget> changes)
    {
        foreach (var change in changes)
        {
            var set = change.Kind switch
            {
                "table" => tables,
                "column" => columns,
                _ => null,
            };
            if (set is null)
            {
                continue;
            }

            switch (change.Action)
            {
                case "created":
                    set.Add(change.Name);
                    break;
                case "dropped":
                    set.Remove(change.Name);
                    if (change.Kind == "table")
                    {
                        columns.RemoveWhere(c => c.StartsWith(change.Name + ".", StringComparison.Ordinal));
                    }

                    break;
                case "renamed" when change.From is { } from:
                    set.Remove(from);
                    set.Add(change.Name);
                    if (change.Kind == "table")
                    {
                        foreach (var column in columns.Where(c => c.StartsWith(from + ".", StringComparison.Ordinal)).ToList())
                        {
                            columns.Remove(column);
                            columns.Add(change.Name + column[from.Length..]);
                        }
                    }

                    break;
            }
        }
    }
}
