using System.Text.Json.Serialization;

namespace SchemaDrift.Tool.Configuration;

/// <summary>The contents of <c>schemadrift.json</c>; every member is optional.</summary>
public sealed record SchemaDriftConfig
{
    public const string FileName = "schemadrift.json";

    /// <summary>The project holding the DbContext and migrations (like dotnet ef --project), relative to the file.</summary>
    public string? Project { get; init; }

    /// <summary>The startup project (like dotnet ef --startup-project), relative to the file.</summary>
    public string? StartupProject { get; init; }

    public string? Context { get; init; }

    public string? Configuration { get; init; }

    public string? Framework { get; init; }

    /// <summary>Where expected schemas are replayed: auto, local, docker, or a connection string.</summary>
    public string? Shadow { get; init; }

    // A member the file leaves out, or sets to null, keeps its default: the JSON reader's generated code sets every
    // init-only member of the records it creates.
    /// <summary>Schemas to compare (all non-system schemas when empty).</summary>
    public IReadOnlyList<string> Schemas { get; init => field = value ?? []; } = [];

    public IReadOnlyList<string> ExcludeSchemas { get; init => field = value ?? []; } = [];

    public IReadOnlyDictionary<string, EnvironmentConfig> Environments
    {
        get;
        init => field = value ?? new Dictionary<string, EnvironmentConfig>(StringComparer.Ordinal);
    } = new Dictionary<string, EnvironmentConfig>(StringComparer.Ordinal);

    /// <summary>Known, accepted differences: removed from results and listed as ignored.</summary>
    public IReadOnlyList<IgnoreRule> Ignore { get; init => field = value ?? []; } = [];

    /// <summary>What <c>lint</c> raises by table size and which hazards it accepts.</summary>
    public LintConfig? Lint { get; init; }

    /// <summary>Where alerts go (webhook, Slack, Teams, Telegram) when verify, apply or diff finds something.</summary>
    public IReadOnlyList<NotifyChannelConfig> Notify { get; init => field = value ?? []; } = [];

    /// <summary>The file that remembers when each alert was last sent (quiet periods), relative to this file;
    /// default <c>.schemadrift/notify-state.json</c>.</summary>
    public string? NotifyState { get; init; }

    /// <summary>The folder the file was read from; relative paths are resolved against it.</summary>
    [JsonIgnore]
    public string? Directory { get; init; }
}

/// <summary>One environment (dev, staging, production…).</summary>
public sealed record EnvironmentConfig
{
    /// <summary>Connection string or postgres:// URL; <c>${VAR}</c> is replaced by the environment variable.</summary>
    public string? Connection { get; init; }

    /// <summary>The environment migrations must reach first (the promotion guard of apply).</summary>
    public string? PromotedFrom { get; init; }

    /// <summary>Protected environments need confirmation (or --yes in pipelines) and refuse destructive migrations.</summary>
    public bool Protected { get; init; }

    public string? LockTimeout { get; init; }

    public string? StatementTimeout { get; init; }

    public string? LockWait { get; init; }

    /// <summary>The backup apply takes before its first change, and the defaults of <c>backup --env</c>.</summary>
    public BackupConfig? Backup { get; init; }
}

/// <summary>A difference to ignore: an object (schema-qualified name) or a pattern (<c>*</c> and <c>?</c>), with why.</summary>
public sealed record IgnoreRule
{
    public string? Object { get; init; }

    public string? Pattern { get; init; }

    /// <summary>Limits the rule to one kind of object (table, column, index, …).</summary>
    public string? Kind { get; init; }

    public string? Reason { get; init; }
}
