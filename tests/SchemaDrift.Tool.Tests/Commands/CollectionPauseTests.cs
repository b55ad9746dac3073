using System.Runtime;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Tests.Commands;

[CollectionDefinition(nameof(CollectionPauseTests), DisableParallelization = true)]
public sealed class CollectionPauseCollection;

/// <summary>
/// The pause a one-shot diff takes from garbage collection is process-wide: it must end with the command (the CLI
/// runs in-process in tests, and may run twice), and a pause inside one must leave the outer one alone. Run alone:
/// another test's command would hold or end the same pause.
/// </summary>
[Trait("Category", "Unit")]
[Collection(nameof(CollectionPauseTests))]
public sealed class CollectionPauseTests
{
    [Fact]
    public void A_pause_holds_until_disposed_and_one_taken_inside_it_leaves_it_alone()
    {
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        var before = GC.CollectionCount(0);

        using (CollectionPause.Start())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            using (CollectionPause.Start())
            {
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            }

            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var kept = Enumerable.Range(0, 100_000).Select(i => new byte[64]).ToList();
            var during = GC.CollectionCount(0);
            Assert.Equal(100_000, kept.Count);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

            // Starting the pause collects once; allocating within the budget does not.
            Assert.True(during - before <= 1, $"{during - before} collections");
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Past_its_budget_the_runtime_ends_the_pause_and_disposing_it_then_is_harmless()
    {
        using (CollectionPause.Start())
        {
            var chunks = new List<byte[]>();
            for (long allocated = 0; allocated < CollectionPause.Budget * 2; allocated += 1 << 20)
            {
                chunks.Add(new byte[1 << 20]);
                if (chunks.Count > 16)
                {
                    chunks.RemoveAt(0);
                }
            }

            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Catalogs_the_pause_would_not_hold_end_it_as_soon_as_they_are_counted()
    {
        // Two catalogs of 2,000 tables (14 MB of pg_attribute each) fit in the pause; a third that brings the total
        // past its budget (a 10,000-table catalog is 72 MB) ends it at once.
        const long small = 14L * 1024 * 1024;
        using (var pause = CollectionPause.Start())
        {
            pause.Expect(small);
            pause.Expect(small);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

            pause.Expect(72L * 1024 * 1024);
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

            // Counting more after it ended, then disposing, are harmless.
            pause.Expect(small);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
