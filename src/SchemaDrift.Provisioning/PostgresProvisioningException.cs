namespace SchemaDrift.Provisioning;

/// <summary>
/// An expected provisioning failure (no server, a bad connection string, a database that cannot be created). The
/// message is one line naming the problem and the fix, and never contains a password.
/// </summary>
public sealed class PostgresProvisioningException(string message, Exception? inner = null)
    : Exception(OneLine(message), inner)
{
    /// <summary>Folds tool and server output onto one line and keeps it short.</summary>
    internal static string OneLine(string text, int max = 600)
    {
        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }
}
