using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Integrity;

/// <summary>One locked migration: its id and the checksum of what it does.</summary>
public sealed record LockedMigration(string Id, string Checksum);

/// <summary>
/// The migrations lock file (<c>schemadrift.lock</c>), committed beside the migrations: one line per migration
/// (<c>id sha256:hex</c>) in application order, and a total over all of them, so an edited migration is caught
/// offline, in review and in CI.
/// </summary>
public sealed record MigrationsLock(IReadOnlyList<LockedMigration> Migrations)
{
    public const string FileName = "schemadrift.lock";
    private const string Header = "# schemadrift migrations lock v1: SHA-256 of the SQL each migration generates. Do not edit; run 'dotnet schemadrift checksums --update'.";

    public string Total => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join("\n", Migrations.Select(m => m.Id + " " + m.Checksum)))));

    public static MigrationsLock FromCode(IEnumerable<MigrationInfo> migrations) =>
        new(migrations.Select(m => new LockedMigration(m.Id, MigrationChecksum.Compute(m.Commands))).ToList());

    public string Format()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var migration in Migrations)
        {
            text.Append(migration.Id).Append(" sha256:").Append(migration.Checksum).Append('\n');
        }

        return text.Append("total sha256:").Append(Total).Append('\n').ToString();
    }

    /// <summary>Reads a lock file; a malformed one is a usage error naming the line.</summary>
    public static MigrationsLock Parse(string text, string path)
    {
        var migrations = new List<LockedMigration>();
        string? total = null;
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !parts[1].StartsWith("sha256:", StringComparison.Ordinal) || parts[1].Length != "sha256:".Length + 64)
            {
                throw ToolException.Usage(string.Create(CultureInfo.InvariantCulture,
                    $"{path} line {number} is not '<migration id> sha256:<64 hex digits>'. Regenerate it with 'dotnet schemadrift checksums --update'."));
            }

            if (parts[0] == "total")
            {
                total = parts[1]["sha256:".Length..];
            }
            else
            {
                migrations.Add(new LockedMigration(parts[0], parts[1]["sha256:".Length..]));
            }
        }

        var result = new MigrationsLock(migrations);
        if (total is not null && total != result.Total)
        {
            throw ToolException.Usage($"{path}: the total does not match its lines (the file was edited by hand). Regenerate it with 'dotnet schemadrift checksums --update'.");
        }

        return result;
    }

    /// <summary>
    /// Where the lock lives: the folder holding the migrations' source files (found by their ids, as
    /// <c>dotnet ef migrations add</c> names them), else the project's Migrations folder, else the project folder.
    /// </summary>
    public static string Locate(string projectDirectory, IReadOnlyList<MigrationInfo> migrations)
    {
        var ids = migrations.Select(m => m.Id + ".cs").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var folder = ids.Count == 0
            ? null
            : Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(f => ids.Contains(Path.GetFileName(f)))
                .GroupBy(Path.GetDirectoryName)
                .OrderByDescending(g => g.Count())
                .Select(g => g.Key)
                .FirstOrDefault();
        folder ??= Directory.Exists(Path.Combine(projectDirectory, "Migrations")) ? Path.Combine(projectDirectory, "Migrations") : projectDirectory;
        return Path.Combine(folder, FileName);
    }
}

/// <summary>How the code's migrations compare with the lock file.</summary>
/// <param name="Edited">Locked migrations whose checksum changed: edited after they were locked (critical).</param>
/// <param name="Unlocked">Migrations in the code that the lock does not list yet (minor).</param>
/// <param name="Missing">Locked migrations no longer in the code (major).</param>
public sealed record LockComparison(
    IReadOnlyList<(LockedMigration Locked, LockedMigration Current)> Edited,
    IReadOnlyList<LockedMigration> Unlocked,
    IReadOnlyList<LockedMigration> Missing)
{
    public bool IsClean => Edited.Count == 0 && Unlocked.Count == 0 && Missing.Count == 0;

    public static LockComparison Compare(MigrationsLock locked, MigrationsLock current)
    {
        var lockedById = locked.Migrations.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var currentIds = current.Migrations.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        return new LockComparison(
            current.Migrations.Where(m => lockedById.TryGetValue(m.Id, out var l) && l.Checksum != m.Checksum).Select(m => (lockedById[m.Id], m)).ToList(),
            current.Migrations.Where(m => !lockedById.ContainsKey(m.Id)).ToList(),
            locked.Migrations.Where(m => !currentIds.Contains(m.Id)).ToList());
    }
}
