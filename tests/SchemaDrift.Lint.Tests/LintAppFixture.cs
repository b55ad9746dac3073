using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Lint.Tests;

[CollectionDefinition(Name)]
public sealed class LintCollection : ICollectionFixture<LintAppFixture>
{
    public const string Name = "lint";
}

/// <summary>
/// LintApp built and loaded once per test run through the design-time host (its six migrations, as dotnet ef wrote
/// them and as they were made safe or risky by hand), the engine's input built from them and their files, and the
/// shared PostgreSQL server.
/// </summary>
public sealed class LintAppFixture : IAsyncLifetime
{
    public PostgresFixture Postgres { get; } = new();

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Project => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "LintApp", "LintApp.csproj");

    public MigrationsInfo Migrations { get; private set; } = null!;

    public string ProjectDirectory { get; private set; } = null!;

    public IReadOnlyList<LintMigration> Inputs { get; private set; } = [];

    public IReadOnlyList<SourceSuppression> Inline { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var console = new ToolConsole(new StringWriter(), new StringWriter(), color: false);
        var client = await HostClient.CreateAsync(new HostOptions { Project = Project }, new SchemaDriftConfig { Directory = RepositoryRoot }, console.Events, RepositoryRoot);
        Migrations = await client.GetMigrationsAsync();
        ProjectDirectory = client.Project.ProjectDir;
        var sources = MigrationSources.Scan(ProjectDirectory, Migrations.Migrations.Select(m => m.Id), RepositoryRoot);
        (Inputs, Inline) = LintInputs.Build(Migrations.Migrations, sources, RepositoryRoot);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A database with every migration before the risky one applied (as EF's history records them) and tables that
    /// hold rows, analyzed: 120,000 orders, 5,000 customers, 2,000 shipments, 200 products.
    /// </summary>
    public async Task<TestDatabase> PopulatedAsync()
    {
        var template = await Postgres.GetTemplateAsync("lint-populated", async connectionString =>
        {
            var applied = Migrations.Migrations.TakeWhile(m => m.Name != "RiskyRelease").ToList();
            await ShadowDatabase.ReplayAsync(connectionString, applied, CancellationToken.None);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var history = "lint.\"__EFMigrationsHistory\"";
            var sql = $"CREATE TABLE {history} (\"MigrationId\" character varying(150) PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL);\n" +
                string.Concat(applied.Select(m => $"INSERT INTO {history} VALUES ('{m.Id}', '{Migrations.EfCoreVersion}');\n")) + PopulateSql;
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        });
        return await Postgres.CreateDatabaseAsync(template);
    }

    private const string PopulateSql =
        """
        INSERT INTO lint."Customers" ("Email", "Name") SELECT 'c' || i || '@example.com', 'Customer ' || i FROM generate_series(1, 5000) i;
        INSERT INTO lint."Products" ("Sku", "Name", "Price") SELECT 'SKU-' || i, 'Product ' || i, i FROM generate_series(1, 200) i;
        INSERT INTO lint."Orders" ("CustomerId", "ProductId", "State", "Quantity", "Total", "PlacedAt")
            SELECT 1 + i % 5000, 1 + i % 200, 'paid', 1 + i % 3, i % 100, now() - i * interval '1 minute' FROM generate_series(1, 120000) i;
        INSERT INTO lint."Shipments" ("OrderId", "Carrier") SELECT i, 'DHL' FROM generate_series(1, 2000) i;
        REFRESH MATERIALIZED VIEW lint.order_totals;
        ANALYZE;
        """;

    /// <summary>The id of the migration named <paramref name="name"/>.</summary>
    public string Id(string name) => Migrations.Migrations.Single(m => m.Name == name).Id;

    /// <summary>Lints releases, each written <c>A+B</c> for migrations deployed together, with the suppressions of their files.</summary>
    public SuppressionOutcome Lint(params string[] releases)
    {
        var input = new LintInput(Inputs, releases.Select(r => new LintRelease(r.Split('+').Select(Id).ToList())).ToList());
        var linted = input.Releases.SelectMany(r => r.MigrationIds).ToHashSet();
        return Suppressions.Apply(LintEngine.Run(input), Inline.Where(s => linted.Contains(s.Migration)).ToList(), [],
            Migrations.Migrations.ToDictionary(m => m.Id, m => m.Name));
    }

    /// <summary>The SQL the migrations of <paramref name="release"/> run.</summary>
    public string Sql(string release) =>
        string.Join("\n", release.Split('+').SelectMany(name => Migrations.Migrations.Single(m => m.Name == name).Commands.Select(c => c.Sql)));

    /// <summary>The file of migration <paramref name="name"/>, relative to the repository root.</summary>
    public string File(string name) => MigrationSources.Relative(RepositoryRoot, Directory.GetFiles(Path.Combine(ProjectDirectory, "Migrations"), Id(name) + ".cs").Single());

    /// <summary>
    /// The oracle for "the right line": in the text of <paramref name="name"/>'s Up, the line where the call to
    /// <c>migrationBuilder.<paramref name="method"/></c> starts whose text (up to the next call) contains
    /// <paramref name="containing"/>. Plain text search, independent of the tool's own reading of the file.
    /// </summary>
    public int CallLine(string name, string method, string containing)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(RepositoryRoot, File(name)));
        var up = Array.FindIndex(lines, l => l.Contains("override void Up(", StringComparison.Ordinal));
        var down = Array.FindIndex(lines, l => l.Contains("override void Down(", StringComparison.Ordinal));
        var starts = Enumerable.Range(up, down - up).Where(i => lines[i].TrimStart().StartsWith("migrationBuilder.", StringComparison.Ordinal)).ToList();
        var matches = starts
            .Where(s => Regex.IsMatch(lines[s], @"migrationBuilder\." + method + @"\b"))
            .Where(s => string.Join("\n", lines[s..(starts.FirstOrDefault(n => n > s, down))]).Contains(containing, StringComparison.Ordinal))
            .ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} calls of {method} with '{containing}' in {name}");
        return matches[0] + 1;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}
