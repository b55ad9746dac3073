using System.Collections.Concurrent;
using System.Diagnostics;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Idioms.Tests;

[CollectionDefinition(Name)]
public sealed class IdiomsCollection : ICollectionFixture<IdiomsFixture>
{
    public const string Name = "idioms";
}

/// <summary>What a run of apply printed and returned.</summary>
public sealed record ApplyOutcome(int Exit, string Output)
{
    public override string ToString() => $"exit {Exit}\n{Output}";
}

/// <summary>
/// tests/Host.TestApps/Idioms built once per test run and loaded once per context through the design-time host; per
/// context one template database migrated by the tool's <c>apply</c>, cloned by every test; one verifier per
/// context, so each expected schema is replayed once.
/// </summary>
public sealed class IdiomsFixture : IAsyncLifetime
{
    public static readonly string[] Contexts = ["OrderingContext", "IdentityContext", "CatalogContext", "PostgresContext", "EvolutionContext", "DisagreeContext"];

    private readonly ConcurrentDictionary<string, Verifier> verifiers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Template, ApplyOutcome Apply)>>> applied = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MigrationsInfo> migrations = new(StringComparer.Ordinal);

    public PostgresFixture Postgres { get; } = new();

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Project => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "Idioms", "Idioms.csproj");

    /// <summary>How long building the application and loading its six contexts took.</summary>
    public TimeSpan LoadTime { get; private set; }

    public HostClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var clock = Stopwatch.StartNew();
        Client = await HostClient.CreateAsync(
            new HostOptions { Project = Project },
            new SchemaDriftConfig { Directory = RepositoryRoot },
            Quiet().Events,
            RepositoryRoot);
        foreach (var context in Contexts)
        {
            migrations[context] = await Client.GetMigrationsAsync(context);
        }

        LoadTime = clock.Elapsed;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public MigrationsInfo Migrations(string context) => migrations[context];

    /// <summary>The id of the migration whose name is <paramref name="name"/>.</summary>
    public string MigrationId(string context, string name) => migrations[context].Migrations.Single(m => m.Name == name).Id;

    /// <summary>A fresh database migrated by the tool's apply (a clone of the context's template), and what apply said.</summary>
    public async Task<(TestDatabase Database, ApplyOutcome Apply)> AppliedAsync(string context)
    {
        var (template, outcome) = await applied.GetOrAdd(context, name => new Lazy<Task<(string, ApplyOutcome)>>(() => BuildAppliedAsync(name))).Value;
        return (await Postgres.CreateDatabaseAsync(template), outcome);
    }

    /// <summary>Runs apply in process, with the test server as the shadow server.</summary>
    public async Task<ApplyOutcome> ApplyAsync(string context, string connectionString)
    {
        var output = new StringWriter();
        var console = new ToolConsole(output, output, color: false);
        int exit;
        try
        {
            exit = await ApplyCommand.RunAsync(
                new ApplySettings
                {
                    Connection = connectionString,
                    Host = new HostOptions { Project = Project, Context = context, NoBuild = true },
                    ShadowServer = Postgres.Server,
                },
                console);
        }
        catch (ToolException ex)
        {
            console.Fail(ex.Message);
            exit = ex.ExitCode;
        }

        return new ApplyOutcome(exit, output.ToString());
    }

    /// <summary>Verifies a database against the context's migrations (one shared verifier per context).</summary>
    public Task<EnvironmentResult> VerifyAsync(string context, TestDatabase database) =>
        verifiers.GetOrAdd(context, name => new Verifier(migrations[name], _ => Task.FromResult(Postgres.Server), Quiet().Events))
            .VerifyAsync(ConnectionResolver.Resolve(database.ConnectionString, new SchemaDriftConfig()));

    /// <summary>Migrates a database with EF Core's own <c>Database.Migrate()</c>, inside the built application.</summary>
    public async Task EfMigrateAsync(string context, TestDatabase database)
    {
        var dll = Path.Combine(Client.StartupProject.TargetDirectory, "Idioms.dll");
        await ChildProcess.RunCheckedAsync(RepositoryRoot, "dotnet", [dll, "migrate", context, database.ConnectionString]);
    }

    public static ToolConsole Quiet() => new(new StringWriter(), new StringWriter(), color: false);

    private async Task<(string, ApplyOutcome)> BuildAppliedAsync(string context)
    {
        ApplyOutcome? outcome = null;
        var template = await Postgres.GetTemplateAsync("idioms-applied-" + context, async connectionString =>
        {
            outcome = await ApplyAsync(context, connectionString);
            Assert.True(outcome.Exit is 0 or 1 or 2, $"apply of {context} failed: {outcome}");
        });
        return (template, outcome ?? throw new InvalidOperationException("the template was built elsewhere"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}
