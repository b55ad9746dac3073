using System.Security.Cryptography;

namespace SchemaDrift.Provisioning;

/// <summary>
/// The folders local clusters live in: <c>ROOT/PID-RANDOM/</c> holding <c>owner.pid</c> (the owning process),
/// <c>data/</c>, <c>server.log</c> and the Unix socket. A folder whose owner is gone is stale: the next cluster
/// started under the same root stops it and deletes it. Deleting first renames the folder to
/// <c>NAME.trash-PID</c>, so two cleaners never delete the same folder at once and a half-deleted folder is still
/// recognised.
/// </summary>
internal static class ClusterDirectories
{
    public const string OwnerFile = "owner.pid";
    private const string TrashMarker = ".trash-";

    /// <summary>A folder without an owner file this old was left by a failed start or an older cleanup.</summary>
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "schemadrift-pg");

    /// <summary>
    /// Creates the root (shared by all users: rwxrwxrwt) and checks that <paramref name="user"/> can reach it. The
    /// default root falls back to /tmp when TMPDIR is closed to that user; a requested root does not.
    /// </summary>
    public static string PrepareRoot(string? requested, OsUser user)
    {
        var candidates = requested is not null
            ? [Path.GetFullPath(requested)]
            : new[] { DefaultRoot, "/tmp/schemadrift-pg" }.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var root in candidates)
        {
            if (Reachable(Path.GetDirectoryName(root)!, user))
            {
                Directory.CreateDirectory(root);
                if (!OperatingSystem.IsWindows())
                {
                    TrySetMode(root, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
                }

                if (Reachable(root, user))
                {
                    return root;
                }
            }
        }

        throw new PostgresProvisioningException(
            $"User {user.Name}, who runs the throwaway PostgreSQL cluster, cannot reach {candidates[0]}: a folder on the way is closed to other users. " +
            "Set TMPDIR (or the ClusterRoot option) to a folder every user can traverse, e.g. /tmp.");
    }

    /// <summary>A new, empty cluster folder owned by <paramref name="user"/>, marked with this process as its owner.</summary>
    public static string Create(string root, OsUser user)
    {
        var directory = Path.Combine(root, $"{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}");
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, (UnixFileMode)0b111_101_101);
            }

            File.WriteAllText(Path.Combine(directory, OwnerFile), ProcessIdentity.Current.ToString());
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PostgresProvisioningException($"Cannot create a cluster folder in {root}: {ex.Message}. Set the ClusterRoot option or TMPDIR to a writable folder.", ex);
        }

        user.Own(directory);
        return directory;
    }

    /// <summary>Stops (through <paramref name="stop"/>, given the claimed folder) and deletes every stale cluster under <paramref name="root"/>.</summary>
    public static void RemoveStale(string root, Action<string> stop)
    {
        string[] directories;
        try
        {
            directories = Directory.GetDirectories(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var directory in directories)
        {
            if (IsStale(directory) && Claim(directory) is { } claimed)
            {
                stop(claimed);
                TryDelete(claimed);
            }
        }
    }

    /// <summary>Claims and deletes a cluster folder; false when some of it is still there.</summary>
    public static bool Discard(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return true;
        }

        return Claim(directory) is { } claimed ? TryDelete(claimed) : !Directory.Exists(directory);
    }

    private static bool IsStale(string directory)
    {
        var name = Path.GetFileName(directory);
        var marker = name.IndexOf(TrashMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            // Trash whose cleaner died half-way.
            return !int.TryParse(name[(marker + TrashMarker.Length)..], out var cleaner) || !new ProcessIdentity(cleaner, null).IsAlive();
        }

        try
        {
            var owner = ProcessIdentity.Parse(File.ReadAllText(Path.Combine(directory, OwnerFile)));
            return owner is { } known ? !known.IsAlive() : IsOld(directory);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Being created right now, or what a failed start or an older cleanup left.
            return IsOld(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsOld(string directory) => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > OrphanAge;

    /// <summary>Renames the folder to NAME.trash-OURPID; null when another process claimed it first or it is not ours to move.</summary>
    private static string? Claim(string directory)
    {
        var name = Path.GetFileName(directory);
        var marker = name.IndexOf(TrashMarker, StringComparison.Ordinal);
        var target = Path.Combine(Path.GetDirectoryName(directory)!, (marker >= 0 ? name[..marker] : name) + TrashMarker + Environment.ProcessId);
        try
        {
            Directory.Move(directory, target);
            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left as trash: the next start removes it.
            return false;
        }
    }

    /// <summary>Whether every folder from / down to <paramref name="path"/> lets other users through.</summary>
    private static bool Reachable(string path, OsUser user)
    {
        if (user.IsCurrent || OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
        {
            if (directory.Exists && (directory.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TrySetMode(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            // Created by another user, who made it shared already.
        }
    }
}
