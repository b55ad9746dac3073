namespace SchemaDrift.Testing;

/// <summary>
/// Folders of PostgreSQL client programs for the refusal paths of backups, given to the tool through
/// <c>SCHEMADRIFT_PG_BIN</c>: an empty one (no pg_dump), and one whose pg_dump and pg_restore are of an earlier
/// release than the test server. Only PostgreSQL 15 is installed here, so the earlier release is what such an
/// installation answers to <c>--version</c>, which is all the tool asks before it refuses; anything else it is asked
/// to do is written down (<see cref="Calls"/>) and fails, so a test can tell it was never asked to dump.
/// </summary>
public sealed class PgClientFolders : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("schemadrift-pgbin-");

    public PgClientFolders(string earlierVersion = "12.22")
    {
        Empty = Directory.CreateDirectory(Path.Combine(root.FullName, "empty")).FullName;
        Earlier = Directory.CreateDirectory(Path.Combine(root.FullName, "earlier")).FullName;
        Calls = Path.Combine(Earlier, "calls");
        foreach (var program in new[] { "pg_dump", "pg_restore" })
        {
            var path = Path.Combine(Earlier, program);
            File.WriteAllText(path, $"""
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "{program} (PostgreSQL) {earlierVersion}"; exit 0; fi
                echo "{program} $*" >> "{Calls}"
                echo "{program}: error: this installation only answers --version" >&2
                exit 1

                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>A folder without any program.</summary>
    public string Empty { get; }

    /// <summary>A folder whose pg_dump and pg_restore are of the earlier release.</summary>
    public string Earlier { get; }

    /// <summary>The file where the earlier programs note every call other than <c>--version</c>.</summary>
    public string Calls { get; }

    public void Dispose() => root.Delete(recursive: true);
}
