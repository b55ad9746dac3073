namespace SchemaDrift.Tool;

/// <summary>
/// Something a service tells people while it runs (progress, a warning, an environment verified…). Services and the
/// code below them report events through <see cref="IProgress{T}"/> and never write anywhere themselves: the console
/// (Reporting/ConsoleEvents) renders them, a caller that only wants the result ignores them (<see cref="ToolEvents.None"/>).
/// Events that carry a result of their own are declared beside that result (Verification/EnvironmentVerified…).
/// </summary>
public abstract record ToolEvent;

/// <summary>How a message is shown.</summary>
public enum MessageKind
{
    /// <summary>A slow step starting (dim, with an ellipsis).</summary>
    Progress,

    /// <summary>A line for people.</summary>
    Info,

    /// <summary>Something done (a green check mark before it).</summary>
    Success,

    /// <summary>Something to look at; the run goes on.</summary>
    Warning,

    /// <summary>What failed or refused the run (its outcome follows in the result).</summary>
    Failure,

    /// <summary>A detail shown only with --verbose (timings, command lines), one dim line.</summary>
    Detail,

    /// <summary>Text of several lines shown only with --verbose (build output, a stack trace), its line breaks kept.</summary>
    DetailText,
}

/// <summary>A line (or, for <see cref="MessageKind.DetailText"/>, lines) of text for people.</summary>
/// <param name="Indent">Spaces before the mark of a <see cref="MessageKind.Success"/> line.</param>
public sealed record ToolMessage(MessageKind Kind, string Text, string Indent = "") : ToolEvent;

/// <summary>Reporting messages, and a sink that drops everything.</summary>
public static class ToolEvents
{
    /// <summary>Events nobody shows.</summary>
    public static IProgress<ToolEvent> None { get; } = new Nowhere();

    public static void Progress(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.Progress, text));

    public static void Info(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.Info, text));

    public static void Success(this IProgress<ToolEvent> events, string text, string indent = "") => events.Report(new ToolMessage(MessageKind.Success, text, indent));

    public static void Warn(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.Warning, text));

    public static void Fail(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.Failure, text));

    public static void Detail(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.Detail, text));

    public static void DetailText(this IProgress<ToolEvent> events, string text) => events.Report(new ToolMessage(MessageKind.DetailText, text));

    private sealed class Nowhere : IProgress<ToolEvent>
    {
        public void Report(ToolEvent value)
        {
        }
    }
}
