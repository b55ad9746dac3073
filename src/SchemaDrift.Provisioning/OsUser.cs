using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SchemaDrift.Provisioning;

/// <summary>
/// The OS user that runs a local cluster. PostgreSQL refuses to run as root, so when this process is root the
/// cluster runs as an unprivileged user ("postgres" when it exists, else "nobody") through runuser or setpriv.
/// </summary>
internal sealed partial record OsUser(string Name, int Uid, int Gid, bool IsCurrent)
{
    public static OsUser ForCluster()
    {
        if (GetEffectiveUserId() != 0)
        {
            return new OsUser(Environment.UserName, -1, -1, IsCurrent: true);
        }

        foreach (var name in new[] { "postgres", "nobody" })
        {
            if (Lookup(name) is { } user)
            {
                return user;
            }
        }

        throw new PostgresProvisioningException(
            "Running as root, and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as. " +
            "Create one (useradd postgres) or run the tests as an unprivileged user.");
    }

    /// <summary>Gives a file or folder to this user (no-op when it is the current user).</summary>
    public void Own(string path)
    {
        if (!IsCurrent && Chown(path, Uid, Gid) != 0)
        {
            throw new PostgresProvisioningException($"Could not give {path} to user {Name} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>The command line that runs <paramref name="file"/> as this user: through runuser or setpriv when it is not us.</summary>
    public IReadOnlyList<string> Command(string file, IEnumerable<string> arguments)
    {
        var command = new List<string>();
        if (!IsCurrent)
        {
            if (FindProgram("runuser") is { } runuser)
            {
                command.AddRange([runuser, "-u", Name, "--"]);
            }
            else if (FindProgram("setpriv") is { } setpriv)
            {
                command.AddRange([setpriv, $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups"]);
            }
            else
            {
                throw new PostgresProvisioningException(
                    $"Running as root, PostgreSQL must run as '{Name}', but neither runuser nor setpriv was found. " +
                    "Install util-linux, or run as an unprivileged user.");
            }
        }

        command.Add(file);
        command.AddRange(arguments);
        return command;
    }

    /// <summary>A process start that runs <paramref name="file"/> as this user, with its output captured.</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var command = Command(file, arguments);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            // The user's own folder: the caller's may be closed to it.
            start.WorkingDirectory = workingDirectory;
        }

        return start;
    }

    /// <summary>A program in the usual system folders or on PATH.</summary>
    internal static string? FindProgram(string name) =>
        new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static OsUser? Lookup(string name)
    {
        if (!File.Exists("/etc/passwd"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == name &&
                int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
            {
                return new OsUser(name, uid, gid, IsCurrent: false);
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserIdNative();

    private static uint GetEffectiveUserId() => OperatingSystem.IsWindows() ? 1u : GetEffectiveUserIdNative();

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int owner, int group);
}
