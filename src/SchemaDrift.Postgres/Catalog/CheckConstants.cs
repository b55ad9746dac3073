using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// The text the server's output function gives for a constant stored in an expression tree (a CONST node's bytes),
/// for the few types <see cref="CheckPrinter"/> prints: integers, bool, numeric, text, varchar and bpchar. The bytes
/// are in the server's memory layout, little-endian as on every platform PostgreSQL is built for in practice; the
/// narrow integers and the varlena headers are checked so that a layout this does not expect comes back null (the
/// server prints the check) rather than as a wrong value.
/// </summary>
internal static class CheckConstants
{
    public const uint Bool = 16;
    public const uint Int8 = 20;
    public const uint Int2 = 21;
    public const uint Int4 = 23;
    public const uint Text = 25;
    public const uint Bpchar = 1042;
    public const uint Varchar = 1043;
    public const uint Numeric = 1700;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>int2out, int4out, int8out, boolout, numeric_out, textout (and varchar's, bpchar's) of the datum; null for any other type or an unexpected layout.</summary>
    /// <param name="utf8">The server encoding is UTF8 (else only ASCII text is decoded: its bytes are the same in every server encoding).</param>
    public static string? Output(uint type, byte[] bytes, bool utf8) => type switch
    {
        Int2 => Narrow(bytes, 2)?.ToString(CultureInfo.InvariantCulture),
        Int4 => Narrow(bytes, 4)?.ToString(CultureInfo.InvariantCulture),
        Int8 => bytes.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture) : null,
        Bool => Narrow(bytes, 1) switch { 0 => "f", 1 => "t", _ => null },
        Numeric => Payload(bytes) is { } payload ? NumericText(payload) : null,
        Text or Varchar or Bpchar => Payload(bytes) is { } payload ? String(payload, utf8) : null,
        _ => null,
    };

    /// <summary>A by-value datum of <paramref name="size"/> bytes: the value, then its sign extended to the Datum's 8 bytes.</summary>
    private static long? Narrow(byte[] bytes, int size)
    {
        if (bytes.Length != 8)
        {
            return null;
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var narrowed = size switch { 1 => (long)(sbyte)value, 2 => (short)value, _ => (int)value };
        return size == 1 ? (value is 0 or 1 ? value : null) : narrowed == value ? value : null;
    }

    /// <summary>The bytes after a plain varlena header (4 bytes, or 1 for a short value), when the header's length is the datum's.</summary>
    internal static ReadOnlyMemory<byte>? Payload(byte[] bytes)
    {
        // (A conditional of AsMemory and null would turn null into an empty payload: a byte[] converts to memory.)
        if (bytes.Length >= 1 && (bytes[0] & 1) == 1 && bytes[0] != 1 && bytes[0] >> 1 == bytes.Length)
        {
            return bytes.AsMemory(1);
        }

        if (bytes.Length >= 4 && (bytes[0] & 3) == 0 && BinaryPrimitives.ReadUInt32LittleEndian(bytes) >> 2 == bytes.Length)
        {
            return bytes.AsMemory(4);
        }

        return null;
    }

    private static string? String(ReadOnlyMemory<byte> payload, bool utf8)
    {
        var span = payload.Span;
        if (span.Contains((byte)0) || (!utf8 && span.ContainsAnyInRange((byte)0x80, (byte)0xFF)))
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// numeric_out of a numeric's bytes (after the varlena header): the short form (a 16-bit header holding sign,
    /// display scale and weight) or the long one (sign and scale, then the weight), then base-10000 digits. NaN and
    /// the infinities come back null.
    /// </summary>
    internal static string? NumericText(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (span.Length < 2)
        {
            return null;
        }

        var header = BinaryPrimitives.ReadUInt16LittleEndian(span);
        bool negative;
        int scale, weight, start;
        switch (header & 0xC000)
        {
            case 0x8000:
                negative = (header & 0x2000) != 0;
                scale = (header & 0x1F80) >> 7;
                weight = (header & 0x0040) != 0 ? ~0x3F | (header & 0x3F) : header & 0x3F;
                start = 2;
                break;
            case 0x0000 or 0x4000 when span.Length >= 4:
                negative = (header & 0xC000) == 0x4000;
                scale = header & 0x3FFF;
                weight = BinaryPrimitives.ReadInt16LittleEndian(span[2..]);
                start = 4;
                break;
            default:
                return null;
        }

        if ((span.Length - start) % 2 != 0)
        {
            return null;
        }

        var digits = new short[(span.Length - start) / 2];
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = BinaryPrimitives.ReadInt16LittleEndian(span[(start + (2 * i))..]);
            if (digits[i] is < 0 or > 9999)
            {
                return null;
            }
        }

        short Digit(int d) => d >= 0 && d < digits.Length ? digits[d] : (short)0;

        var text = new StringBuilder(negative ? "-" : string.Empty);
        if (weight < 0)
        {
            text.Append('0');
        }
        else
        {
            // The first base-10000 digit without its leading zeros, the others with all four.
            text.Append(Digit(0).ToString(CultureInfo.InvariantCulture));
            for (var d = 1; d <= weight; d++)
            {
                text.Append(Digit(d).ToString("D4", CultureInfo.InvariantCulture));
            }
        }

        if (scale > 0)
        {
            var fraction = new StringBuilder(scale + 4);
            for (var d = weight + 1; fraction.Length < scale; d++)
            {
                fraction.Append(Digit(d).ToString("D4", CultureInfo.InvariantCulture));
            }

            text.Append('.').Append(fraction.ToString(0, scale));
        }

        return text.ToString();
    }
}
