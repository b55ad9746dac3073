using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Model;

/// <summary>
/// Snapshots are built and prepared in two halves at the same time; a half that fails must fail the build as the
/// same work done in turn would, with its own exception.
/// </summary>
[Trait("Category", "Unit")]
public class TwoAtOnceTests
{
    [Fact]
    public void Both_halves_are_done_when_it_returns()
    {
        var (first, second) = (0, 0);
        TwoAtOnce.Run(() => first = Enumerable.Range(1, 1000).Sum(), () => second = Enumerable.Range(1, 100).Sum());
        Assert.Equal((500500, 5050), (first, second));
    }

    [Fact]
    public void A_failure_of_either_half_comes_back_as_it_was_thrown()
    {
        var one = Assert.Throws<InvalidOperationException>(() => TwoAtOnce.Run(() => { }, () => throw new InvalidOperationException("Constraint c has no definition.")));
        Assert.Equal("Constraint c has no definition.", one.Message);
        Assert.Throws<KeyNotFoundException>(() => TwoAtOnce.Run(() => throw new KeyNotFoundException(), () => { }));
        Assert.Contains(nameof(A_failure_of_either_half_comes_back_as_it_was_thrown), one.StackTrace, StringComparison.Ordinal);
    }
}
