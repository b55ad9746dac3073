using System.Diagnostics;
using System.Globalization;

namespace SchemaDrift.Provisioning;

/// <summary>
/// A process named by its id and, where /proc tells it, its start time: a recycled pid then does not pass for the
/// process that wrote it.
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, long? StartTime)
{
    public static ProcessIdentity Current { get; } = new(Environment.ProcessId, ReadStartTime(Environment.ProcessId));

    /// <summary>"pid" or "pid\nstart time"; older owner files hold the pid alone.</summary>
    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return null;
        }

        return new ProcessIdentity(pid, parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null);
    }

    public bool IsAlive()
    {
        if (Directory.Exists("/proc/self"))
        {
            var now = ReadStartTime(Pid);
            return now is not null && (StartTime is null || now == StartTime);
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public override string ToString() =>
        StartTime is { } start ? $"{Pid}\n{start.ToString(CultureInfo.InvariantCulture)}\n" : $"{Pid}\n";

    /// <summary>Field 22 of /proc/PID/stat (clock ticks since boot), or null when there is no such process or no /proc.</summary>
    internal static long? ReadStartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
