using System.Text.Json;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// Loads the application's DbContext the way <c>dotnet ef</c> does and asks the design-time host about it.
/// <see cref="CreateAsync"/> resolves the projects, reads their facts from MSBuild and builds the startup project
/// (unless --no-build); each request then launches the host once. Unless <see cref="HostOptions.NoCache"/>, the
/// answer to <c>migrations</c> and, with --no-build, the project facts come from the project's
/// <see cref="HostCache"/> when the build they were made from is unchanged: no host and no MSBuild is started.
/// </summary>
public sealed class HostClient
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly HostLauncher _launcher;
    private readonly HostCache? _cache;
    private readonly IProgress<ToolEvent> _events;
    private readonly bool _migrationsOnly;

    private HostClient(
        DesignTarget target, ProjectFacts project, ProjectFacts startupProject, HostLauncher launcher, HostCache? cache, IProgress<ToolEvent> events, bool migrationsOnly)
    {
        Target = target;
        Project = project;
        StartupProject = startupProject;
        _launcher = launcher;
        _cache = cache;
        _events = events;
        _migrationsOnly = migrationsOnly;
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
        return new HostClient(target, project, startup, launcher, cache, events, options.MigrationsOnly);
    }

    /// <summary>The DbContext types the application offers at design time.</summary>
    public async Task<IReadOnlyList<ContextInfo>> GetContextsAsync(CancellationToken cancellationToken = default)
    {
        var result = await _launcher.RequestAsync(HostProtocol.Contexts, context: null, cancellationToken);
        return Read<ContextsInfo>(result, HostProtocol.Contexts).Contexts ?? [];
    }

    /// <summary>One context's migrations, history table, create script and pending model changes (only the migrations
    /// and the history table, <see cref="MigrationsInfo.Complete"/> false, for <see cref="HostOptions.MigrationsOnly"/>);
    /// <paramref name="context"/> defaults to --context / schemadrift.json, then to the only context.</summary>
    public async Task<MigrationsInfo> GetMigrationsAsync(string? context = null, CancellationToken cancellationToken = default)
    {
        // A complete answer serves a partial request: it is looked up too, after the partial one. A complete one is
        // asked with the cache's folder, where the host keeps each migration's designer changes across builds.
        IReadOnlyList<string> complete = _cache is null ? [] : [HostProtocol.CacheDirectory, _cache.Directory];
        IReadOnlyList<string>[] variants = _migrationsOnly ? [[HostProtocol.MigrationsOnly], complete] : [complete];
        var result = await RequestAsync(HostProtocol.Migrations, context ?? Target.Context, variants, cancellationToken);
        var info = Read<MigrationsInfo>(result, HostProtocol.Migrations);
        if (info.Context is null || info.Migrations is null || info.HistoryTable is null || info.PendingModelChanges is null || info.CreateScript is null
            || (!info.Complete && !_migrationsOnly))
        {
            throw ToolException.Environment("The design-time host's answer to 'migrations' is incomplete. Reinstall the tool.");
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
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(request, JsonOptions), cancellationToken);
        try
        {
            var result = await _launcher.RequestAsync(HostProtocol.Scaffold, context ?? Target.Context, cancellationToken, ["--input", input]);
            return Read<ScaffoldInfo>(result, HostProtocol.Scaffold);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>
    /// The host's answer to <paramref name="request"/> with the arguments <paramref name="variants"/>[0]: from the cache
    /// when one was kept for this very build (see <see cref="AnswerKey"/>) for any of the variants (the others are
    /// requests whose answers serve this one too), without starting the host; otherwise from the host, then kept. The
    /// key is computed again after the host ran: an answer is kept only when the build did not change meanwhile.
    /// </summary>
    private async Task<JsonElement> RequestAsync(string request, string? context, IReadOnlyList<string>[] variants, CancellationToken cancellationToken)
    {
        var asked = _cache is null ? null : TryKey(request, context, variants[0]);
        foreach (var arguments in asked is null ? [] : variants)
        {
            var key = ReferenceEquals(arguments, variants[0]) ? asked : TryKey(request, context, arguments);
            if (key is not null && _cache!.TryLoadAnswer(request, key) is { } cached)
            {
                _events.Detail($"host not started: the answer to '{request}' for this build is cached ({_cache.PathOf("answer-" + request, key)})");
                return cached;
            }
        }

        var result = await _launcher.RequestAsync(request, context, cancellationToken, variants[0]);
        if (asked is not null && TryKey(request, context, variants[0]) == asked)
        {
            _cache!.TrySaveAnswer(request, asked, result);
        }

        return result;
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

    private static T Read<T>(JsonElement result, string request)
    {
        try
        {
            return result.Deserialize<T>(JsonOptions)
                ?? throw ToolException.Environment($"The design-time host answered '{request}' with nothing. Reinstall the tool.");
        }
        catch (JsonException ex)
        {
            throw ToolException.Environment($"The design-time host's answer to '{request}' is malformed ({ex.Message}). Reinstall the tool.", ex);
        }
    }
}
