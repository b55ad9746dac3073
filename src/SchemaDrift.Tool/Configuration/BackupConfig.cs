namespace SchemaDrift.Tool.Configuration;

/// <summary>
/// <c>"backup"</c> of an environment in schemadrift.json: where <c>apply</c> puts the <c>pg_dump</c> it takes before
/// its first change (and <c>backup --env</c> by default), and what it holds.
/// </summary>
public sealed record BackupConfig
{
    public const string SchemaMode = "schema";
    public const string FullMode = "full";

    /// <summary>The folder of the dumps, relative to schemadrift.json's folder; created when missing.</summary>
    public string? Dir { get; init; }

    /// <summary><c>schema</c> (definitions only) or <c>full</c> (definitions and data, the default).</summary>
    public string? Mode { get; init; }

    /// <summary>How long pg_dump may take (default 1h; 0 for no limit).</summary>
    public string? Timeout { get; init; }

    /// <summary>Checks the block; a mistake is a usage error naming <paramref name="where"/> and the fix.</summary>
    public void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Dir))
        {
            throw ToolException.Usage($"{where}: \"backup\" needs \"dir\", the folder the dumps go to, e.g. \"backup\": {{ \"dir\": \"backups\", \"mode\": \"full\" }}.");
        }

        if (Dir.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw ToolException.Usage($"{where}: \"backup\" has a \"dir\" that is not a valid path. Name a folder, e.g. \"backups\".");
        }

        if (Mode is not null && ParseMode(Mode) is null)
        {
            throw ToolException.Usage($"{where}: \"backup\" has mode '{Mode}'. Use \"schema\" (definitions only) or \"full\" (definitions and data).");
        }

        Durations.Parse(Timeout, TimeSpan.Zero, $"{where}: \"backup\" timeout");
    }

    /// <summary><c>schema</c> or <c>full</c> (any case); null for anything else.</summary>
    public static string? ParseMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        SchemaMode => SchemaMode,
        FullMode => FullMode,
        _ => null,
    };
}
