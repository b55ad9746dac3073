using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Backups;

/// <summary>What a dump holds: the definitions only, or the definitions and the data.</summary>
public enum BackupMode
{
    Schema,
    Full,
}

/// <summary>A backup that went wrong or cannot be made (no pg_dump, one older than the server, a failed dump): exit 4.</summary>
public sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A backup asked for: the folder it goes to, what it holds, and how long pg_dump may take.</summary>
public sealed record BackupSettings(string Directory, BackupMode Mode, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>How a command spells the three options (apply: <c>--backup</c>, <c>--backup-mode</c>; backup: <c>--dir</c>, <c>--mode</c>).</summary>
    public sealed record OptionNames(string Dir, string Mode, string Timeout);

    public static OptionNames ApplyOptions { get; } = new("--backup", "--backup-mode", "\"timeout\" of \"backup\"");

    public static OptionNames BackupCommandOptions { get; } = new("--dir", "--mode", "--timeout");

    /// <summary>
    /// The command line's values (relative to <paramref name="currentDirectory"/>) over the environment's
    /// <c>"backup"</c> block (its folder relative to schemadrift.json's). Null when neither names a folder: no backup
    /// is asked for. A mode or timeout without any folder, or a value that cannot be read, is a usage error.
    /// </summary>
    public static BackupSettings? Resolve(
        string? dir, string? mode, string? timeout, EnvironmentConfig? environment, SchemaDriftConfig config, string currentDirectory, OptionNames names)
    {
        if (mode is not null && BackupConfig.ParseMode(mode) is null)
        {
            throw ToolException.Usage($"{names.Mode} '{mode}' is not a backup mode. Use schema (definitions only) or full (definitions and data).");
        }

        var configured = environment?.Backup;
        string? folder = null;
        if (!string.IsNullOrWhiteSpace(dir))
        {
            folder = FullPath(currentDirectory, dir, names.Dir);
        }
        else if (configured?.Dir is { } fromConfig)
        {
            folder = FullPath(config.Directory ?? currentDirectory, fromConfig, "\"dir\" of \"backup\"");
        }

        if (folder is null)
        {
            if (mode is not null || timeout is not null)
            {
                throw ToolException.Usage($"{(mode is not null ? names.Mode : names.Timeout)} needs a folder for the dump: pass {names.Dir} DIR, or set \"backup\": {{ \"dir\": ... }} for the environment in schemadrift.json.");
            }

            return null;
        }

        var chosen = BackupConfig.ParseMode(mode ?? configured?.Mode ?? BackupConfig.FullMode) == BackupConfig.SchemaMode ? BackupMode.Schema : BackupMode.Full;
        var limit = Durations.Parse(timeout ?? configured?.Timeout, DefaultTimeout, timeout is not null ? names.Timeout : "\"timeout\" of \"backup\"");
        return new BackupSettings(folder, chosen, limit <= TimeSpan.Zero ? System.Threading.Timeout.InfiniteTimeSpan : limit);
    }

    /// <summary>The name modes have on the command line, in schemadrift.json and in JSON output.</summary>
    public static string ModeName(BackupMode mode) => mode == BackupMode.Schema ? BackupConfig.SchemaMode : BackupConfig.FullMode;

    private static string FullPath(string baseDirectory, string path, string what)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, path));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw ToolException.Usage($"{what} '{path}' is not a valid folder path: {ex.Message}");
        }
    }
}
