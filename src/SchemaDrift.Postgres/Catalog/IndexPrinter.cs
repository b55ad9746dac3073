using System.Text;
using Npgsql;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>What GetDefaultOpClass weighs of a column's or key expression's type.</summary>
internal readonly record struct TypeFacts(uint Oid, char TypeType, char Category, bool IsArray)
{
    public static TypeFacts Of(ColumnRow column) => new(column.TypeOid, column.TypeType, column.TypeCategory, column.IsArrayType);
}

/// <summary>
/// Prints index definitions exactly as pg_get_indexdef does (ruleutils.c, PostgreSQL 13 to 17), from catalog columns
/// the reader has anyway, for the indexes whose every part it can print the same way: columns and key expressions
/// with their default operator class and collation, DESC and NULLS FIRST/LAST, INCLUDE, NULLS NOT DISTINCT, and the
/// predicate (key expressions and predicates printed by <see cref="CheckPrinter"/>, see <see cref="StoredExpressions"/>).
/// pg_get_indexdef costs tens of microseconds per index in a fresh session (catalog cache misses, a scan of
/// pg_opclass per column to tell the default class, and for an expression or predicate the table opened to name its
/// columns); printing here costs next to nothing. An index with anything else (a non-default operator class or
/// collation, a domain-typed column, storage parameters) is printed by the server, in the same transaction.
/// </summary>
internal sealed class IndexPrinter
{
    private readonly HashSet<string> quotedKeywords;
    private readonly bool quoteAll;
    private readonly Dictionary<uint, (string Name, bool CanOrder)> accessMethods;
    private readonly ILookup<uint, OperatorClassRow> defaultClasses;
    private readonly HashSet<(uint Source, uint Target)> binaryCasts;
    private readonly Dictionary<(uint Type, uint AccessMethod), uint> defaults = [];

    /// <summary>
    /// The text of the definition being printed, and of the keys' (<see cref="ConstraintPrinter"/>): one buffer for
    /// the thousands a read prints, not a new one for each (a printer serves one read, one definition at a time).
    /// </summary>
    private readonly StringBuilder text = new(256);

    private static int printedCount;
    private static int serverPrintedCount;

    /// <summary>How many definitions this process printed itself, and how many it asked the server for afterwards (for tests and diagnostics).</summary>
    internal static (int Printed, int AskedServer) Counts => (Volatile.Read(ref printedCount), Volatile.Read(ref serverPrintedCount));

    public IndexPrinter(IndexPrintingRows rows)
    {
        quotedKeywords = new HashSet<string>(rows.QuotedKeywords, StringComparer.Ordinal);
        quoteAll = rows.QuoteAll;
        accessMethods = rows.AccessMethods.ToDictionary(m => m.Oid, m => (m.Name, m.CanOrder));
        defaultClasses = rows.DefaultClasses.ToLookup(c => c.AccessMethod);
        binaryCasts = rows.BinaryCasts.ToHashSet();
    }

    /// <summary>
    /// Fills in every index definition: printed here where possible (with the key expressions and predicates of
    /// <paramref name="expressions"/>), else the server's, from <paramref name="expressions"/> or read with
    /// pg_get_indexdef on <paramref name="connection"/> (in the read's transaction, so from the same snapshot).
    /// </summary>
    public async Task<List<IndexRow>> CompleteAsync(
        CatalogRows rows, StoredExpressions expressions, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (rows.Indexes.TrueForAll(i => i.Definition is not null))
        {
            return rows.Indexes;
        }

        var columns = rows.ColumnIndex();
        var result = new List<IndexRow>(rows.Indexes.Count);
        var unprinted = new List<uint>();
        var printed = 0;
        foreach (var index in rows.Indexes)
        {
            var definition = index.Definition;
            if (definition is null && !expressions.ServerIndexes.TryGetValue(index.Oid, out definition))
            {
                definition = Print(index, columns, expressions.Indexes.GetValueOrDefault(index.Oid));
                printed += definition is null ? 0 : 1;
            }

            if (definition is null)
            {
                unprinted.Add(index.Oid);
            }

            result.Add(index with { Definition = definition, Shape = null });
        }

        Interlocked.Add(ref printedCount, printed);
        Interlocked.Add(ref serverPrintedCount, unprinted.Count + expressions.ServerIndexes.Count);
        return await ServerDefinitions.FillAsync(
            result, unprinted, CatalogQueries.IndexDefinitions, i => i.Oid, i => i.Definition, (i, d) => i with { Definition = d }, connection, transaction, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The definition as pg_get_indexdef prints it, or null when this index has a part printed only by the server
    /// (a key expression or predicate <paramref name="expressions"/> does not hold printed among them).
    /// </summary>
    public string? Print(IndexRow index, IReadOnlyDictionary<(uint, short), ColumnRow> columns, IndexExpressions? expressions = null)
    {
        if (index.Shape is not { } shape || !accessMethods.TryGetValue(shape.AccessMethod, out var method) ||
            shape.OperatorClasses.Length < shape.KeyColumns || shape.Options.Length < shape.KeyColumns ||
            shape.Collations.Length < shape.KeyColumns)
        {
            return null;
        }

        var text = this.text.Clear();
        text.Append("CREATE ").Append(index.Unique ? "UNIQUE " : string.Empty).Append("INDEX ").Append(Quote(index.Name))
            .Append(" ON ").Append(shape.Partitioned ? "ONLY " : string.Empty)
            .Append(Quote(shape.Schema)).Append('.').Append(Quote(shape.Table))
            .Append(" USING ").Append(Quote(method.Name)).Append(" (");
        var expression = 0;
        for (var k = 0; k < index.Columns.Length; k++)
        {
            TypeFacts type;
            uint keyCollation;
            text.Append(k == shape.KeyColumns ? ") INCLUDE (" : k > 0 ? ", " : string.Empty);
            if (index.Columns[k] == 0 && k < shape.KeyColumns)
            {
                // A key expression: the next of indexprs, its type and collation the expression's (exprType, exprCollation).
                if (expressions is null || expression >= expressions.Keys.Length)
                {
                    return null;
                }

                var key = expressions.Keys[expression++];
                text.Append(key.Text);
                (type, keyCollation) = (key.Type, key.Collation);
            }
            else if (index.Columns[k] > 0 && columns.TryGetValue((index.RelationOid, index.Columns[k]), out var column))
            {
                text.Append(Quote(column.Name));
                (type, keyCollation) = (TypeFacts.Of(column), column.CollationOid);
            }
            else
            {
                return null;
            }

            if (k >= shape.KeyColumns)
            {
                continue;
            }

            var collation = shape.Collations[k];
            if ((collation != 0 && collation != keyCollation) || DefaultClass(type, shape.AccessMethod) != shape.OperatorClasses[k])
            {
                return null;
            }

            var option = shape.Options[k];
            if (method.CanOrder)
            {
                // INDOPTION_DESC = 1, INDOPTION_NULLS_FIRST = 2; NULLS FIRST is DESC's default.
                text.Append((option & 3) switch { 1 => " DESC NULLS LAST", 3 => " DESC", 2 => " NULLS FIRST", _ => string.Empty });
            }
        }

        text.Append(')');
        if (shape.NullsNotDistinct)
        {
            text.Append(" NULLS NOT DISTINCT");
        }

        if (expression != (expressions?.Keys.Length ?? 0) || (shape.PredicateTree is not null && expressions?.Predicate is null))
        {
            return null;
        }

        if (shape.PredicateTree is not null)
        {
            text.Append(" WHERE ").Append(expressions!.Predicate);
        }

        return text.ToString();
    }

    /// <summary>The emptied buffer definitions are printed in (see <see cref="text"/>).</summary>
    internal StringBuilder Buffer() => text.Clear();

    /// <summary>quote_identifier: unquoted only when lower-case letters, digits and underscores (not first a digit) and no keyword the server quotes.</summary>
    public string Quote(string name)
    {
        var safe = !quoteAll && name.Length > 0 && (name[0] is (>= 'a' and <= 'z') or '_');
        var quotes = 0;
        foreach (var ch in name)
        {
            if (ch is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                safe = false;
                quotes += ch == '"' ? 1 : 0;
            }
        }

        if (safe && !quotedKeywords.Contains(name))
        {
            return name;
        }

        return quotes == 0 ? "\"" + name + "\"" : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// GetDefaultOpClass for a column's type: the access method's default class for exactly that type, else the one
    /// default class the type is binary-coercible to (the one of a preferred type when several are). 0 where the
    /// server would find none, or where this cannot tell as surely as the server (a domain, a polymorphic class
    /// this does not know), so that the server prints the definition.
    /// </summary>
    private uint DefaultClass(TypeFacts column, uint accessMethod)
    {
        if (defaults.TryGetValue((column.Oid, accessMethod), out var known))
        {
            return known;
        }

        // A domain's class is its base type's, which the column rows do not carry.
        if (column.TypeType is 'd' or '\0')
        {
            return 0;
        }

        uint exact = 0, preferred = 0, compatible = 0;
        int exactCount = 0, preferredCount = 0, compatibleCount = 0;
        var unknown = false;
        foreach (var candidate in defaultClasses[accessMethod])
        {
            if (candidate.InputType == column.Oid)
            {
                exact = candidate.Oid;
                exactCount++;
                continue;
            }

            switch (Coercible(column, candidate))
            {
                case null:
                    unknown = true;
                    break;
                case true when candidate.InputTypeCategory == column.Category && candidate.InputTypePreferred:
                    preferred = candidate.Oid;
                    preferredCount++;
                    break;
                case true:
                    compatible = candidate.Oid;
                    compatibleCount++;
                    break;
            }
        }

        var result = exactCount switch
        {
            1 => exact,
            > 1 => 0u,
            _ when unknown => 0u,
            _ when preferredCount == 1 => preferred,
            _ when preferredCount == 0 && compatibleCount == 1 => compatible,
            _ => 0u,
        };
        defaults[(column.Oid, accessMethod)] = result;
        return result;
    }

    /// <summary>IsBinaryCoercible(column type, class input type); null for a polymorphic input type not known here.</summary>
    private bool? Coercible(TypeFacts column, OperatorClassRow candidate)
    {
        if (candidate.InputTypeType != 'p')
        {
            return binaryCasts.Contains((column.Oid, candidate.InputType));
        }

        return candidate.InputTypeName switch
        {
            "any" or "anyelement" or "anycompatible" => true,
            "anyarray" or "anycompatiblearray" => column.IsArray,
            "anynonarray" or "anycompatiblenonarray" => !column.IsArray,
            "anyenum" => column.TypeType == 'e',
            "anyrange" or "anycompatiblerange" => column.TypeType == 'r',
            "anymultirange" or "anycompatiblemultirange" => column.TypeType == 'm',
            "record" => column.TypeType == 'c',
            _ => null,
        };
    }
}
