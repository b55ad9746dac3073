using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Host.Tests;

/// <summary>Builds tests/Host.TestApps/Hosted once: a DbContext and its migrations in a class library (Hosted.Data),
/// registered by a generic-host application (Hosted.App, the startup project) that writes to the console (including
/// a fake answer) while it starts; both on EF Core 10.0.11.</summary>
public sealed class HostedAppFixture : IAsyncLifetime
{
    public HostClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Hosted(TestApps.Console(), noBuild: false);

    public static Task<HostClient> Hosted(ToolConsole console, bool noBuild, bool noCache = false) =>
        TestApps.ClientAsync(TestApps.HostedData, console, noBuild, startupProject: TestApps.HostedApp, noCache: noCache);

    public Task DisposeAsync() => Task.CompletedTask;
}

public class HostedAppTests(HostedAppFixture app) : IClassFixture<HostedAppFixture>
{
    [Fact]
    public async Task Finds_a_context_registered_in_the_applications_service_provider()
    {
        var contexts = await app.Client.GetContextsAsync();

        Assert.Equal([new ContextInfo("NotesContext", "Hosted.Data.NotesContext")], contexts);
    }

    [Fact]
    public async Task Reads_migrations_from_the_contexts_project_on_the_applications_own_EF_Core()
    {
        var migrations = await app.Client.GetMigrationsAsync();

        Assert.Equal("10.0.11", migrations.EfCoreVersion);
        Assert.Equal("Hosted.Data", migrations.MigrationsAssembly);
        Assert.Equal(["CreateNotes"], migrations.Migrations.Select(m => m.Name));
        Assert.Contains(migrations.Migrations[0].Commands, c => c.Sql.StartsWith("CREATE TABLE \"Notes\"", StringComparison.Ordinal));
        Assert.False(migrations.PendingModelChanges.HasChanges);
    }

    [Fact]
    public async Task The_applications_console_output_goes_to_stderr_shown_only_with_verbose()
    {
        var quiet = TestApps.Console();
        var verbose = TestApps.Console(verbose: true);

        // Without the cache: the host must run to show anything.
        await (await HostedAppFixture.Hosted(quiet, noBuild: true, noCache: true)).GetMigrationsAsync();
        await (await HostedAppFixture.Hosted(verbose, noBuild: true, noCache: true)).GetMigrationsAsync();

        Assert.Equal(string.Empty, quiet.Out.ToString());
        Assert.DoesNotContain("NotesContext created", quiet.Error.ToString());
        var shown = verbose.Error.ToString();
        Assert.Equal(string.Empty, verbose.Out.ToString());
        Assert.Contains("host: Hosted test application starting", shown);
        Assert.Contains("host: {\"version\":1,\"result\":{\"contexts\":[]}}", shown);
        Assert.Contains("host: NotesContext created", shown);
        Assert.Contains("Using EF Core 10.0.11", shown);
    }
}
