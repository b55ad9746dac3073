using System.Runtime.InteropServices;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Tool.Hosting;

/// <summary>Runs <c>dotnet</c> (msbuild, build, exec) as a child process, through the one process runner, with a time limit.</summary>
public static class DotNet
{
    /// <summary>The dotnet muxer: the one the SDK names (DOTNET_HOST_PATH), the one running this tool, the one under
    /// DOTNET_ROOT, else dotnet from PATH.</summary>
    public static string Path { get; } = Find();

    /// <summary>
    /// The .NET installation <see cref="Path"/> belongs to (the folder with its <c>sdk</c> and <c>shared</c> folders),
    /// where the host and MSBuild find their runtimes and SDKs; null when it cannot be told. Not the runtime running
    /// this tool: a tool package for one platform carries a runtime of its own.
    /// </summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; on timeout the
    /// process tree is killed and <see cref="ProcessResult.TimedOut"/> set. <paramref name="onErrorLine"/> sees each
    /// stderr line as it arrives.</summary>
    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, Action<string>? onErrorLine = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ProcessRunner.RunAsync(
                Path, arguments, workingDirectory, timeout, new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, onErrorLine, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            throw ToolException.Environment($"Could not start '{Path}': {ex.InnerException!.Message}. Make sure the .NET SDK is installed and on PATH.", ex);
        }
    }

    /// <summary>The command line of <c>dotnet</c> with <paramref name="arguments"/>, the way a user would type it.</summary>
    public static string Display(IEnumerable<string> arguments) => ProcessRunner.Display(Path, arguments);

    private static string Find()
    {
        var fileName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            System.IO.Path.GetFileName(Environment.ProcessPath) == fileName ? Environment.ProcessPath : null,
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? System.IO.Path.Combine(root, fileName) : null,
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c)) ?? "dotnet";
    }

    private static string? FindRoot()
    {
        var muxer = System.IO.Path.IsPathRooted(Path)
            ? Path
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => System.IO.Path.Combine(folder, Path))
                .FirstOrDefault(File.Exists);
        if (muxer is not null)
        {
            // /usr/bin/dotnet is often a link to /usr/share/dotnet/dotnet.
            var file = new FileInfo(muxer);
            return (file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file).DirectoryName;
        }

        // The runtime running this tool, when it is a shared one: dotnet/shared/Microsoft.NETCore.App/10.0.x/. A native
        // or self-contained tool's runtime is in the tool's own folder, which is not under one.
        var shared = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory()).Parent?.Parent;
        return shared?.Name == "shared" ? shared.Parent?.FullName : null;
    }
}
