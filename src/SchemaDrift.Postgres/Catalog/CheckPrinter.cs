using System.Text;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Prints CHECK constraint definitions exactly as pg_get_constraintdef does (ruleutils.c, PostgreSQL 13 to 17,
/// non-pretty, search_path = pg_catalog) from the stored expression (conbin), and the key expressions and predicates
/// of indexes as pg_get_indexdef does (indexprs, indpred), for a common subset of expressions:
/// columns of the table; integer, bool, numeric, text, varchar and bpchar constants and NULL; pg_catalog operators
/// (binary and prefix) and functions found by their bare name; AND, OR, NOT; IS [NOT] NULL; op ANY/ALL over an
/// ARRAY[...]; and casts (RelabelType, CoerceViaIO, ArrayCoerceExpr, cast functions). The server's printer opens
/// every checked table to name its columns (a relcache entry each, cold in a fresh session), the largest single
/// cost of a read of a large schema; here the names are the columns the read has anyway, and the operators',
/// functions' and types' names come in one query for all of them (<see cref="StoredExpressions"/>). A check or index
/// with anything else (a user function, a COLLATE clause, a sub-select, CASE, an enum constant, ...) is printed by the
/// server, in the same transaction.
/// </summary>
internal sealed partial class CheckPrinter(CheckNames names, IndexPrinter quoting, IReadOnlyDictionary<(uint, short), ColumnRow> columns)
{
    private const uint Bool = CheckConstants.Bool;

    private static int serverPrintedCount;

    private readonly StringBuilder text = new(128);
    private uint relation;

    /// <summary>How many check definitions this process asked the server for, where it prints the others itself (for tests and diagnostics).</summary>
    internal static int ServerPrinted => Volatile.Read(ref serverPrintedCount);

    /// <summary>Counts checks left to the server.</summary>
    internal static void CountServerPrinted(int count = 1) => Interlocked.Add(ref serverPrintedCount, count);

    /// <summary>pg_get_constraintdef of a check whose expression is <paramref name="tree"/>, or null when it has anything this does not print.</summary>
    public string? Print(ConstraintRow constraint, NodeTree tree)
    {
        text.Clear();
        relation = constraint.RelationOid;
        text.Append("CHECK (");
        if (!Expression(tree, showImplicit: false))
        {
            return null;
        }

        // The check's own suffix, then the ones every constraint takes (a check is never deferrable).
        text.Append(')').Append(constraint.Shape is { NoInherit: true } ? " NO INHERIT" : string.Empty)
            .Append(constraint.Deferrable ? " DEFERRABLE" : string.Empty).Append(constraint.Deferred ? " INITIALLY DEFERRED" : string.Empty)
            .Append(constraint.Validated ? string.Empty : " NOT VALID");
        return text.ToString();
    }

    /// <summary>
    /// deparse_expression of an index's key expression or predicate on the table <paramref name="relationOid"/>, as
    /// pg_get_indexdef prints it (before the parentheses a key expression takes unless it looks like a function
    /// call), or null when it has anything this does not print.
    /// </summary>
    public string? IndexExpression(uint relationOid, NodeTree tree)
    {
        text.Clear();
        relation = relationOid;
        return Expression(tree, showImplicit: false) ? text.ToString() : null;
    }

    /// <summary>looks_like_function: a key expression printed as a function call needs no parentheses of its own in an index's column list.</summary>
    public static bool LooksLikeFunction(NodeTree node) => node is { Type: "FUNCEXPR" } && node.Integer("funcformat") is 0 or 3;

    /// <summary>exprCollation of the supported nodes (0 for the boolean ones); null for any other.</summary>
    public static uint? Collation(NodeTree node) => node.Type switch
    {
        "VAR" => node.Oid("varcollid"),
        "CONST" => node.Oid("constcollid"),
        "OPEXPR" => node.Oid("opcollid"),
        "FUNCEXPR" => node.Oid("funccollid"),
        "RELABELTYPE" or "COERCEVIAIO" or "ARRAYCOERCEEXPR" => node.Oid("resultcollid"),
        "ARRAYEXPR" => node.Oid("array_collid"),
        "BOOLEXPR" or "NULLTEST" or "SCALARARRAYOPEXPR" => 0,
        _ => null,
    };

    /// <summary>get_rule_expr, non-pretty (every operator and boolean parenthesized), for the supported nodes.</summary>
    private bool Expression(NodeTree node, bool showImplicit)
    {
        switch (node.Type)
        {
            case "VAR":
                if (node.Integer("varno") != 1 || node.Integer("varlevelsup") != 0 || node.Integer("varattno") is not { } number || number is <= 0 or > short.MaxValue
                    || !columns.TryGetValue((relation, (short)number), out var column))
                {
                    return false;
                }

                text.Append(quoting.Quote(column.Name));
                return true;
            case "CONST":
                return Constant(node, showType: 0);
            case "OPEXPR":
                return Operator(node);
            case "FUNCEXPR":
                return Function(node, showImplicit);
            case "RELABELTYPE":
                return Coercion(node, node.Integer("relabelformat"), node.Integer("resulttypmod"), showImplicit);
            case "COERCEVIAIO":
                return Coercion(node, node.Integer("coerceformat"), -1, showImplicit);
            case "ARRAYCOERCEEXPR":
                return Coercion(node, node.Integer("coerceformat"), node.Integer("resulttypmod"), showImplicit);
            case "BOOLEXPR":
                return Boolean(node);
            case "NULLTEST":
                if (node.Node("arg") is not { } tested || node.Boolean("argisrow") != false || Type(tested) is not { } testedType || !names.IsScalar(testedType)
                    || node.Integer("nulltesttype") is not { } test || test is not (0 or 1))
                {
                    return false;
                }

                text.Append('(');
                if (!Expression(tested, showImplicit: true))
                {
                    return false;
                }

                text.Append(test == 0 ? " IS NULL)" : " IS NOT NULL)");
                return true;
            case "SCALARARRAYOPEXPR":
                return ArrayOperator(node);
            case "ARRAYEXPR":
                if (node.Boolean("multidims") != false || node.Nodes("elements") is not { } elements || node.Oid("array_typeid") is not { } arrayType)
                {
                    return false;
                }

                text.Append("ARRAY[");
                if (!List(elements, ", "))
                {
                    return false;
                }

                text.Append(']');
                return elements.Count > 0 || Label(arrayType, -1);
            default:
                return false;
        }
    }

    /// <summary>get_const_expr: <paramref name="showType"/> 0 labels the constant unless the parser would type it so anyway; -1 never labels it.</summary>
    private bool Constant(NodeTree node, int showType)
    {
        if (node.Oid("consttype") is not { } type || node.Integer("consttypmod") is not { } typmod || node.Boolean("constisnull") is not { } isNull
            || node.Oid("constcollid") is not { } collation || collation is not (0 or 100))
        {
            return false;
        }

        // get_const_collation: a collation other than the type's own would be printed; the default one is text's, varchar's and bpchar's.
        if (collation == 100 && type is not (CheckConstants.Text or CheckConstants.Varchar or CheckConstants.Bpchar))
        {
            return false;
        }

        if (isNull)
        {
            text.Append("NULL");
            return showType < 0 || Label(type, (int)typmod);
        }

        if (node.Field("constvalue") is not NodeTree.Datum datum || CheckConstants.Output(type, datum.Bytes, names.Utf8) is not { } value)
        {
            return false;
        }

        var label = true;
        switch (type)
        {
            case CheckConstants.Int4:
                // Unquoted unless negative: quoted and labelled, so that it reads back as one constant.
                label = value[0] == '-';
                text.Append(label ? "'" + value + "'" : value);
                break;
            case CheckConstants.Numeric:
                // Unquoted when it reads back as numeric by itself: unsigned, with a decimal point.
                label = !(char.IsAsciiDigit(value[0]) && value.Contains('.', StringComparison.Ordinal));
                text.Append(label ? "'" + value + "'" : value);
                label |= typmod >= 0;
                break;
            case Bool:
                text.Append(value == "t" ? "true" : "false");
                label = false;
                break;
            default:
                // simple_quote_literal: quotes doubled, and backslashes too unless standard_conforming_strings.
                text.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)
                    .Replace("\\", names.StandardStrings ? "\\" : "\\\\", StringComparison.Ordinal)).Append('\'');
                break;
        }

        return showType < 0 || !label || Label(type, (int)typmod);
    }

    /// <summary>The nodes separated by <paramref name="separator"/>; AND and OR operands hide implicit casts, the others (arguments, elements) show them.</summary>
    private bool List(List<NodeTree> nodes, string separator)
    {
        var showImplicit = separator == ", ";
        for (var i = 0; i < nodes.Count; i++)
        {
            text.Append(i > 0 ? separator : string.Empty);
            if (!Expression(nodes[i], showImplicit))
            {
                return false;
            }
        }

        return true;
    }

    private bool Label(uint type, int typmod)
    {
        if (names.TypeName(type, typmod) is not { } name)
        {
            return false;
        }

        text.Append("::").Append(name);
        return true;
    }

    /// <summary>exprType of the supported nodes; null for any other.</summary>
    public static uint? Type(NodeTree node) => node.Type switch
    {
        "VAR" => node.Oid("vartype"),
        "CONST" => node.Oid("consttype"),
        "OPEXPR" => node.Oid("opresulttype"),
        "FUNCEXPR" => node.Oid("funcresulttype"),
        "RELABELTYPE" or "COERCEVIAIO" or "ARRAYCOERCEEXPR" => node.Oid("resulttype"),
        "ARRAYEXPR" => node.Oid("array_typeid"),
        "BOOLEXPR" or "NULLTEST" or "SCALARARRAYOPEXPR" => Bool,
        _ => null,
    };
}
