using System.Diagnostics;
using System.Text;

namespace SchemaDrift.Provisioning;

/// <summary>What a child process printed and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, bool TimedOut, TimeSpan Elapsed);

/// <summary>The child process could not be started at all (the program is missing, or not executable).</summary>
public sealed class ProcessStartException(string fileName, Exception inner) : Exception($"Could not start '{fileName}': {inner.Message}", inner)
{
    public string FileName { get; } = fileName;
}

/// <summary>
/// Runs a child process with a time limit and its output captured: the PostgreSQL command-line tools (initdb, pg_ctl)
/// here, <c>dotnet</c> (msbuild, build, exec) for the tool. On timeout the whole process tree is killed.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs to completion or the time limit (then <see cref="ProcessResult.TimedOut"/>), whatever the exit code;
    /// <paramref name="onErrorLine"/> sees each stderr line as it arrives. Standard input, when redirected, is closed.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout, Action<string>? onErrorLine = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProcessStartException(start.FileName, ex);
        }

        if (start.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = ReadLinesAsync(process.StandardError, onErrorLine);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }

        return new ProcessResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false), timedOut, clock.Elapsed);
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (UTF-8 output, standard input closed) to
    /// completion or the time limit. <paramref name="environment"/> sets variables of the child (a null value removes
    /// one it would inherit): how settings such as a password file reach a program without appearing on its command line.
    /// </summary>
    /// <exception cref="ProcessStartException">The program could not be started.</exception>
    public static Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onErrorLine = null,
        CancellationToken ct = default)
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

        return RunAsync(start, timeout, onErrorLine, ct);
    }

    /// <summary>Runs to completion; a non-zero exit or the time limit becomes one clear exception with the tool's output.</summary>
    internal static async Task RunCheckedAsync(ProcessStartInfo start, string what, TimeSpan timeout, CancellationToken ct)
    {
        ProcessResult result;
        try
        {
            result = await RunAsync(start, timeout, ct: ct).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            throw new PostgresProvisioningException($"Could not start {what} ({start.FileName}): {ex.InnerException!.Message}.", ex);
        }

        if (result.TimedOut)
        {
            throw new PostgresProvisioningException($"{what} did not finish within {timeout.TotalSeconds:0} seconds; the machine may be overloaded.");
        }

        if (result.ExitCode != 0)
        {
            throw new PostgresProvisioningException($"{what} failed (exit code {result.ExitCode}): {$"{result.Error} {result.Output}".Trim()}");
        }
    }

    /// <summary>Runs to completion or the time limit, ignoring failures: for stopping what may already be gone.</summary>
    internal static void RunQuietly(ProcessStartInfo start, TimeSpan timeout) => _ = OutputOf(start, timeout);

    /// <summary>
    /// What the process printed on stdout once it ended, waiting at most <paramref name="timeout"/> (synchronously: for
    /// short probes such as <c>initdb --version</c>); null when it could not start or did not end in time.
    /// </summary>
    internal static string? OutputOf(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
                return null;
            }

            return output.GetAwaiter().GetResult();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Could not even start it.
            return null;
        }
    }

    /// <summary>Shows a command line the way a user would type it (for --verbose and error messages).</summary>
    public static string Display(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) || a.Contains('"') ? $"\"{a.Replace("\"", "\\\"")}\"" : a));

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        var all = new StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
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
}
