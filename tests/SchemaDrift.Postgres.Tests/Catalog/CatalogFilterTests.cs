using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

public class CatalogFilterTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Sql = """
        CREATE EXTENSION citext;
        CREATE SCHEMA app;
        CREATE SCHEMA other;
        CREATE TABLE other.t (id int PRIMARY KEY, note citext);
        CREATE TABLE app.keep (id int PRIMARY KEY, secret text, other_id int REFERENCES other.t);
        CREATE TABLE app.tmp_a (id int);
        CREATE TABLE app.tmpxb (id int);
        CREATE TABLE app.tmp_long (id int);
        CREATE INDEX keep_secret ON app.keep (secret);
        CREATE VIEW app.tmp_view AS SELECT id FROM app.keep;
        CREATE FUNCTION app.f(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';
        CREATE FUNCTION app.f(text) RETURNS integer LANGUAGE sql AS 'SELECT 2';
        CREATE TYPE app.e AS ENUM ('a');
        GRANT SELECT ON app.tmp_a TO PUBLIC;
        GRANT SELECT ON app.keep TO PUBLIC;
        """;

    [Fact]
    public async Task Include_schemas_reads_only_those()
    {
        var s = await ReadAsync(new CatalogFilter(IncludeSchemas: ["other"]));

        Assert.Equal(["other"], s.Schemas.Select(x => x.Name));
        Assert.Equal(["other.t"], s.Tables.Select(t => t.DisplayName));
        Assert.Equal(["other.t.t_pkey"], s.Constraints.Select(c => c.DisplayName));
        Assert.True(s.Functions.IsEmpty && s.Enums.IsEmpty && s.Views.IsEmpty && s.Indexes.IsEmpty);
        Assert.Empty(s.Extensions);
    }

    [Fact]
    public async Task Exclude_schemas_leaves_them_out()
    {
        var s = await ReadAsync(new CatalogFilter(ExcludeSchemas: ["app", "public"]));

        Assert.Equal(["other"], s.Schemas.Select(x => x.Name));
        Assert.Equal(["other.t"], s.Tables.Select(t => t.DisplayName));
        Assert.Empty(s.Extensions);
    }

    [Fact]
    public async Task Exclude_patterns_match_qualified_names_like_globs()
    {
        var s = await ReadAsync(new CatalogFilter(
            ExcludePatterns: ["app.tmp_*", "app.keep.secret", "app.keep_?ecret", "app.f(text)", "app.e%"],
            IncludePrivileges: true));

        Assert.Equal(["app.keep", "app.tmpxb", "other.t"], s.Tables.Select(t => t.DisplayName));
        Assert.Equal(["id", "other_id"], s.Tables[0].Columns.Select(c => c.Name));
        Assert.Empty(s.Views);
        Assert.Empty(s.Indexes);
        Assert.Empty(s.Enums);
        Assert.Equal(["app.f(integer)"], s.Functions.Select(f => f.DisplayName));

        // Grants on objects left out are left out with them.
        Assert.Contains(s.Privileges, p => p.ObjectKey == "table:app.keep");
        Assert.DoesNotContain(s.Privileges, p => p.ObjectKey is "table:app.tmp_a" or "type:app.e" or "function:app.f(text)");
        Assert.DoesNotContain(s.Dependencies, d => d.DependentKey.Contains("tmp_", StringComparison.Ordinal) || d.ReferencedKey.Contains("tmp_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_function_name_pattern_leaves_out_every_overload()
    {
        var s = await ReadAsync(new CatalogFilter(ExcludePatterns: ["app.f"]));

        Assert.Empty(s.Functions);
    }

    [Fact]
    public void Patterns_treat_star_and_percent_as_any_run_and_question_mark_as_one_character()
    {
        var filter = new CatalogFilter(ExcludePatterns: ["public.tmp_*", "a%z", "x?y"]);

        Assert.True(filter.IsExcluded("public.tmp_"));
        Assert.True(filter.IsExcluded("public.tmp_orders"));
        Assert.False(filter.IsExcluded("public.tmpXorders"));
        Assert.False(filter.IsExcluded("other.tmp_orders"));
        Assert.True(filter.IsExcluded("a.b.z"));
        Assert.True(filter.IsExcluded("x.y"));
        Assert.False(filter.IsExcluded("x..y"));
        Assert.False(filter.IsExcluded("Public.tmp_orders"));
        Assert.False(new CatalogFilter().IsExcluded("anything"));
    }

    private async Task<SchemaSnapshot> ReadAsync(CatalogFilter filter)
    {
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-filters", Sql));
        return await CatalogTestSupport.ReadAsync(db, filter);
    }
}
