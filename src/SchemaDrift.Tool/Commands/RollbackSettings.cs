using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Commands;

/// <summary>The parsed options of one <c>rollback</c> run.</summary>
public sealed record RollbackSettings
{
    public string? Environment { get; init; }

    public string? Connection { get; init; }

    /// <summary>The migration to go back to (the last one kept), or 0 to revert every migration.</summary>
    public string? To { get; init; }

    public bool DryRun { get; init; }

    public string? ScriptPath { get; init; }

    public bool Yes { get; init; }

    public string? LockWait { get; init; }

    public string? LockTimeout { get; init; }

    public string? StatementTimeout { get; init; }

    public int Retries { get; init; }

    public bool AllowDestructive { get; init; }

    public string? Reason { get; init; }

    public HostOptions Host { get; init; } = new();

    public string? ConfigPath { get; init; }

    /// <summary>Whether someone can answer a confirmation prompt (a terminal, not a pipeline).</summary>
    public bool Interactive { get; init; }

    /// <summary>Where a confirmation is read from (the console when null).</summary>
    public TextReader? Input { get; init; }

    /// <summary>The server for the post-rollback verify's shadow replays (started for the run when null).</summary>
    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The <c>--shadow</c> value: auto, local, docker or a connection string (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }

    /// <summary><c>--backup DIR</c>: pg_dump the database there before the first change.</summary>
    public string? Backup { get; init; }

    /// <summary><c>--backup-mode</c>: full (the default) or schema.</summary>
    public string? BackupMode { get; init; }

    /// <summary>The first back-off before a lock_timeout retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
