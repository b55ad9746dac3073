using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// Every case of the migra fixture corpus (../shared/corpus/migra-fixtures) must pass the round trip, both ways:
/// diff a → b, apply to a, and a diff against b is empty; then the same from b to a. Skipped where the corpus is not
/// beside the checkout.
/// </summary>
public class MigraFixtureTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Corpus = "migra-fixtures";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        if (ExternalCorpus.Find(Corpus) is not { } corpus)
        {
            return data;
        }

        foreach (var name in Directory.GetDirectories(corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(name!, "a -> b");
            data.Add(name!, "b -> a");
        }

        return data;
    }

    [CorpusTheory(Corpus)]
    [MemberData(nameof(Cases))]
    public async Task Round_trip_leaves_no_difference(string name, string direction)
    {
        await EnsureRoleAsync();
        var folder = Path.Combine(ExternalCorpus.Find(Corpus)!, name);
        var (filter, options) = name switch
        {
            // The cases migra runs with a schema filter, with the same filter.
            "excludeschema" => (new CatalogFilter(ExcludeSchemas: ["excludedschema"]), DiffOptions.Default),
            "singleschema" or "singleschema_ext" => (new CatalogFilter(IncludeSchemas: ["goodschema"]), DiffOptions.Default),
            "privileges" => (new CatalogFilter(IncludePrivileges: true), new DiffOptions(ComparePrivileges: true)),
            _ => (CatalogFilter.All, DiffOptions.Default),
        };

        var a = await File.ReadAllTextAsync(Path.Combine(folder, "a.sql"));
        var b = await File.ReadAllTextAsync(Path.Combine(folder, "b.sql"));
        var outcome = direction == "a -> b"
            ? await RoundTripHarness.RunAsync(fixture, a, b, filter, options)
            : await RoundTripHarness.RunAsync(fixture, b, a, filter, options);

        Assert.False(outcome.First.IsEmpty, $"{name}: a and b differ, so the first diff cannot be empty");
        Assert.True(outcome.Second.IsEmpty, $"{name}: left after applying the DDL:\n{outcome.Remaining}\n--- script ---\n{outcome.Script}");
    }

    /// <summary>The rls cases grant to this role (see the corpus SOURCE.md).</summary>
    private async Task EnsureRoleAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "DO $$ BEGIN CREATE ROLE schemainspect_test_role; EXCEPTION WHEN duplicate_object THEN NULL; END $$;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
