namespace SchemaDrift.Provisioning;

/// <summary>
/// Where PostgreSQL programs are installed: the folders of PATH first, then the usual install folders. The server
/// binaries (initdb, pg_ctl) and the client programs (pg_dump, pg_restore) are found the same way.
/// </summary>
public static class PostgresInstallations
{
    /// <summary>The file name of <paramref name="program"/> on this system (<c>pg_dump.exe</c> on Windows).</summary>
    public static string FileName(string program) => OperatingSystem.IsWindows() ? program + ".exe" : program;

    /// <summary>
    /// The folders that hold <paramref name="program"/>, each once, in this order: those of PATH, a symbolic link
    /// followed to the real file (<c>/usr/local/bin/initdb</c> → <c>/usr/lib/postgresql/15/bin</c>, where its sibling
    /// programs are); then the install folders of Debian and Ubuntu (<c>/usr/lib/postgresql/*/bin</c>), the PGDG
    /// packages (<c>/usr/pgsql-*/bin</c>), source builds (<c>/usr/local/pgsql/bin</c>), Homebrew, Postgres.app and the
    /// Windows installer, newest version first within each. A link to a program of another name is a dispatcher that
    /// chooses a version at each call (Debian's <c>pg_wrapper</c>): it is skipped, the real programs are found in the
    /// install folders.
    /// </summary>
    public static IReadOnlyList<string> Directories(string program)
    {
        var file = FileName(program);
        var found = new List<string>();
        foreach (var directory in OnPath(file).Concat(InstallFolders()))
        {
            var full = Path.GetFullPath(directory);
            if (File.Exists(Path.Combine(full, file)) && !found.Contains(full, StringComparer.Ordinal))
            {
                found.Add(full);
            }
        }

        return found;
    }

    private static IEnumerable<string> OnPath(string file)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, file);
            if (!File.Exists(candidate))
            {
                continue;
            }

            var target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            if (string.Equals(Path.GetFileName(target), file, StringComparison.Ordinal))
            {
                yield return Path.GetDirectoryName(target)!;
            }
        }
    }

    private static IEnumerable<string> InstallFolders()
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (var root in new[] { Environment.GetEnvironmentVariable("ProgramFiles"), Environment.GetEnvironmentVariable("ProgramW6432") })
            {
                if (!string.IsNullOrEmpty(root))
                {
                    foreach (var version in Versions(Path.Combine(root, "PostgreSQL")))
                    {
                        yield return Path.Combine(version, "bin");
                    }
                }
            }

            yield break;
        }

        foreach (var version in Versions("/usr/lib/postgresql"))
        {
            yield return Path.Combine(version, "bin");
        }

        foreach (var version in Versions("/usr", "pgsql-"))
        {
            yield return Path.Combine(version, "bin");
        }

        yield return "/usr/local/pgsql/bin";
        foreach (var root in new[] { "/opt/homebrew/opt", "/usr/local/opt" })
        {
            foreach (var version in Versions(root, "postgresql"))
            {
                yield return Path.Combine(version, "bin");
            }
        }

        foreach (var version in Versions("/Applications/Postgres.app/Contents/Versions"))
        {
            yield return Path.Combine(version, "bin");
        }
    }

    /// <summary>The subfolders of <paramref name="root"/> named <paramref name="prefix"/> and a version, newest first.</summary>
    private static IEnumerable<string> Versions(string root, string prefix = "")
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        try
        {
            return Directory.GetDirectories(root, prefix + "*")
                .Select(d => (Path: d, Number: Number(Path.GetFileName(d)[prefix.Length..])))
                .OrderByDescending(d => d.Number)
                .ThenBy(d => d.Path, StringComparer.Ordinal)
                .Select(d => d.Path)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The leading number of a version folder's name (<c>15</c>, <c>@16</c>, <c>9.6</c>): 0 when it has none.</summary>
    private static double Number(string name)
    {
        var digits = new string(name.TrimStart('@', '-').TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).TrimEnd('.');
        return double.TryParse(digits, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
    }
}
