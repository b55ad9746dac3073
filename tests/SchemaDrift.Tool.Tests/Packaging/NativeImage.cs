using System.Buffers.Binary;

namespace SchemaDrift.Tool.Tests.Packaging;

/// <summary>
/// How the native executable is laid out, read from its ELF headers: whether it is linked at a fixed address
/// (<c>ET_EXEC</c>) rather than position-independent (<c>ET_DYN</c>), and how much of its writable segment is
/// zero-filled memory past the file's contents (where a runtime that unpacks its type data at start would put it).
/// </summary>
internal static class NativeImage
{
    private const ushort FixedAddress = 2;

    public static (bool FixedAddress, ulong ZeroFilled) Read(byte[] elf)
    {
        Assert.True(elf.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) && elf[4] == 2 && elf[5] == 1, "a 64-bit little-endian ELF executable");
        var type = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x10));
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x20));
        var size = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        ulong zeroFilled = 0;
        for (var i = 0; i < count; i++)
        {
            var header = elf.AsSpan((int)programHeaders + (i * size));
            const uint load = 1, writable = 2;
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) == load && (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) & writable) != 0)
            {
                var fileSize = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
                var memorySize = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
                zeroFilled += memorySize - fileSize;
            }
        }

        return (type == FixedAddress, zeroFilled);
    }
}
