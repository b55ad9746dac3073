using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Integrity;

/// <summary>
/// The checksum of a migration: SHA-256 (lowercase hex) over a canonical form of the SQL it generates on PostgreSQL.
/// It is the same on every machine and run, survives re-formatting of the migration's .cs file (line endings,
/// trailing spaces, blank lines, indentation at the start and end of a command), and changes with anything that
/// changes what the migration does, including whether a command runs outside the transaction.
/// </summary>
public static class MigrationChecksum
{
    /// <summary>Names the canonical form; change it (and so every checksum) only with a deliberate format change.</summary>
    public const string FormatHeader = "schemadrift-migration-checksum v1";

    private const string CommandSeparator = "\n-- schemadrift:next-command --\n";

    public static string Compute(IReadOnlyList<MigrationCommand> commands) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonicalize(commands))));

    /// <summary>The text that is hashed: a header, then each command as a flag line and its normalised SQL.</summary>
    public static string Canonicalize(IReadOnlyList<MigrationCommand> commands)
    {
        var builder = new StringBuilder(FormatHeader).Append('\n');
        for (var i = 0; i < commands.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(CommandSeparator);
            }

            builder.Append(commands[i].TransactionSuppressed ? "-- transaction: suppressed\n" : "-- transaction: default\n");
            builder.Append(NormalizeSql(commands[i].Sql));
        }

        return builder.ToString();
    }

    /// <summary>Line endings to \n, trailing whitespace stripped from every line, runs of blank lines collapsed to
    /// one, leading and trailing whitespace trimmed.</summary>
    public static string NormalizeSql(string sql)
    {
        var lines = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder(sql.Length);
        var previousBlank = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var blank = line.Length == 0;
            if (blank && previousBlank)
            {
                continue;
            }

            builder.Append(line).Append('\n');
            previousBlank = blank;
        }

        return builder.ToString().Trim();
    }
}
