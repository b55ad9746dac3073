namespace SchemaDrift.DesignHost;

/// <summary>An expected failure, answered as <c>{"version":1,"error":{...}}</c> with its <see cref="HostErrorType"/>.</summary>
public sealed class HostException(HostErrorType type, string message, IReadOnlyList<string>? candidates = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HostErrorType Type { get; } = type;

    /// <summary>DbContext names to choose from (ambiguous or unknown --context).</summary>
    public IReadOnlyList<string>? Candidates { get; } = candidates;
}
