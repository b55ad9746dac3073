namespace SchemaDrift.Postgres.Catalog;

// The nodes of a check that apply something to operands: operators, functions, casts and boolean connectives.
internal sealed partial class CheckPrinter
{
    /// <summary>Binary <c>(a op b)</c> or prefix <c>(op a)</c>, operands with their implicit casts shown.</summary>
    private bool Operator(NodeTree node)
    {
        if (node.Oid("opno") is not { } operatorOid || node.Nodes("args") is not ({ Count: 1 or 2 } args))
        {
            return false;
        }

        var left = args.Count == 2 ? Type(args[0]) : 0;
        if (left is null || Type(args[^1]) is not { } right
            || names.Operator(operatorOid, args.Count == 2 ? 'b' : 'l', left.Value, right) is not { } name)
        {
            return false;
        }

        text.Append('(');
        if (args.Count == 2)
        {
            if (!Expression(args[0], showImplicit: true))
            {
                return false;
            }

            text.Append(' ').Append(name).Append(' ');
        }
        else
        {
            text.Append(name).Append(' ');
        }

        if (!Expression(args[^1], showImplicit: true))
        {
            return false;
        }

        text.Append(')');
        return true;
    }

    /// <summary><c>(a op ANY (array))</c> or ALL; the operator is looked up with the array's element type.</summary>
    private bool ArrayOperator(NodeTree node)
    {
        if (node.Oid("opno") is not { } operatorOid || node.Boolean("useOr") is not { } any || node.Nodes("args") is not ({ Count: 2 } args)
            || Type(args[0]) is not { } left || Type(args[1]) is not { } arrayType || names.Element(arrayType) is not { } element
            || names.Operator(operatorOid, 'b', left, element) is not { } name)
        {
            return false;
        }

        text.Append('(');
        if (!Expression(args[0], showImplicit: true))
        {
            return false;
        }

        text.Append(' ').Append(name).Append(any ? " ANY (" : " ALL (");
        if (!Expression(args[1], showImplicit: true))
        {
            return false;
        }

        text.Append("))");
        return true;
    }

    /// <summary>A function call <c>name(args)</c>, or a cast function shown as a cast (hidden when implicit and not asked for).</summary>
    private bool Function(NodeTree node, bool showImplicit)
    {
        if (node.Oid("funcid") is not { } function || node.Oid("funcresulttype") is not { } result || node.Nodes("args") is not { } args
            || node.Boolean("funcvariadic") != false || (args.Count == 0 && node.Integer("funcformat") != 0))
        {
            return false;
        }

        switch (node.Integer("funcformat"))
        {
            case 2 when !showImplicit:
                return Expression(args[0], showImplicit: false);
            case 1 or 2:
                // exprIsLengthCoercion: a second argument that is an int4 constant is the target's typmod.
                var typmod = -1;
                if (args.Count >= 2)
                {
                    if (args[1] is not { Type: "CONST" } length || length.Oid("consttype") != CheckConstants.Int4 || length.Boolean("constisnull") != false
                        || length.Field("constvalue") is not NodeTree.Datum datum
                        || !int.TryParse(CheckConstants.Output(CheckConstants.Int4, datum.Bytes, true), out typmod))
                    {
                        return false;
                    }
                }

                return CoercionOf(args[0], result, typmod);
            case 0:
                var types = new uint[args.Count];
                for (var i = 0; i < args.Count; i++)
                {
                    if (Type(args[i]) is not { } type)
                    {
                        return false;
                    }

                    types[i] = type;
                }

                if (names.Function(function, types) is not { } name)
                {
                    return false;
                }

                text.Append(name).Append('(');
                if (!List(args, ", "))
                {
                    return false;
                }

                text.Append(')');
                return true;
            default:
                return false;
        }
    }

    /// <summary>A RelabelType, CoerceViaIO or ArrayCoerceExpr: the argument alone when the cast is implicit and not asked for, else a cast.</summary>
    private bool Coercion(NodeTree node, long? format, long? typmod, bool showImplicit)
    {
        if (node.Node("arg") is not { } arg || format is not (1 or 2) || typmod is not { } resultTypmod || node.Oid("resulttype") is not { } result)
        {
            return false;
        }

        return format == 2 && !showImplicit ? Expression(arg, showImplicit: false) : CoercionOf(arg, result, (int)resultTypmod);
    }

    /// <summary>get_coercion_expr: <c>(arg)::type</c>, or a constant of the very type unlabelled then <c>::type</c>.</summary>
    private bool CoercionOf(NodeTree arg, uint type, int typmod)
    {
        if (arg is { Type: "CONST" } && arg.Oid("consttype") == type && arg.Integer("consttypmod") == -1)
        {
            if (!Constant(arg, showType: -1))
            {
                return false;
            }
        }
        else
        {
            text.Append('(');
            if (!Expression(arg, showImplicit: false))
            {
                return false;
            }

            text.Append(')');
        }

        return Label(type, typmod);
    }

    /// <summary>AND and OR between their operands, or NOT before one, parenthesized.</summary>
    private bool Boolean(NodeTree node)
    {
        if (node.Nodes("args") is not { Count: > 0 } args)
        {
            return false;
        }

        text.Append('(');
        switch (node.Token("boolop"))
        {
            case "and" when args.Count >= 2:
                if (!List(args, " AND "))
                {
                    return false;
                }

                break;
            case "or" when args.Count >= 2:
                if (!List(args, " OR "))
                {
                    return false;
                }

                break;
            case "not" when args.Count == 1:
                text.Append("NOT ");
                if (!Expression(args[0], showImplicit: false))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        text.Append(')');
        return true;
    }
}
