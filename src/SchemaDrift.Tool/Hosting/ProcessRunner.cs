using System.Diagnostics;
using System.Text;

namespace SchemaDrift.Tool.Hosting;

/// <summary>What a child process printed and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, bool TimedOut, TimeSpan Elapsed);

/// <summary>Runs the tool's child processes with a time limit: <c>dotnet</c> (msbuild, build, exec) and the PostgreSQL
/// client programs (pg_dump, pg_restore).</summary>
public static class ProcessRunner
{
    /// <summary>The dotnet muxer: the one the SDK names (DOTNET_HOST_PATH), the one running this tool, the one under
    /// DOTNET_ROOT, else dotnet from PATH.</summary>
    public static string DotNet { get; } = FindDotNet();

    private static string FindDotNet()
    {
        var fileName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string?[] candidates =
        [
            System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Path.GetFileName(System.Environment.ProcessPath) == fileName ? System.Environment.ProcessPath : null,
            System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, fileName) : null,
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c)) ?? "dotnet";
    }

    /// <summary>Runs the command; on timeout the process tree is killed and <see cref="ProcessResult.TimedOut"/> set.
    /// <paramref name="onErrorLine"/> sees each stderr line as it arrives (for --verbose). <paramref name="environment"/>
    /// sets variables of the child (a null value removes one it would inherit): how settings such as a password file
    /// reach a program without appearing on its command line.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        Action<string>? onErrorLine = null,
        CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            var hint = fileName == DotNet ? " Make sure the .NET SDK is installed and on PATH." : string.Empty;
            throw ToolException.Environment($"Could not start '{fileName}': {ex.Message}.{hint}", ex);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = ReadLinesAsync(process.StandardError, onErrorLine);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new ProcessResult(process.ExitCode, await output, await error, timedOut, stopwatch.Elapsed);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        var all = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            all.Append(line).Append('\n');
            onLine?.Invoke(line);
        }

        return all.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }

    /// <summary>Shows a command line the way a user would type it (for --verbose and error messages).</summary>
    public static string Display(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) || a.Contains('"') ? $"\"{a.Replace("\"", "\\\"")}\"" : a));
}
