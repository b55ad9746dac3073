using System.Text;
using Npgsql;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Prints primary, unique and foreign key definitions exactly as pg_get_constraintdef does (ruleutils.c, PostgreSQL 13
/// to 17; temporal keys excepted) from catalog columns the reader has anyway. The server's printer looks up every
/// column name and the referenced table in its catalog caches, cold in a fresh session: on a large schema that was
/// most of the server's time for the constraints query. A key whose columns or referenced table the read does not
/// hold (a table the filter leaves out) is printed by the server, in the same transaction; so are exclusion
/// constraints, and the checks <see cref="CheckPrinter"/> does not print.
/// </summary>
internal static class ConstraintPrinter
{
    /// <summary>
    /// Fills in every constraint definition: printed here where possible, the checks' from <paramref name="checks"/>
    /// (see <see cref="StoredExpressions"/>), else read with pg_get_constraintdef.
    /// </summary>
    public static async Task<List<ConstraintRow>> CompleteAsync(
        CatalogRows rows, IndexPrinter quoting, Dictionary<uint, string> checks, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (rows.Constraints.TrueForAll(c => c.Definition is not null))
        {
            return rows.Constraints;
        }

        var columns = rows.ColumnIndex();
        var relations = rows.Relations.ToDictionary(r => r.Oid);
        var result = new List<ConstraintRow>(rows.Constraints.Count);
        var unprinted = new List<uint>();
        foreach (var constraint in rows.Constraints)
        {
            var definition = constraint.Definition ?? (constraint.Kind == 'c' ? checks.GetValueOrDefault(constraint.Oid) : Print(constraint, quoting, columns, relations));
            if (definition is null)
            {
                unprinted.Add(constraint.Oid);
                if (constraint.Kind == 'c')
                {
                    CheckPrinter.CountServerPrinted();
                }
            }

            result.Add(constraint with { Definition = definition, Shape = null });
        }

        return await ServerDefinitions.FillAsync(
            result, unprinted, CatalogQueries.ConstraintDefinitions, c => c.Oid, c => c.Definition, (c, d) => c with { Definition = d }, connection, transaction, ct).ConfigureAwait(false);
    }

    /// <summary>The definition as pg_get_constraintdef prints it, or null when a name it needs was not read.</summary>
    public static string? Print(
        ConstraintRow constraint, IndexPrinter quoting, IReadOnlyDictionary<(uint, short), ColumnRow> columns, IReadOnlyDictionary<uint, RelationRow> relations)
    {
        if (constraint.Shape is not { } shape)
        {
            return null;
        }

        var text = quoting.Buffer();
        switch (constraint.Kind)
        {
            case 'p' or 'u':
                text.Append(constraint.Kind == 'p' ? "PRIMARY KEY " : "UNIQUE ").Append(constraint.Kind == 'u' && shape.NullsNotDistinct ? "NULLS NOT DISTINCT " : string.Empty).Append('(');
                if (!Names(text, quoting, columns, constraint.RelationOid, constraint.Columns, 0, constraint.Columns.Length))
                {
                    return null;
                }

                text.Append(')');
                if (shape.IndexColumns.Length > constraint.Columns.Length)
                {
                    text.Append(" INCLUDE (");
                    if (!Names(text, quoting, columns, constraint.RelationOid, shape.IndexColumns, constraint.Columns.Length, shape.IndexColumns.Length))
                    {
                        return null;
                    }

                    text.Append(')');
                }

                break;
            case 'f':
                if (!relations.TryGetValue(shape.ReferencedOid, out var referenced))
                {
                    return null;
                }

                text.Append("FOREIGN KEY (");
                if (!Names(text, quoting, columns, constraint.RelationOid, constraint.Columns, 0, constraint.Columns.Length))
                {
                    return null;
                }

                // The search path is pg_catalog alone: the server qualifies every user table.
                text.Append(") REFERENCES ").Append(quoting.Quote(referenced.Schema)).Append('.').Append(quoting.Quote(referenced.Name)).Append('(');
                if (!Names(text, quoting, columns, shape.ReferencedOid, shape.ReferencedColumns, 0, shape.ReferencedColumns.Length))
                {
                    return null;
                }

                text.Append(')').Append(shape.Match switch { 'f' => " MATCH FULL", 'p' => " MATCH PARTIAL", _ => string.Empty });
                if (Action(shape.OnUpdate) is { } onUpdate)
                {
                    text.Append(" ON UPDATE ").Append(onUpdate);
                }

                if (Action(shape.OnDelete) is { } onDelete)
                {
                    text.Append(" ON DELETE ").Append(onDelete);
                }

                if (shape.OnDeleteColumns.Length > 0)
                {
                    text.Append(" (");
                    if (!Names(text, quoting, columns, constraint.RelationOid, shape.OnDeleteColumns, 0, shape.OnDeleteColumns.Length))
                    {
                        return null;
                    }

                    text.Append(')');
                }

                break;
            default:
                return null;
        }

        text.Append(constraint.Deferrable ? " DEFERRABLE" : string.Empty).Append(constraint.Deferred ? " INITIALLY DEFERRED" : string.Empty)
            .Append(constraint.Validated ? string.Empty : " NOT VALID");
        return text.ToString();
    }

    /// <summary>decompile_column_index_array: the quoted names of columns [from, to) of <paramref name="numbers"/>, comma-separated.</summary>
    private static bool Names(StringBuilder text, IndexPrinter quoting, IReadOnlyDictionary<(uint, short), ColumnRow> columns, uint relation, short[] numbers, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!columns.TryGetValue((relation, numbers[i]), out var column))
            {
                return false;
            }

            text.Append(i > from ? ", " : string.Empty).Append(quoting.Quote(column.Name));
        }

        return true;
    }

    /// <summary>An ON UPDATE or ON DELETE action; null for NO ACTION, which the server leaves out.</summary>
    private static string? Action(char action) => action switch
    {
        'r' => "RESTRICT",
        'c' => "CASCADE",
        'n' => "SET NULL",
        'd' => "SET DEFAULT",
        _ => null,
    };
}
