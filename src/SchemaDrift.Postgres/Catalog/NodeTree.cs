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
internal sealed class NodeTree(string type, KeyValuePair<string, object?>[] fields)
{
    public string Type { get; } = type;

    /// <summary>
    /// The value of a field, or null when the node has none of that name (<see cref="TryField"/> tells the two apart).
    /// A node has a few to twenty fields: looked up in order, they take a fraction of a dictionary's memory, for the
    /// thousands of nodes of a read.
    /// </summary>
    public object? Field(string name) => TryField(name, out var value) ? value : null;

    public bool TryField(string name, out object? value)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field.Key, name, StringComparison.Ordinal))
            {
                value = field.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>A constant's stored bytes, as outDatum writes them (the Datum itself for by-value types, else the pointed-to bytes).</summary>
    internal sealed record Datum(byte[] Bytes);

    /// <summary>The tree of <paramref name="text"/>, or null when it is not one node written the way this reader knows.</summary>
    public static NodeTree? Parse(string text) => Parse(Encoding.UTF8.GetBytes(text), new TokenCache());

    /// <summary>
    /// <see cref="Parse(string)"/>, taking its tokens from <paramref name="cache"/>: the trees of one read repeat the
    /// same few hundred tokens (field names, OIDs, <c>false</c>, <c>-1</c>) thousands of times, and a string for each
    /// occurrence was most of what a read allocated (about 130 MB for the 7,800 checks of two 2,000-table databases).
    /// </summary>
    /// <param name="text">The tree as the server sends it: UTF-8 (read as bytes, never as a string of its own, for
    /// the megabytes of a large schema's checks).</param>
    /// <param name="cache">The tokens of the trees parsed before.</param>
    public static NodeTree? Parse(byte[] text, TokenCache cache) => Parse(text, text.Length, cache);

    /// <summary><see cref="Parse(byte[], TokenCache)"/> of the first <paramref name="length"/> bytes of <paramref name="text"/> (a reused buffer).</summary>
    public static NodeTree? Parse(byte[] text, int length, TokenCache cache) => ParseValue(text, length, cache) as NodeTree;

    /// <summary>
    /// The trees of a list of nodes (an index's key expressions, indexprs) in the first <paramref name="length"/> bytes
    /// of <paramref name="text"/>, or null when they are not one list of nodes written the way this reader knows.
    /// </summary>
    public static List<NodeTree>? ParseList(byte[] text, int length, TokenCache cache) =>
        ParseValue(text, length, cache) is List<object?> items && items.TrueForAll(i => i is NodeTree) ? items.ConvertAll(i => (NodeTree)i!) : null;

    private static object? ParseValue(byte[] text, int length, TokenCache cache)
    {
        var reader = new Tokens(text, length, cache);
        try
        {
            var value = reader.Value();
            return reader.Next() is null ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string? Token(string field) => Field(field) as string;

    public NodeTree? Node(string field) => Field(field) as NodeTree;

    /// <summary>A field holding a list of nodes (args, elements); null when it is not one (an empty list is written <c>&lt;&gt;</c>).</summary>
    public List<NodeTree>? Nodes(string field)
    {
        switch (TryField(field, out var value) ? value : "missing")
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
    /// <summary>One instance of each token text, shared by the trees parsed with it, and their scratch lists (not thread-safe).</summary>
    internal sealed class TokenCache
    {
        private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

        private readonly List<List<KeyValuePair<string, object?>>> fields = [];

        public TokenCache() => lookup = tokens.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The emptied list in which the fields of a node at <paramref name="depth"/> (from 1) gather.</summary>
        public List<KeyValuePair<string, object?>> Fields(int depth)
        {
            while (fields.Count < depth)
            {
                fields.Add(new List<KeyValuePair<string, object?>>(24));
            }

            var list = fields[depth - 1];
            list.Clear();
            return list;
        }

        /// <summary>The token of the UTF-8 bytes <paramref name="token"/> (tokens are short: decoded on the stack).</summary>
        public string Get(ReadOnlySpan<byte> token)
        {
            var chars = token.Length <= 128 ? stackalloc char[128] : new char[token.Length];
            return Get(chars[..Encoding.UTF8.GetChars(token, chars)]);
        }

        public string Get(ReadOnlySpan<char> token)
        {
            if (!lookup.TryGetValue(token, out var cached))
            {
                cached = token.ToString();
                tokens[cached] = cached;
            }

            return cached;
        }
    }

    private sealed class Tokens(byte[] text, int length, TokenCache cache)
    {
        private const int MaxDepth = 200;

        private int position;
        private int depth;

        /// <summary>The next token, null at the end; <c>&lt;&gt;</c> comes back as the empty string's stand-in "\0".</summary>
        public string? Next()
        {
            while (position < length && text[position] is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r')
            {
                position++;
            }

            if (position >= length)
            {
                return null;
            }

            var start = position;
            switch (text[position])
            {
                case (byte)'(':
                    position++;
                    return "(";
                case (byte)')':
                    position++;
                    return ")";
                case (byte)'{':
                    position++;
                    return "{";
                case (byte)'}':
                    position++;
                    return "}";
            }

            if (text[position] == '<' && position + 1 < length && text[position + 1] == '>')
            {
                position += 2;
                return "\0";
            }

            // Most tokens have no backslash (an escaped character): those are taken from the cache as they stand.
            var escaped = false;
            while (position < length && text[position] is not ((byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}'))
            {
                if (text[position] == '\\' && position + 1 < length)
                {
                    escaped = true;
                    position++;
                }

                position++;
            }

            if (position == start)
            {
                throw new FormatException();
            }

            return escaped ? cache.Get(Unescape(text.AsSpan(start, position - start))) : cache.Get(text.AsSpan(start, position - start));
        }

        /// <summary>A token without its escaping backslashes (each stands before the character it escapes).</summary>
        private static byte[] Unescape(ReadOnlySpan<byte> token)
        {
            var unescaped = new List<byte>(token.Length);
            for (var i = 0; i < token.Length; i++)
            {
                if (token[i] == '\\' && i + 1 < token.Length)
                {
                    i++;
                }

                unescaped.Add(token[i]);
            }

            return [.. unescaped];
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

            // The fields gather in a list of this depth's own, reused by every node at this depth of every tree read
            // with the cache: a node keeps only the array of its fields. Source positions (location) are left out:
            // nothing prints them.
            var fields = cache.Fields(depth);
            while (true)
            {
                var token = Next() ?? throw new FormatException();
                if (token == "}")
                {
                    depth--;
                    return new NodeTree(type, [.. fields]);
                }

                if (token.Length < 2 || token[0] != ':')
                {
                    throw new FormatException();
                }

                var name = cache.Get(token.AsSpan(1));
                var value = type == "CONST" && name == "constvalue" ? Datum() : Value();
                if (name != "location")
                {
                    fields.Add(new(name, value));
                }
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
            var size = Next() ?? throw new FormatException();
            if (size == "\0")
            {
                return null;
            }

            if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || Next() != "[")
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
