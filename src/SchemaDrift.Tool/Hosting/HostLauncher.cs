using System.Text.Json;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// Launches the design-time host inside the startup project's dependency context, as <c>dotnet ef</c> launches
/// <c>ef.dll</c>: <c>dotnet exec --depsfile app.deps.json --runtimeconfig app.runtimeconfig.json
/// --additionalprobingpath NUGET_FOLDER... host/schemadrift-host.dll REQUEST ...</c>, in the startup project's folder.
/// Its stdout is the one JSON answer (the contract is <see cref="HostProtocol"/>, one file compiled into the host and
/// the tool); its stderr (the application's console output, EF's messages) is shown with --verbose and otherwise kept
/// for error messages.
/// </summary>
public sealed class HostLauncher(
    ProjectFacts project, ProjectFacts startupProject, string hostPath, IProgress<ToolEvent> events, TimeSpan timeout, IReadOnlyList<string> applicationArguments, bool verbose)
{
    public string HostPath { get; } = hostPath;

    /// <summary>The host shipped beside the tool: <c>host/schemadrift-host.dll</c> under the tool's folder (the package's
    /// tools/net10.0/any/, or the build output, where the build copies it).</summary>
    public static string FindHost(string? explicitPath = null)
    {
        var path = Path.GetFullPath(explicitPath ?? Path.Combine(AppContext.BaseDirectory, HostProtocol.HostFolder, HostProtocol.HostFileName));
        return File.Exists(path)
            ? path
            : throw ToolException.Environment($"The design-time host is missing ({path}). Reinstall the tool (or rebuild it from source).");
    }

    /// <summary>The arguments after <c>dotnet</c> for one request.</summary>
    public IReadOnlyList<string> Arguments(string request, string? context, IReadOnlyList<string>? requestArguments = null)
    {
        List<string> arguments = ["exec", "--depsfile", startupProject.DepsFile];

        // A startup project without runtimeconfig.json (a class library) runs on the host's own, which names .NET 10.
        if (File.Exists(startupProject.RuntimeConfigFile))
        {
            arguments.AddRange(["--runtimeconfig", startupProject.RuntimeConfigFile]);
        }

        foreach (var folder in PackageFolders())
        {
            arguments.AddRange(["--additionalprobingpath", folder]);
        }

        arguments.AddRange(
        [
            HostPath,
            request,
            "--assembly", Path.Combine(startupProject.TargetDirectory, Path.GetFileName(project.TargetPath)),
            "--startup-assembly", startupProject.TargetPath,
            "--project", project.ProjectFile,
            "--project-dir", project.ProjectDir,
            "--root-namespace", project.RootNamespace.Length > 0 ? project.RootNamespace : project.AssemblyName,
        ]);
        if (context is not null)
        {
            arguments.AddRange(["--context", context]);
        }

        arguments.AddRange(requestArguments ?? []);
        if (verbose)
        {
            arguments.Add("--verbose");
        }

        if (applicationArguments.Count > 0)
        {
            arguments.Add("--");
            arguments.AddRange(applicationArguments);
        }

        return arguments;
    }

    /// <summary>Runs one request and returns its <c>result</c>; a host error becomes a <see cref="ToolException"/>.</summary>
    public async Task<JsonElement> RequestAsync(string request, string? context, CancellationToken cancellationToken = default, IReadOnlyList<string>? requestArguments = null)
    {
        var arguments = Arguments(request, context, requestArguments);
        events.Detail(DotNet.Display(arguments));
        var result = await DotNet.RunAsync(arguments, startupProject.ProjectDir, timeout, line => events.Detail("host: " + line), cancellationToken);
        events.Detail($"host answered '{request}' in {result.Elapsed.TotalSeconds:0.0} s (exit code {result.ExitCode})");

        if (result.TimedOut)
        {
            throw ToolException.Environment(
                $"Loading the DbContext from {startupProject.Name} took longer than {timeout.TotalSeconds:0} s and was stopped. " +
                "Check that the application's startup (host builder, design-time factory) does not wait for anything; see --verbose." +
                Tail(result.Error));
        }

        var answer = ParseAnswer(result.Output)
            ?? throw ToolException.Environment(
                $"The design-time host gave no answer (exit code {result.ExitCode}) while loading {startupProject.Name}." + Tail(result.Error));
        return Unwrap(answer);
    }

    /// <summary>The last JSON object on stdout; anything before it was written by the application around the host.</summary>
    public static JsonElement? ParseAnswer(string output)
    {
        foreach (var candidate in new[] { output.Trim() }.Concat(output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Reverse()))
        {
            if (!candidate.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(candidate);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out _))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Not the answer; try the previous line.
            }
        }

        return null;
    }

    /// <summary>Checks the protocol version, turns an <c>error</c> into a <see cref="ToolException"/>, returns <c>result</c>.</summary>
    public static JsonElement Unwrap(JsonElement answer)
    {
        var version = answer.GetProperty("version").GetInt32();
        if (version != HostProtocol.Version)
        {
            throw ToolException.Environment(
                $"The design-time host answered with protocol version {version}; this tool speaks {HostProtocol.Version}. Reinstall the tool.");
        }

        if (answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var type = error.TryGetProperty("type", out var t) ? t.GetString() ?? "Internal" : "Internal";
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            var details = error.TryGetProperty("details", out var d) ? d.GetString() : null;
            throw ToException(type, message, details);
        }

        return answer.TryGetProperty("result", out var result)
            ? result
            : throw ToolException.Environment("The design-time host's answer has neither a result nor an error. Reinstall the tool.");
    }

    /// <summary>Host errors the user fixes with an option or a project change are usage errors (exit code 3); the
    /// application failing, or the host itself, is an environment error (exit code 4).</summary>
    public static ToolException ToException(string type, string message, string? details = null)
    {
        var inner = details is null ? null : new HostFailure(type, details);
        var known = Enum.GetValues<HostErrorType>().FirstOrDefault(t => t.ToString() == type, HostErrorType.Internal);
        return known switch
        {
            HostErrorType.NoContext or HostErrorType.AmbiguousContext or HostErrorType.ContextNotFound or HostErrorType.NotNpgsql
                or HostErrorType.DesignNotReferenced or HostErrorType.AssemblyNotLoaded or HostErrorType.DuplicateMigrationName
                => new ToolException(ExitCodes.Usage, message, inner),
            HostErrorType.ContextCreationFailed => new ToolException(ExitCodes.Environment, message, inner),
            _ => new ToolException(
                ExitCodes.Environment,
                $"The design-time host failed ({type}): {message} Run again with --verbose for details, and report it if it persists.",
                inner),
        };
    }

    private IEnumerable<string> PackageFolders()
    {
        var folders = new List<string>();
        var global = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        folders.Add(string.IsNullOrEmpty(global)
            ? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : global);
        folders.AddRange(startupProject.NuGetPackageFolders);
        folders.AddRange(AssetsPackageFolders(startupProject.AssetsFile));
        return folders
            .Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)))
            .Where(Directory.Exists)
            .Distinct(StringComparer.Ordinal);
    }

    // The restore's own record of the package folders, as dotnet ef reads them (fresher than an evaluation made
    // before the first restore).
    private static IEnumerable<string> AssetsPackageFolders(string? assetsFile)
    {
        if (assetsFile is null || !File.Exists(assetsFile))
        {
            return [];
        }

        try
        {
            using var stream = File.OpenRead(assetsFile);
            using var assets = JsonDocument.Parse(stream);
            return assets.RootElement.TryGetProperty("packageFolders", out var folders)
                ? [.. folders.EnumerateObject().Select(f => f.Name)]
                : [];
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return [];
        }
    }

    private static string Tail(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5).ToList();
        return lines.Count == 0 ? string.Empty : System.Environment.NewLine + "  " + string.Join(System.Environment.NewLine + "  ", lines);
    }
}

/// <summary>What the host reported about a failure (its stack trace, with --verbose); shown as the inner exception.</summary>
public sealed class HostFailure(string type, string details) : Exception($"{type}: {details}")
{
    public string Type { get; } = type;

    public override string ToString() => Message;
}
