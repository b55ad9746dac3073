using System.Diagnostics;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Services;

/// <summary>The application, loaded the way <c>dotnet ef</c> loads it (build, then the design-time host), and its migrations.</summary>
/// <param name="LoadTime">How long building and asking the host took.</param>
public sealed record LoadedApplication(HostClient Client, MigrationsInfo Migrations, TimeSpan LoadTime)
{
    private Task<MigrationsInfo>? withDesignerChanges;

    /// <summary>The folder of the project that holds the migrations.</summary>
    public string ProjectDirectory => Client.Project.ProjectDir;

    /// <summary>
    /// The migrations with each one's designer changes (<see cref="MigrationParts.Designer"/>), asked for once, when first
    /// needed (from the host's cache, else the host): <see cref="Migrations"/> when they hold them already.
    /// </summary>
    public Task<MigrationsInfo> WithDesignerChangesAsync(CancellationToken ct) =>
        ((MigrationPartNames.Parse(Migrations.Parts) ?? MigrationParts.None) & MigrationParts.Designer) != 0
            ? Task.FromResult(Migrations)
            : withDesignerChanges ??= Client.GetMigrationsAsync(
                (MigrationPartNames.Parse(Migrations.Parts) ?? MigrationParts.None) | MigrationParts.Designer, Client.Target.Context, ct);

    /// <summary>Builds the application and asks the host for the context's migrations; <paramref name="what"/> says so while it runs.</summary>
    public static async Task<LoadedApplication> LoadAsync(
        HostOptions options, SchemaDriftConfig config, IProgress<ToolEvent> events, CancellationToken ct, string what = "loading the application (build and design-time host)")
    {
        events.Progress(what);
        var clock = Stopwatch.StartNew();
        var client = await HostClient.CreateAsync(options, config, events, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(client.Target.Context, ct).ConfigureAwait(false);
        events.Detail(FormattableString.Invariant($"timing: host load {clock.Elapsed.TotalMilliseconds:F0} ms ({migrations.Migrations.Count} migrations)"));
        return new LoadedApplication(client, migrations, clock.Elapsed);
    }
}
