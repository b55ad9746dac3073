using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Apply.Tests;

[CollectionDefinition(Name)]
public sealed class ApplyCollection : ICollectionFixture<ApplyFixture>
{
    public const string Name = "apply";
}

/// <summary>What a run of the tool printed and returned.</summary>
public sealed record ToolRun(int Exit, string Out, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {Exit} after {Elapsed.TotalSeconds:0.0} s\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>
/// The test applications built and loaded once (ShopApp's 7 migrations, ApplyApp's 4, RollbackApp's 6, ModelApp's NotesContext), the shared PostgreSQL server,
/// and two ways to run the tool: in process (ApplyCommand and friends) and as a child process of the built
/// dotnet-schemadrift.dll, as a pipeline runs it.
/// </summary>
public sealed class ApplyFixture : IAsyncLifetime
{
    public PostgresFixture Postgres { get; } = new();

    public MigrationsInfo Shop { get; private set; } = null!;

    public MigrationsInfo Ledger { get; private set; } = null!;

    /// <summary>ModelApp's NotesContext: one migration, and a model change no migration captures.</summary>
    public MigrationsInfo Notes { get; private set; } = null!;

    /// <summary>RollbackApp's StockContext: a Down that throws, an empty Down, and a Down that fails on duplicates.</summary>
    public MigrationsInfo Stock { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ShopProject => Path.Combine(RepositoryRoot, "samples", "ShopApp", "ShopApp.csproj");

    public static string LedgerProject => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "ApplyApp", "ApplyApp.csproj");

    public static string ModelProject => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "ModelApp", "ModelApp.csproj");

    public static string StockProject => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "RollbackApp", "RollbackApp.csproj");

    /// <summary>The tool as built beside this test project (same configuration).</summary>
    public static string ToolDll { get; } = Path.Combine(
        RepositoryRoot, "src", "SchemaDrift.Tool", "bin",
        typeof(ApplyFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0", "dotnet-schemadrift.dll");

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var console = new ToolConsole(new StringWriter(), new StringWriter(), color: false);
        var config = new SchemaDriftConfig { Directory = RepositoryRoot };
        Shop = await (await HostClient.CreateAsync(new HostOptions { Project = ShopProject }, config, console.Events, RepositoryRoot)).GetMigrationsAsync();
        Ledger = await (await HostClient.CreateAsync(new HostOptions { Project = LedgerProject }, config, console.Events, RepositoryRoot)).GetMigrationsAsync();
        Notes = await (await HostClient.CreateAsync(new HostOptions { Project = ModelProject, Context = "NotesContext" }, config, console.Events, RepositoryRoot)).GetMigrationsAsync("NotesContext");
        Stock = await (await HostClient.CreateAsync(new HostOptions { Project = StockProject }, config, console.Events, RepositoryRoot)).GetMigrationsAsync();
        Assert.True(File.Exists(ToolDll), $"{ToolDll} is missing: build src/SchemaDrift.Tool first.");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public string LedgerId(int index) => Ledger.Migrations[index].Id;

    /// <summary>Runs apply in process against the shared server (as the shadow server too); the settings' project defaults to ApplyApp.</summary>
    public async Task<ToolRun> ApplyAsync(ApplySettings settings)
    {
        var (console, output, error) = Console();
        var clock = Stopwatch.StartNew();
        int exit;
        try
        {
            exit = await ApplyCommand.RunAsync(settings with
            {
                Host = settings.Host.Project is null ? new HostOptions { Project = LedgerProject, NoBuild = true } : settings.Host,
                ShadowServer = Postgres.Server,
                RetryDelay = TimeSpan.FromMilliseconds(300),
            }, console);
        }
        catch (ToolException ex)
        {
            console.Fail(ex.Message);
            exit = ex.ExitCode;
        }

        return new ToolRun(exit, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>Runs rollback in process against the shared server (as the shadow server too); the settings' project defaults to ApplyApp.</summary>
    public async Task<ToolRun> RollbackAsync(RollbackSettings settings)
    {
        var (console, output, error) = Console();
        var clock = Stopwatch.StartNew();
        int exit;
        try
        {
            exit = await RollbackCommand.RunAsync(settings with
            {
                Host = settings.Host.Project is null ? new HostOptions { Project = LedgerProject, NoBuild = true } : settings.Host,
                ShadowServer = Postgres.Server,
                RetryDelay = TimeSpan.FromMilliseconds(300),
            }, console);
        }
        catch (ToolException ex)
        {
            console.Fail(ex.Message);
            exit = ex.ExitCode;
        }

        return new ToolRun(exit, output.ToString(), error.ToString(), clock.Elapsed);
    }

    public static (ToolConsole Console, StringWriter Out, StringWriter Error) Console()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new ToolConsole(output, error, color: false) { Verbose = true }, output, error);
    }

    /// <summary>Starts the built tool as a child process (the shared server serves its shadow databases).</summary>
    public Process Start(IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SCHEMADRIFT_TEST_POSTGRES"] = Postgres.Server.AdminConnectionString;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs the built tool to completion (at most <paramref name="timeout"/>, default 3 minutes).</summary>
    public async Task<ToolRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        using var process = Start(args, environment: environment);
        return await CompleteAsync(process, clock, timeout);
    }

    public static async Task<ToolRun> CompleteAsync(Process process, Stopwatch clock, TimeSpan? timeout = null)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the tool did not finish within {(timeout ?? TimeSpan.FromMinutes(3)).TotalSeconds} s: {await stderr}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>Writes schemadrift.json into <paramref name="folder"/> with ApplyApp and the given environments.</summary>
    public static string WriteConfig(string folder, object environments, string? project = null)
    {
        var path = Path.Combine(folder, SchemaDriftConfig.FileName);
        File.WriteAllText(path, JsonSerializer.Serialize(new { project = project ?? LedgerProject, environments }));
        return path;
    }

    /// <summary>A connection string whose sessions make ApplyApp's AddRegion migration sleep for <paramref name="seconds"/>.</summary>
    public static string Sleepy(string connectionString, double seconds) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Options = FormattableString.Invariant($"-c applyapp.sleep={seconds}") }.ConnectionString;

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

/// <summary>Reads what a run left in a database.</summary>
public static class Ledger
{
    public static async Task<List<string>> HistoryAsync(TestDatabase database, string schema = "ledger")
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT \"MigrationId\" FROM \"{schema}\".\"__EFMigrationsHistory\" WHERE to_regclass('\"{schema}\".\"__EFMigrationsHistory\"') IS NOT NULL ORDER BY 1", connection);
        try
        {
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
    }

    public static async Task<List<AuditRecord>> AuditAsync(TestDatabase database, string schema = "ledger")
    {
        await using var connection = await database.OpenAsync();
        return [.. (await AuditTrail.ReadAsync(connection, schema, 1000, CancellationToken.None) ?? []).Reverse()];
    }

    public static async Task<bool> ColumnExistsAsync(TestDatabase database, string table, string column) =>
        await database.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'ledger' AND table_name = '{table}' AND column_name = '{column}')");

    /// <summary>Sessions holding any advisory lock in the database.</summary>
    public static async Task<long> AdvisoryLocksAsync(TestDatabase database) =>
        await database.ScalarAsync<long>($"SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '{database.Name}'");
}
