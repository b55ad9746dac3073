using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>The code's migrations locked (<see cref="Current"/>), and the lock file against them (or, updated, written).</summary>
/// <param name="Updated">The lock file was written from the code.</param>
public sealed record ChecksumsReport(MigrationsLock Current, LockFileResult LockFile, bool Updated);

/// <summary><c>checksums</c>: checks the migrations lock file beside the migrations against the code, or writes it.</summary>
public static class ChecksumsService
{
    public static async Task<ChecksumsReport> RunAsync(HostOptions host, SchemaDriftConfig config, bool update, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var application = await LoadedApplication.LoadAsync(host with { Parts = MigrationParts.None }, config, events, ct, "loading the application's migrations").ConfigureAwait(false);
        return Run(application.ProjectDirectory, application.Migrations.Migrations, update);
    }

    /// <summary>Checks or writes the lock for already loaded migrations.</summary>
    public static ChecksumsReport Run(string projectDirectory, IReadOnlyList<Protocol.MigrationInfo> migrations, bool update)
    {
        var path = MigrationsLock.Locate(projectDirectory, migrations);
        var current = MigrationsLock.FromCode(migrations);
        if (update)
        {
            File.WriteAllText(path, current.Format());
            return new ChecksumsReport(current, new LockFileResult(path, Exists: true, []), Updated: true);
        }

        return new ChecksumsReport(current, LockFileCheck.Check(path, current), Updated: false);
    }
}
