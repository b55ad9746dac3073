using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// Every case folder (<see cref="RoundTripCases"/>) passes the round trip in both directions: the schemas differ, and
/// once the generated DDL has run on one side, nothing is left to do.
/// </summary>
public class RoundTripCaseTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in RoundTripCases.Names)
        {
            cases.Add(name, "from -> to");
            cases.Add(name, "to -> from");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Applying_the_diff_leaves_nothing_to_do(string name, string direction)
    {
        var (from, to) = RoundTripCases.Load(name);

        var dumps = RoundTripCases.DumpsAgree(name, direction == "from -> to");
        var diff = direction == "from -> to"
            ? await TransactionalRoundTrip.AssertAsync(fixture, from, to, dumps)
            : await TransactionalRoundTrip.AssertAsync(fixture, to, from, dumps);

        Assert.False(diff.IsEmpty, $"{name}: the two schemas must differ");
    }

    /// <summary>Together the cases make the differ compare, and change, every kind of object it knows.</summary>
    [Fact]
    public async Task The_cases_cover_every_object_kind()
    {
        var covered = new HashSet<ObjectKind>();
        foreach (var name in RoundTripCases.Names)
        {
            var (from, to) = RoundTripCases.Load(name);
            var diff = await DiffAsync(from, to);
            covered.UnionWith(diff.Changes.Select(c => c.ObjectKind));
        }

        Assert.Empty(Enum.GetValues<ObjectKind>().Except(covered));
    }

    [Fact]
    public async Task New_enum_value_used_in_the_script_is_applied_outside_the_transaction()
    {
        var (from, to) = RoundTripCases.Load("enum-value-added-and-used-by-a-default-in-the-same-script");

        var diff = await TransactionalRoundTrip.AssertAsync(fixture, from, to);

        Assert.Contains(diff.Script, s => s.Sql.Contains("ADD VALUE 'running'", StringComparison.Ordinal) && !s.Transactional);
        Assert.Contains(diff.Script, s => s.Sql.Contains("ADD VALUE 'failed'", StringComparison.Ordinal) && !s.Transactional);
    }

    [Fact]
    public async Task Privileges_are_granted_and_revoked_when_compared()
    {
        var (from, to) = RoundTripCases.Load("privileges");

        var diff = await TransactionalRoundTrip.AssertAsync(fixture, from, to);

        Assert.Contains(diff.Changes, c => c.Kind.Name() == "revoke-privilege" && c.ObjectName.Contains("parent", StringComparison.Ordinal));
        Assert.Contains(diff.Changes, c => c.Kind.Name() == "grant-privilege" && c.ObjectName.Contains("child", StringComparison.Ordinal));
        Assert.Contains(diff.Changes, c => c.Kind.Name() == "change-grant-option");
    }

    private async Task<DiffResult> DiffAsync(string fromSql, string toSql)
    {
        await using var from = await fixture.CreateDatabaseAsync();
        await using var to = await fixture.CreateDatabaseAsync();
        await TransactionalRoundTrip.LoadAsync(from, fromSql);
        await TransactionalRoundTrip.LoadAsync(to, toSql);
        return SchemaDiffer.Compare(await TransactionalRoundTrip.ReadAsync(from), await TransactionalRoundTrip.ReadAsync(to), TransactionalRoundTrip.Options);
    }
}
