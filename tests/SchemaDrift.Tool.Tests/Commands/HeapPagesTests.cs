using System.Globalization;
using System.Runtime.InteropServices;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Tool.Tests.Commands;

/// <summary>
/// The tool advises huge pages for the whole managed heap: the reservation is found in <c>/proc/self/maps</c>, and on
/// Linux the kernel then marks every mapping of it (<c>hg</c> in <c>/proc/self/smaps</c>), the parts committed later
/// included.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HeapPagesTests
{
    private static readonly string[] Maps =
    [
        "55d0c0000000-55d0c0021000 r--p 00000000 08:01 1234  /usr/bin/dotnet",
        "55d0c0021000-55d0c0100000 rw-p 00000000 00:00 0     [heap]",
        "7f0000000000-7f0000400000 rw-p 00000000 00:00 0",
        "7f0000400000-7f1000000000 ---p 00000000 00:00 0",
        "7f1000000000-7f1000200000 rw-p 00000000 00:00 0 ",
        "7f1000300000-7f1000400000 rw-p 00000000 00:00 0",
        "7f2000000000-7f2000100000 r-xp 00000000 08:01 99    /usr/lib/libc.so.6",
    ];

    [Theory]
    [InlineData(0x7f0000000000ul, 0x7f0000000000ul, 0x7f1000200000ul)] // the first mapping of a run
    [InlineData(0x7f0800000000ul, 0x7f0000000000ul, 0x7f1000200000ul)] // reserved, not yet committed
    [InlineData(0x7f10001ffffful, 0x7f0000000000ul, 0x7f1000200000ul)] // the last byte of the run
    [InlineData(0x7f1000300000ul, 0x7f1000300000ul, 0x7f1000400000ul)] // a run of its own after a gap
    public void The_reservation_is_the_run_of_adjacent_anonymous_mappings_around_the_address(ulong address, ulong start, ulong end) =>
        Assert.Equal((start, end), HeapPages.Reservation(Maps, address));

    [Theory]
    [InlineData(0x55d0c0000010ul)] // a file
    [InlineData(0x55d0c0030000ul)] // the C heap
    [InlineData(0x7f1000250000ul)] // a gap
    [InlineData(0x7f2000000000ul)] // a library
    public void An_address_outside_anonymous_mappings_has_no_reservation(ulong address) =>
        Assert.Null(HeapPages.Reservation(Maps, address));

    [Fact]
    public void Malformed_lines_are_skipped() =>
        Assert.Equal(
            (0x7f0000000000ul, 0x7f0000400000ul),
            HeapPages.Reservation(["garbage", "", "7f0000000000-7f0000400000 rw-p 00000000 00:00 0", "zz-yy rw-p 0 0 0"], 0x7f0000000100ul));

    [Fact]
    public void On_linux_the_managed_heap_is_marked_for_huge_pages()
    {
        // Without transparent huge pages in the kernel (or off Linux) there is nothing to advise.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage"))
        {
            Assert.Null(HeapPages.Advise());
            return;
        }

        var range = HeapPages.Advise();
        Assert.NotNull(range);

        // An object allocated after the advice lies in the advised range, and its mapping carries the flag.
        var later = new byte[1024];
        var handle = GCHandle.Alloc(later, GCHandleType.Pinned);
        try
        {
            var address = (ulong)handle.AddrOfPinnedObject();
            Assert.InRange(address, range.Value.Start, range.Value.End - 1);
            Assert.Contains("hg", VmFlags(address));
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>The VmFlags of the /proc/self/smaps mapping that holds the address.</summary>
    private static string[] VmFlags(ulong address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash &&
                ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start) &&
                ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return [];
    }
}
