using Npgsql;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>An index's key expressions (in the order of indkey's zeros) and predicate, printed, for <see cref="IndexPrinter"/>.</summary>
internal sealed record IndexExpressions(IndexKeyExpression[] Keys, string? Predicate);

/// <summary>A key expression as it stands in the column list (parenthesized unless a function call), its type and collation.</summary>
internal sealed record IndexKeyExpression(string Text, TypeFacts Type, uint Collation);

/// <summary>
/// The expressions the read holds as stored node trees (parsed as their rows were read, see
/// <see cref="StoredTreeReader"/>), printed with <see cref="CheckPrinter"/>: the checks' (conbin) and the indexes' key
/// expressions and predicates (indexprs, indpred). A first pass gathers every operator, function and type they refer
/// to; one round trip reads those names, and in the same batch the definitions of the checks and indexes already known
/// to be the server's to print (a user's function, a node this does not print); a second pass prints the rest. An
/// index or check that turns out unprintable only with the names is left out, for <see cref="ServerDefinitions"/>.
/// </summary>
internal sealed record StoredExpressions(Dictionary<uint, string> Checks, Dictionary<uint, IndexExpressions> Indexes, Dictionary<uint, string> ServerIndexes)
{
    public static StoredExpressions None { get; } = new([], [], []);

    public static async Task<StoredExpressions> PrintAsync(
        CatalogRows rows, IndexPrinter quoting, IReadOnlyDictionary<(uint, short), ColumnRow> columns,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var collector = new CheckNames.Collector();
        var collecting = new CheckPrinter(collector, quoting, columns);

        var checks = new List<(ConstraintRow Constraint, NodeTree Tree)>();
        var serverChecks = new List<uint>();
        foreach (var constraint in rows.Constraints)
        {
            if (constraint is not { Kind: 'c', Definition: null, Shape.CheckTree: { } conbin })
            {
                continue;
            }

            collector.UserObjects = false;
            if (conbin.Tree is { } tree && collecting.Print(constraint, tree) is not null && !collector.UserObjects)
            {
                checks.Add((constraint, tree));
            }
            else
            {
                serverChecks.Add(constraint.Oid);
            }
        }

        var indexes = new List<(IndexRow Index, List<NodeTree> Keys, NodeTree? Predicate)>();
        var serverIndexes = new List<uint>();
        foreach (var index in rows.Indexes)
        {
            if (index is not { Definition: null, Shape: { } shape } || (shape.ExpressionTrees is null && shape.PredicateTree is null))
            {
                continue;
            }

            collector.UserObjects = false;
            var keys = shape.ExpressionTrees is { } indexprs ? indexprs.Trees : [];
            var predicate = shape.PredicateTree?.Tree;
            var printable = keys is not null && (shape.PredicateTree is null || predicate is not null)
                && keys.TrueForAll(k => collecting.IndexExpression(index.RelationOid, k) is not null && CheckPrinter.Type(k) is { } type && collector.Facts(type) is not null)
                && (predicate is null || collecting.IndexExpression(index.RelationOid, predicate) is not null);
            if (printable && !collector.UserObjects)
            {
                indexes.Add((index, keys!, predicate));
            }
            else
            {
                serverIndexes.Add(index.Oid);
            }
        }

        if (checks.Count + serverChecks.Count + indexes.Count + serverIndexes.Count == 0)
        {
            return None;
        }

        var (names, checkDefinitions, indexDefinitions) = await CheckNames.ReadAsync(
            collector, serverChecks, serverIndexes, rows.ServerVersionNum, quoting, connection, transaction, ct).ConfigureAwait(false);
        CheckPrinter.CountServerPrinted(checkDefinitions.Count);

        var printer = new CheckPrinter(names, quoting, columns);
        foreach (var (constraint, tree) in checks)
        {
            if (printer.Print(constraint, tree) is { } definition)
            {
                checkDefinitions[constraint.Oid] = definition;
            }
        }

        var printed = new Dictionary<uint, IndexExpressions>(indexes.Count);
        foreach (var (index, keys, predicate) in indexes)
        {
            if (Print(printer, names, index.RelationOid, keys, predicate) is { } expressions)
            {
                printed[index.Oid] = expressions;
            }
        }

        return new StoredExpressions(checkDefinitions, printed, indexDefinitions);
    }

    private static IndexExpressions? Print(CheckPrinter printer, CheckNames names, uint relation, List<NodeTree> keys, NodeTree? predicate)
    {
        var printedKeys = new IndexKeyExpression[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (printer.IndexExpression(relation, keys[i]) is not { } text || CheckPrinter.Type(keys[i]) is not { } type
                || names.Facts(type) is not { } facts || CheckPrinter.Collation(keys[i]) is not { } collation)
            {
                return null;
            }

            printedKeys[i] = new IndexKeyExpression(CheckPrinter.LooksLikeFunction(keys[i]) ? text : "(" + text + ")", facts, collation);
        }

        string? printedPredicate = null;
        if (predicate is not null && (printedPredicate = printer.IndexExpression(relation, predicate)) is null)
        {
            return null;
        }

        return new IndexExpressions(printedKeys, printedPredicate);
    }
}
