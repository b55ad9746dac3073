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
}
