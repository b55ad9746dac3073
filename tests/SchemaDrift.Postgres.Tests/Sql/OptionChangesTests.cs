using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Tests.Sql;

/// <summary>
/// <see cref="DdlWriter.OptionChanges"/> must leave the options exactly as the target's, in its order (pg_dump prints
/// them in the order the catalog keeps them). The server's own rule is modelled here: RESET removes the options it
/// names; SET keeps the options it does not name where they were and appends the named ones in the order named; the
/// TOAST table's options (<c>toast.</c>) are a list of their own.
/// </summary>
[Trait("Category", "Unit")]
public class OptionChangesTests
{
    [Theory]
    [InlineData("fillfactor=80", "fillfactor=70,autovacuum_enabled=false", "SET (fillfactor=70, autovacuum_enabled=false)")]
    [InlineData("autovacuum_enabled=false,fillfactor=80", "autovacuum_enabled=false,fillfactor=70", "SET (fillfactor=70)")]
    [InlineData("a=1,b=2", "b=2,a=1", "SET (b=2, a=1)")]
    [InlineData("a=1,b=2,c=3", "a=1,c=4", "RESET (b)|SET (c=4)")]
    [InlineData("a=1,b=2", "a=1,b=2", "")]
    [InlineData("a=1,b=2", "", "RESET (a, b)")]
    [InlineData("f=1,toast.x=1,toast.y=2", "f=1,toast.y=3,toast.x=1", "SET (toast.y=3, toast.x=1)")]
    public void Changes_set_only_what_the_target_order_needs(string from, string to, string expected) =>
        Assert.Equal(expected, string.Join("|", DdlWriter.OptionChanges(List(from), List(to))));

    [Fact]
    public void Every_pair_of_option_lists_ends_as_the_target_in_its_order()
    {
        var random = new Random(20261205);
        string[] names = ["a", "b", "c", "d", "e", "toast.a", "toast.b", "toast.c"];
        for (var round = 0; round < 5000; round++)
        {
            var from = Options(random, names);
            var to = Options(random, names);

            var result = Apply(from, DdlWriter.OptionChanges(from, to));

            // The table's and the TOAST table's options are kept apart; pg_dump prints the table's, then the TOAST table's.
            Assert.Equal(Grouped(to), Grouped(result));
        }
    }

    private static List<string> List(string options) => options.Length == 0 ? [] : [.. options.Split(',')];

    private static List<string> Options(Random random, string[] names) =>
        names.OrderBy(_ => random.Next()).Take(random.Next(names.Length + 1)).Select(n => n + "=" + random.Next(3)).ToList();

    private static List<string> Grouped(List<string> options) =>
        [.. options.Where(o => !o.StartsWith("toast.", StringComparison.Ordinal)), .. options.Where(o => o.StartsWith("toast.", StringComparison.Ordinal))];

    /// <summary>The options after the actions, as the server applies them (transformRelOptions).</summary>
    private static List<string> Apply(List<string> options, IEnumerable<string> actions)
    {
        var result = new List<string>(options);
        foreach (var action in actions)
        {
            var named = action[(action.IndexOf('(', StringComparison.Ordinal) + 1)..^1].Split(", ");
            var names = named.Select(n => n.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
            result.RemoveAll(o => names.Contains(o.Split('=')[0]));
            if (action.StartsWith("SET ", StringComparison.Ordinal))
            {
                result.AddRange(named);
            }
        }

        return result;
    }
}
