using System.Buffers;
using System.Text.Unicode;
using Npgsql;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Catalog columns read into a snapshot's <see cref="StringPool"/>. A text is looked up by its bytes, decoded into a
/// buffer of the reader's thread, not as a string of its own first: nearly every text of the second database of a
/// diff, and most within one (types, schemas, the catalogs pg_depend names), is already pooled.
/// </summary>
internal static class PooledReads
{
    /// <summary>Longer texts (a view's definition, a long default) are read as strings, then pooled.</summary>
    private const int BufferedBytes = 512;

    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static char[]? chars;

    public static string Get(this StringPool pool, NpgsqlDataReader reader, int ordinal)
    {
        var length = reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length > BufferedBytes)
        {
            return pool.Get(reader.GetString(ordinal));
        }

        var read = bytes ??= new byte[BufferedBytes];
        var decoded = chars ??= new char[BufferedBytes];
        var count = (int)reader.GetBytes(ordinal, 0, read, 0, (int)length);

        // Bytes that are not UTF-8 (a SQL_ASCII database's) go the reader's own way, which reports them.
        return Utf8.ToUtf16(read.AsSpan(0, count), decoded, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? pool.Get(decoded.AsSpan(0, written))
            : pool.Get(reader.GetString(ordinal));
    }

    public static string? GetOrNull(this StringPool pool, NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : pool.Get(reader, ordinal);
}
