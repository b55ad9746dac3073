using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Commands;

/// <summary>The parsed options of one <c>apply</c> run.</summary>
public sealed record ApplySettings
{
    public string? Environment { get; init; }

    public string? Connection { get; init; }

    public string? To { get; init; }

    public bool DryRun { get; init; }

    public string? ScriptPath { get; init; }

    public bool Yes { get; init; }

    public string? LockWait { get; init; }

    public string? LockTimeout { get; init; }

    public string? StatementTimeout { get; init; }

    public int Retries { get; init; }

    public bool AllowDestructive { get; init; }

    public bool AllowDrift { get; init; }

    public bool SkipPromotionCheck { get; init; }

    public string? Reason { get; init; }

    public HostOptions Host { get; init; } = new();

    /// <summary><c>--backup DIR</c>: the folder of the pg_dump taken before the first change (null: the environment's "backup", if any).</summary>
    public string? Backup { get; init; }

    /// <summary><c>--backup-mode</c>: schema or full (null: the environment's, else full).</summary>
    public string? BackupMode { get; init; }

    public string? ConfigPath { get; init; }

    /// <summary>Whether someone can answer a confirmation prompt (a terminal, not a pipeline).</summary>
    public bool Interactive { get; init; }

    /// <summary>Where a confirmation is read from (the console when null).</summary>
    public TextReader? Input { get; init; }

    /// <summary>The server for shadow replays (started for the run when null).</summary>
    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The <c>--shadow</c> value: auto, local, docker or a connection string (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }

    /// <summary>The first back-off before a lock_timeout retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
