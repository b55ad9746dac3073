using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SchemaDrift.Tool.Tests.Packaging;

/// <summary>
/// What the native executable's start-up code (src/SchemaDrift.Tool/Commands/StartupPages.c) must have done: advised
/// huge pages (VmFlags <c>hg</c>) for the zero-filled memory of its writable segment, where the runtime unpacks its
/// type data. Observed from outside, on a running process: the executable is started against a server that accepts
/// the connection and never answers, and its mappings are read from /proc while it waits.
/// </summary>
internal static class StartupPages
{
    /// <summary>The advised mappings (start, end) inside the executable's zero-filled memory; empty when none is.</summary>
    public static async Task<List<(ulong Start, ulong End)>> AdvisedAsync(string exe, string directory)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        string Connection(string database) => $"Host=127.0.0.1;Port={port};Username=u;Database={database};Timeout=60";
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "diff", "--from", Connection("a"), "--to", Connection("b") },
        };
        using var process = Process.Start(info)!;
        try
        {
            // Accepted, never answered: the tool waits for the server's reply, long past its start.
            using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

            // The process's own executable (a tool path may hold a link to it).
            var image = new FileInfo($"/proc/{process.Id}/exe").LinkTarget!;
            var (zeroStart, zeroEnd) = ZeroFilledRange(await File.ReadAllBytesAsync(image));
            var maps = await File.ReadAllLinesAsync($"/proc/{process.Id}/maps");
            var first = maps.First(l => l.EndsWith(" " + image, StringComparison.Ordinal));
            var loadAddress = Hex(first[..first.IndexOf('-', StringComparison.Ordinal)]);
            var (from, to) = (loadAddress + zeroStart, loadAddress + zeroEnd);

            // smaps: a line per mapping ("start-end perms offset dev inode [path]"), then its fields, VmFlags last.
            var advised = new List<(ulong Start, ulong End)>();
            (ulong Start, ulong End) mapping = default;
            foreach (var line in await File.ReadAllLinesAsync($"/proc/{process.Id}/smaps"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0 && fields[0].Split('-') is [var start, var end] && start.All(Uri.IsHexDigit) && end.All(Uri.IsHexDigit))
                {
                    mapping = (Hex(start), Hex(end));
                }
                else if (fields is ["VmFlags:", ..] && fields.Contains("hg") && mapping.Start >= from && mapping.End <= to)
                {
                    advised.Add(mapping);
                }
            }

            return advised;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static ulong Hex(string digits) => ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The zero-filled part of the writable load segment (past its file contents), as offsets from the load address.</summary>
    private static (ulong Start, ulong End) ZeroFilledRange(byte[] elf)
    {
        Assert.True(elf.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) && elf[4] == 2 && elf[5] == 1, "a 64-bit little-endian ELF executable");
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x20));
        var size = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        for (var i = 0; i < count; i++)
        {
            var header = elf.AsSpan((int)programHeaders + (i * size));
            const uint load = 1, writable = 2;
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) == load && (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) & writable) != 0)
            {
                var address = BinaryPrimitives.ReadUInt64LittleEndian(header[0x10..]);
                var fileSize = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
                var memorySize = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
                return (address + fileSize, address + memorySize);
            }
        }

        throw new InvalidOperationException("No writable load segment in the executable.");
    }
}
