using System.Globalization;
using System.Text;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// One node of a stored expression (pg_node_tree text, as outfuncs.c writes it): its type (OPEXPR, VAR, ...) and its
/// fields by name. Fields are kept by name, never by position, because each server version writes a few more or
/// fewer of them (varnullingrels from 16, hashfuncid from 14, ...); a reader asks only for the ones it needs.
/// </summary>
/// <remarks>
/// A field's value is a <see cref="string"/> token (a number, a boolean, an enum's name), a nested
/// <see cref="NodeTree"/>, a <see cref="List{T}"/> of values (a node list, or the members of an integer, OID or
/// bitmap list after its one-letter tag), a <see cref="Datum"/> (a constant's bytes), or null (<c>&lt;&gt;</c>).
/// </remarks>
internal sealed class NodeTree(string type, Dictionary<string, object?> fields)
{
    public string Type { get; } = type;

    public IReadOnlyDictionary<string, object?> Fields { get; } = fields;

    /// <summary>A constant's stored bytes, as outDatum writes them (the Datum itself for by-value types, else the pointed-to bytes).</summary>
    internal sealed record Datum(byte[] Bytes);

    /// <summary>The tree of <paramref name="text"/>, or null when it is not one node written the way this reader knows.</summary>
    public static NodeTree? Parse(string text)
    {
        var reader = new Tokens(text);
        try
        {
            var value = reader.Value();
            return value is NodeTree node && reader.Next() is null ? node : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string? Token(string field) => Fields.GetValueOrDefault(field) as string;

    public NodeTree? Node(string field) => Fields.GetValueOrDefault(field) as NodeTree;

    /// <summary>A field holding a list of nodes (args, elements); null when it is not one (an empty list is written <c>&lt;&gt;</c>).</summary>
    public List<NodeTree>? Nodes(string field)
    {
        switch (Fields.GetValueOrDefault(field, "missing"))
        {
            case null:
                return [];
            case List<object?> items when items.TrueForAll(i => i is NodeTree):
                return items.ConvertAll(i => (NodeTree)i!);
            default:
                return null;
        }
    }

    public long? Integer(string field) =>
        long.TryParse(Token(field), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public uint? Oid(string field) =>
        uint.TryParse(Token(field), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool? Boolean(string field) => Token(field) switch { "true" => true, "false" => false, _ => null };

    /// <summary>pg_strtok's tokens: the single characters ( ) { }, <c>&lt;&gt;</c>, and runs ended by white space or those, with backslash escapes.</summary>
    private sealed class Tokens(string text)
    {
        private const int MaxDepth = 200;

        private int position;
        private int depth;

        /// <summary>The next token, null at the end; <c>&lt;&gt;</c> comes back as the empty string's stand-in "\0".</summary>
        public string? Next()
        {
            while (position < text.Length && text[position] is ' ' or '\n' or '\t' or '\r')
            {
                position++;
            }

            if (position >= text.Length)
            {
                return null;
            }

            var start = position;
            if (text[position] is '(' or ')' or '{' or '}')
            {
                return text[position++].ToString();
            }

            if (text[position] == '<' && position + 1 < text.Length && text[position + 1] == '>')
            {
                position += 2;
                return "\0";
            }

            var token = new StringBuilder();
            while (position < text.Length && text[position] is not (' ' or '\n' or '\t' or '\r' or '(' or ')' or '{' or '}'))
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                {
                    position++;
                }

                token.Append(text[position++]);
            }

            return position > start ? token.ToString() : throw new FormatException();
        }

        public object? Value() => Value(Next() ?? throw new FormatException());

        private object? Value(string token)
        {
            switch (token)
            {
                case "\0":
                    return null;
                case "{":
                    return Node();
                case "(":
                    return List();
                case ")" or "}":
                    throw new FormatException();
                default:
                    return token;
            }
        }

        private NodeTree Node()
        {
            // Deeper trees (a long chain of operators) are left to the server: reading and printing them recursively
            // could exhaust the stack, which no fallback survives.
            if (++depth > MaxDepth)
            {
                throw new FormatException();
            }

            var type = Next() ?? throw new FormatException();
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                var token = Next() ?? throw new FormatException();
                if (token == "}")
                {
                    depth--;
                    return new NodeTree(type, fields);
                }

                if (token.Length < 2 || token[0] != ':')
                {
                    throw new FormatException();
                }

                var name = token[1..];
                fields[name] = type == "CONST" && name == "constvalue" ? Datum() : Value();
            }
        }

        /// <summary>A list: nodes, or a one-letter tag (i, o, b, x) and its members.</summary>
        private List<object?> List()
        {
            var items = new List<object?>();
            while (true)
            {
                var token = Next() ?? throw new FormatException();
                if (token == ")")
                {
                    return items;
                }

                items.Add(Value(token));
            }
        }

        /// <summary>outDatum: <c>&lt;&gt;</c> for a null pointer, else the length and <c>[ b0 b1 ... ]</c>, each byte a signed char.</summary>
        private Datum? Datum()
        {
            var length = Next() ?? throw new FormatException();
            if (length == "\0")
            {
                return null;
            }

            if (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || Next() != "[")
            {
                throw new FormatException();
            }

            var bytes = new List<byte>(Math.Max(count, 8));
            for (var token = Next(); token != "]"; token = Next())
            {
                if (token is null || !sbyte.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FormatException();
                }

                bytes.Add(unchecked((byte)value));
            }

            return new Datum([.. bytes]);
        }
    }
}
