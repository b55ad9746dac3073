namespace SchemaDrift.Tool;

/// <summary>The tool's documented exit codes (README.md, "Exit codes"; also printed by --help).</summary>
public static class ExitCodes
{
    /// <summary>Identical or clean, or only differences below --fail-on.</summary>
    public const int Success = 0;

    /// <summary>Differences of major severity.</summary>
    public const int Major = 1;

    /// <summary>Differences of critical severity, or an operation refused to protect the database.</summary>
    public const int Critical = 2;

    /// <summary>Usage or configuration error: bad arguments, malformed schemadrift.json, unknown environment.</summary>
    public const int Usage = 3;

    /// <summary>Connection, server, build or host error.</summary>
    public const int Environment = 4;

    public const string HelpText =
        "Exit codes:\n" +
        "  0  identical / clean (or only differences below --fail-on)\n" +
        "  1  differences of major severity\n" +
        "  2  differences of critical severity\n" +
        "  3  usage or configuration error\n" +
        "  4  connection, server, build or host error";

    /// <summary>What the codes mean for apply (README.md, "Exit codes").</summary>
    public const string ApplyHelpText =
        "Exit codes of apply:\n" +
        "  0  applied (or nothing to apply; --dry-run/--script: the plan would run); the post-apply verify is clean or minor\n" +
        "  1  applied, but the post-apply verify found drift of major severity\n" +
        "  2  refused, nothing changed: drift, checksums, lock file, model changes, no migrations at all,\n" +
        "     missing privileges, promotion guard, protection (or applied, and the post-apply verify found critical drift)\n" +
        "  3  usage or configuration error\n" +
        "  4  connection, build or host error, the migration lock held by another run past --lock-wait, a read\n" +
        "     that waited longer than --lock-timeout (after --retries), a backup asked for that could not be made\n" +
        "     (pg_dump missing or older than the server; nothing changed), or a migration failed (rolled back; nothing after it ran)";

    /// <summary>What the codes mean for rollback (README.md, "dotnet schemadrift rollback").</summary>
    public const string RollbackHelpText =
        "Exit codes of rollback:\n" +
        "  0  reverted (or nothing to revert; --dry-run/--script: the plan would run); the post-rollback verify is clean or minor\n" +
        "  1  reverted, but the post-rollback verify found drift of major severity\n" +
        "  2  refused, nothing changed: an empty or throwing Down, --to not applied, applied migrations the code does not\n" +
        "     have, missing privileges, protection (or reverted, and the post-rollback verify found critical drift)\n" +
        "  3  usage or configuration error (--to missing or not a migration of the code)\n" +
        "  4  connection, build or host error, the migration lock held by another run past --lock-wait, a read that\n" +
        "     waited longer than --lock-timeout (after --retries), or a Down failed (its transaction rolled back: it stays\n" +
        "     applied, the migrations reverted before it stay reverted, nothing after it ran)";
}
