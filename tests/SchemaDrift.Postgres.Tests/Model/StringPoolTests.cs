using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Model;

[Trait("Category", "Unit")]
public sealed class StringPoolTests
{
    [Fact]
    public void Equal_texts_give_the_first_instance_and_different_texts_stay_apart()
    {
        var pool = new StringPool();
        var first = new string("column:public.orders.id".AsSpan());
        var copy = new string("column:public.orders.id".AsSpan());

        Assert.Same(first, pool.Get(first));
        Assert.Same(first, pool.Get(copy));
        Assert.Equal(string.Empty, pool.Get(string.Empty));
        Assert.Equal("a", pool.Get("a"));
        Assert.NotSame(pool.Get("column:public.orders.ids"), first);
    }

    [Fact]
    public void Characters_give_the_instance_of_their_text_and_make_one_only_for_the_first()
    {
        var pool = new StringPool();
        var first = pool.Get("café".AsSpan());

        Assert.Equal("café", first);
        Assert.Same(first, pool.Get(new string("café".AsSpan())));
        Assert.Same(first, pool.Get("xcafé".AsSpan(1)));
        Assert.Same(pool.Get("a"), pool.Get("a".AsSpan()));
        Assert.Equal(string.Empty, pool.Get(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public async Task Reads_that_share_a_pool_at_the_same_time_get_one_instance_per_text()
    {
        // Texts of every length and ending, so that they spread over all the stripes; two threads pool copies of them
        // at once, as the two reads of a diff do.
        var texts = Enumerable.Range(0, 20_000).Select(i => $"table:s{i % 7}.t_{i}").ToArray();
        var pool = new StringPool();
        using var start = new Barrier(2);

        string[] Pool()
        {
            start.SignalAndWait();
            return texts.Select(t => pool.Get(new string(t.AsSpan()))).ToArray();
        }

        var results = await Task.WhenAll(Task.Run(Pool), Task.Run(Pool));

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i], results[0][i]);
            Assert.Same(results[0][i], results[1][i]);
            Assert.Same(results[0][i], pool.Get(texts[i]));
        }
    }
}
