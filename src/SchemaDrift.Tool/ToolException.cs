namespace SchemaDrift.Tool;

/// <summary>
/// An expected failure: its message is printed alone (one line naming the problem and the fix),
/// with the stack trace only under --verbose, and the process exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class ToolException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static ToolException Usage(string message) => new(ExitCodes.Usage, message);

    public static ToolException Environment(string message, Exception? inner = null) => new(ExitCodes.Environment, message, inner);
}
