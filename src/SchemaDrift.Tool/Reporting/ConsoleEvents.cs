using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>Shows the events of a run on the console, as they happen (details and text only with --verbose).</summary>
public sealed class ConsoleEvents(ToolConsole console) : IProgress<ToolEvent>
{
    private readonly Lock gate = new();

    public void Report(ToolEvent value)
    {
        lock (gate)
        {
            switch (value)
            {
                case ToolMessage message:
                    Show(message);
                    break;
                case EnvironmentVerified verified:
                    VerifySummaryWriter.Write(console, verified.Result);
                    break;
                case LockFileChecked checkedLock:
                    VerifySummaryWriter.Write(console, checkedLock.Result);
                    break;
            }
        }
    }

    private void Show(ToolMessage message)
    {
        switch (message.Kind)
        {
            case MessageKind.Progress:
                console.Progress(message.Text);
                break;
            case MessageKind.Success:
                console.Info(console.Paint("32", message.Indent + "✓ "), message.Text);
                break;
            case MessageKind.Warning:
                console.Warn(message.Text);
                break;
            case MessageKind.Failure:
                console.Fail(message.Text);
                break;
            case MessageKind.Detail:
                console.Detail(message.Text);
                break;
            case MessageKind.DetailText when console.Verbose:
                console.Text(message.Text);
                break;
            case MessageKind.Info:
                console.Info(message.Text);
                break;
        }
    }
}
