namespace SchemaDrift.DesignHost;

/// <summary>The error types of the protocol (<c>error.type</c>); the tool maps each to a message and an exit code.</summary>
public static class HostErrorType
{
    /// <summary>No DbContext type was found in the project.</summary>
    public const string NoContext = "NoContext";

    /// <summary>Several DbContext types match and none was chosen; <c>candidates</c> lists them.</summary>
    public const string AmbiguousContext = "AmbiguousContext";

    /// <summary>No DbContext has the name given with --context; <c>candidates</c> lists the ones found.</summary>
    public const string ContextNotFound = "ContextNotFound";

    /// <summary>The context uses a provider other than Npgsql; the message names it.</summary>
    public const string NotNpgsql = "NotNpgsql";

    /// <summary>Microsoft.EntityFrameworkCore.Design cannot be loaded from the application's dependencies.</summary>
    public const string DesignNotReferenced = "DesignNotReferenced";

    /// <summary>The project's assembly (or the startup project's) cannot be loaded.</summary>
    public const string AssemblyNotLoaded = "AssemblyNotLoaded";

    /// <summary>The application threw while its DbContext (or its service provider) was being created.</summary>
    public const string ContextCreationFailed = "ContextCreationFailed";

    /// <summary>A migration with the requested name already exists.</summary>
    public const string DuplicateMigrationName = "DuplicateMigrationName";

    /// <summary>Anything else: a bug in the host or an EF Core behaviour it does not expect.</summary>
    public const string Internal = "Internal";
}

/// <summary>An expected failure, answered as <c>{"version":1,"error":{...}}</c>.</summary>
public sealed class HostException(string type, string message, IReadOnlyList<string>? candidates = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Type { get; } = type;

    /// <summary>DbContext names to choose from (ambiguous or unknown --context).</summary>
    public IReadOnlyList<string>? Candidates { get; } = candidates;
}
