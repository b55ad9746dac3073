using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// Loads the application's DbContext the way <c>dotnet ef</c> does and asks the design-time host about it.
/// <see cref="CreateAsync"/> resolves the projects, reads their facts from MSBuild and builds the startup project
/// (unless --no-build); each request then launches the host once. Unless <see cref="HostOptions.NoCache"/>, the
/// answer to <c>migrations</c> and, with --no-build, the project facts come from the project's
/// <see cref="HostCache"/> when the build they were made from is unchanged and the answer holds the parts the command
/// needs (<see cref="HostOptions.Parts"/>): no host and no MSBuild is started.
/// </summary>
public sealed class HostClient
{
    private readonly HostLauncher _launcher;
    private readonly HostCache? _cache;
    private readonly IProgress<ToolEvent> _events;
    private readonly MigrationParts _parts;

    private HostClient(
        DesignTarget target, ProjectFacts project, ProjectFacts startupProject, HostLauncher launcher, HostCache? cache, IProgress<ToolEvent> events, MigrationParts parts)
    {
        Target = target;
        Project = project;
        StartupProject = startupProject;
        _launcher = launcher;
        _cache = cache;
        _events = events;
        _parts = parts;
    }

    public DesignTarget Target { get; }

    public ProjectFacts Project { get; }

    public ProjectFacts StartupProject { get; }

    public string HostPath => _launcher.HostPath;

    public static async Task<HostClient> CreateAsync(
        HostOptions options,
        SchemaDriftConfig config,
        IProgress<ToolEvent> events,
        string? currentDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var target = ProjectLocator.Resolve(options, config, currentDirectory ?? Directory.GetCurrentDirectory());
        var hostPath = HostLauncher.FindHost(options.HostPath);
        events.Detail($"project: {target.ProjectFile}");
        events.Detail($"startup project: {target.StartupProjectFile}");

        var cache = options.NoCache ? null : HostCache.ForProject(target.ProjectFile);
        var cached = options.NoBuild ? CachedFacts(cache, target, events) : null;
        var (startup, project) = cached ?? await ReadFactsAsync(target, cancellationToken);
        startup.EnsureDesignReferenced();

        if (!options.NoBuild)
        {
            await ProjectBuilder.BuildAsync(target.StartupProjectFile, target.Configuration, target.Framework, events, options.BuildTimeout, cancellationToken);
        }

        if (cached is null)
        {
            // Stamped after the build, whose restore may have rewritten what the facts are read from.
            cache?.TrySaveFacts(FactsFingerprint.Key(target), FactsFingerprint.Compute(target), startup, project);
        }

        EnsureBuilt(startup, options.NoBuild);
        var projectAssembly = Path.Combine(startup.TargetDirectory, Path.GetFileName(project.TargetPath));
        if (!File.Exists(projectAssembly))
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(projectAssembly)} is not in the startup project's output ({startup.TargetDirectory}). " +
                $"Make {startup.Name} reference {project.Name}, or pass --startup-project with a project that does.");
        }

        var launcher = new HostLauncher(project, startup, hostPath, events, options.HostTimeout, options.ApplicationArguments, options.Verbose);
        return new HostClient(target, project, startup, launcher, cache, events, options.Parts);
    }

    /// <summary>The DbContext types the application offers at design time.</summary>
    public async Task<IReadOnlyList<ContextInfo>> GetContextsAsync(CancellationToken cancellationToken = default)
    {
        var result = await _launcher.RequestAsync(HostProtocol.Contexts, context: null, cancellationToken);
        return Read(result, HostJsonContext.Default.ContextsInfo, HostProtocol.Contexts).Contexts ?? [];
    }

    /// <summary>One context's migrations and history table with the parts of <see cref="HostOptions.Parts"/> (and
    /// perhaps more: a cached answer holding more serves too); <paramref name="context"/> defaults to --context /
    /// schemadrift.json, then to the only context.</summary>
    public Task<MigrationsInfo> GetMigrationsAsync(string? context = null, CancellationToken cancellationToken = default) =>
        GetMigrationsAsync(_parts, context, cancellationToken);

    /// <summary>One context's migrations and history table with <paramref name="parts"/> (and perhaps more).</summary>
    public async Task<MigrationsInfo> GetMigrationsAsync(MigrationParts parts, string? context, CancellationToken cancellationToken = default)
    {
        context ??= Target.Context;

        // The key names the build and the request, not the parts: the answer says which it holds. The host is given the
        // cache's folder, where it keeps each migration's designer changes across builds.
        IReadOnlyList<string> arguments = _cache is null ? [] : [HostProtocol.CacheDirectory, _cache.Directory];
        var key = _cache is null ? null : TryKey(HostProtocol.Migrations, context, arguments);
        var asked = parts;
        if (key is not null && _cache!.TryLoadAnswer(HostProtocol.Migrations, key) is { } cached)
        {
            var path = _cache.PathOf("answer-" + HostProtocol.Migrations, key);
            if (TryRead(cached) is { } stored)
            {
                var held = MigrationPartNames.Parse(stored.Parts) ?? MigrationParts.None;
                if ((held & parts) == parts)
                {
                    _events.Detail($"host not started: the answer to '{HostProtocol.Migrations}' for this build is cached ({path})");
                    return stored;
                }

                // Asked with the parts it holds too, so that commands taking turns keep being served.
                asked |= held;
                _events.Detail($"host cache: the answer cached for this build holds {MigrationPartNames.Format(held)}, not {MigrationPartNames.Format(parts & ~held)}");
            }
        }

        var result = await _launcher.RequestAsync(
            HostProtocol.Migrations, context, cancellationToken, [.. arguments, HostProtocol.Parts, MigrationPartNames.Format(asked)]);
        var info = TryRead(result);
        if (info is null || ((MigrationPartNames.Parse(info.Parts) ?? MigrationParts.None) & asked) != asked)
        {
            throw ToolException.Environment("The design-time host's answer to 'migrations' is incomplete. Reinstall the tool.");
        }

        // Kept only when the build did not change while the host ran.
        if (key is not null && TryKey(HostProtocol.Migrations, context, arguments) == key)
        {
            _cache!.TrySaveAnswer(HostProtocol.Migrations, key, result);
        }

        return info;
    }

    /// <summary>
    /// Writes a migration with EF Core's code generator in the application (see the host's <c>scaffold</c>): the model
    /// changes no migration captures (<see cref="ScaffoldRequest.Model"/>), or a migration whose Up runs SQL.
    /// </summary>
    public async Task<ScaffoldInfo> ScaffoldAsync(ScaffoldRequest request, string? context = null, CancellationToken cancellationToken = default)
    {
        var input = Path.Combine(Path.GetTempPath(), $"schemadrift-scaffold-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(request, HostJsonContext.Default.ScaffoldRequest), cancellationToken);
        try
        {
            var result = await _launcher.RequestAsync(HostProtocol.Scaffold, context ?? Target.Context, cancellationToken, ["--input", input]);
            return Read(result, HostJsonContext.Default.ScaffoldInfo, HostProtocol.Scaffold);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private string? TryKey(string request, string? context, IReadOnlyList<string> arguments)
    {
        try
        {
            return AnswerKey.For(_launcher.Arguments(request, context, arguments), StartupProject, HostPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _events.Detail($"host cache not used: {ex.Message}");
            return null;
        }
    }

    private static (ProjectFacts Startup, ProjectFacts Project)? CachedFacts(HostCache? cache, DesignTarget target, IProgress<ToolEvent> events)
    {
        if (cache?.TryLoadFacts(FactsFingerprint.Key(target), FactsFingerprint.Compute(target)) is not { } facts)
        {
            return null;
        }

        events.Detail($"MSBuild not run: the project facts of {Path.GetFileName(target.StartupProjectFile)} are cached and its project files unchanged");
        return facts;
    }

    private static async Task<(ProjectFacts Startup, ProjectFacts Project)> ReadFactsAsync(DesignTarget target, CancellationToken cancellationToken)
    {
        var factsTimeout = TimeSpan.FromMinutes(2);
        var startup = await ProjectFacts.ReadAsync(target.StartupProjectFile, target.Configuration, target.Framework, factsTimeout, cancellationToken);
        var project = target.ProjectFile == target.StartupProjectFile
            ? startup
            : await ProjectFacts.ReadAsync(
                target.ProjectFile, target.Configuration, target.Framework ?? startup.TargetFramework, factsTimeout, cancellationToken, frameworkMustMatch: false);
        return (startup, project);
    }

    private static void EnsureBuilt(ProjectFacts startup, bool noBuild)
    {
        if (File.Exists(startup.TargetPath) && File.Exists(startup.DepsFile))
        {
            return;
        }

        var missing = File.Exists(startup.TargetPath) ? startup.DepsFile : startup.TargetPath;
        throw noBuild
            ? ToolException.Usage($"{startup.Name} is not built ({missing} is missing). Run without --no-build, or build it first (dotnet build {startup.ProjectFile}).")
            : ToolException.Environment($"{startup.Name} was built but {missing} is missing. Check the project's output settings.");
    }

    /// <summary>An answer to <c>migrations</c> with every member every answer has; null when it is not one.</summary>
    private static MigrationsInfo? TryRead(JsonElement result)
    {
        try
        {
            return result.Deserialize(HostJsonContext.Default.MigrationsInfo) is { Context: not null, Migrations: not null, HistoryTable: not null, PendingModelChanges: not null, CreateScript: not null } info
                ? info
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T Read<T>(JsonElement result, JsonTypeInfo<T> type, string request)
    {
        try
        {
            return result.Deserialize(type)
                ?? throw ToolException.Environment($"The design-time host answered '{request}' with nothing. Reinstall the tool.");
        }
        catch (JsonException ex)
        {
            throw ToolException.Environment($"The design-time host's answer to '{request}' is malformed ({ex.Message}). Reinstall the tool.", ex);
        }
    }
}
