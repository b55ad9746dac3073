using System.Diagnostics;
using System.Globalization;

namespace SchemaDrift.DesignHost;

/// <summary>
/// Where the host's time goes, phase by phase (the same phase measured several times, once per migration, adds up).
/// With --verbose it is written to stderr as one line, <c>timing: runtime start 160 ms, assemblies 90 ms, ...</c>,
/// which the tool shows with its own --verbose.
/// </summary>
internal static class HostTimings
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly List<(string Phase, TimeSpan Elapsed)> Phases = [];

    /// <summary>From the process's start to <c>Main</c>: the runtime reading the application's deps.json and starting.</summary>
    public static void RuntimeStarted()
    {
        try
        {
            Add("runtime start", DateTime.Now - Process.GetCurrentProcess().StartTime - Clock.Elapsed);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            // The start time is not readable here: the phase is left out.
        }
    }

    public static T Measure<T>(string phase, Func<T> action)
    {
        var start = Clock.Elapsed;
        try
        {
            return action();
        }
        finally
        {
            Add(phase, Clock.Elapsed - start);
        }
    }

    public static void Measure(string phase, Action action) => Measure<object?>(phase, () =>
    {
        action();
        return null;
    });

    public static void Add(string phase, TimeSpan elapsed)
    {
        var index = Phases.FindIndex(p => p.Phase == phase);
        if (index < 0)
        {
            Phases.Add((phase, elapsed));
        }
        else
        {
            Phases[index] = (phase, Phases[index].Elapsed + elapsed);
        }
    }

    /// <summary>The phases in the order they first ran, and the time since <c>Main</c>.</summary>
    public static string Describe() =>
        "timing: " + string.Join(", ", Phases.Append(("in Main", Clock.Elapsed)).Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2.TotalMilliseconds:F0} ms")));
}
