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

    /// <summary>A process start that runs <paramref name="file"/> as this user.</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        ProcessStartInfo start;
        if (IsCurrent)
        {
            start = new ProcessStartInfo(file);
        }
        else if (File.Exists("/usr/sbin/runuser") || File.Exists("/sbin/runuser"))
        {
            start = new ProcessStartInfo(File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser");
            foreach (var a in new[] { "-u", Name, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start = new ProcessStartInfo("setpriv");
            foreach (var a in new[] { $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

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
