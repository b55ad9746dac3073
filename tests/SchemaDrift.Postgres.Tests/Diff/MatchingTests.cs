using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>
/// Objects of two snapshots are paired by key: walking two lists in key order side by side, or through a dictionary
/// when a list is not in key order. Both ways must give the same pairs, in the same order.
/// </summary>
[Trait("Category", "Unit")]
public class MatchingTests
{
    [Fact]
    public void Lists_in_key_order_and_lists_out_of_it_pair_the_same()
    {
        // Keys sharing long prefixes, one of them a prefix of others ("t1"), names that sort before and after the dot
        // that follows it, and capitals (before every small letter in ordinal order, not in a culture's).
        List<DbIndex> from = [.. new[] { "a", "B", "b.c", "t1_2", "t1-x", "t1.y", "t10" }.Select(n => Index("t", n, "id"))];
        List<DbIndex> to = [.. new[] { "a", "b.c", "C", "t1", "t1-x", "t10", "z" }.Select(n => Index("t", n, n == "b.c" ? "other" : "id"))];
        bool Unchanged(DbIndex a, DbIndex b) => a.Definition == b.Definition;

        var sorted = Matching.Match(Ordered(from), Ordered(to), Unchanged);
        var shuffled = Matching.Match(Enumerable.Reverse(from), to.OrderBy(i => i.Name.Length), Unchanged);

        Assert.Equal(["index:public.C", "index:public.t1", "index:public.z"], Keys(sorted.Added));
        Assert.Equal(["index:public.B", "index:public.t1.y", "index:public.t1_2"], Keys(sorted.Removed));
        Assert.Equal(["index:public.b.c"], sorted.Both.Select(p => p.From.Key));
        Assert.Equal(Keys(sorted.Added), Keys(shuffled.Added));
        Assert.Equal(Keys(sorted.Removed), Keys(shuffled.Removed));
        Assert.Equal(sorted.Both.Select(p => (p.From.Key, p.To.Key)), shuffled.Both.Select(p => (p.From.Key, p.To.Key)));
    }

    [Fact]
    public void A_key_repeated_on_either_side_is_refused_in_any_order()
    {
        var one = Index("t", "a", "id");
        var other = Index("t", "b", "id");
        Assert.Throws<ArgumentException>(() => Matching.Match([one, one, other], [one]));
        Assert.Throws<ArgumentException>(() => Matching.Match([one], [one, other, one]));
        Assert.Throws<ArgumentException>(() => Matching.Match([other, one, one], [one]));
    }

    private static List<DbIndex> Ordered(List<DbIndex> items) => [.. items.OrderBy(i => i.Key, StringComparer.Ordinal)];

    private static List<string> Keys(List<DbIndex> items) => [.. items.Select(i => i.Key)];
}
