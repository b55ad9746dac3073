namespace SchemaDrift.Tool.Integrity;

/// <summary>
/// Where each migration of the code lives: its <c>&lt;id&gt;.cs</c> file under the project folder (as <c>dotnet ef
/// migrations add</c> names it) and the line of its <c>Up</c> method, relative to the repository root, so annotations,
/// SARIF and Code Quality point at the file a reviewer opens.
/// </summary>
public sealed class MigrationSources
{
    private readonly IReadOnlyDictionary<string, SourceLocation> locations;

    public MigrationSources(IReadOnlyDictionary<string, SourceLocation> locations) => this.locations = locations;

    public static MigrationSources None { get; } = new(new Dictionary<string, SourceLocation>());

    /// <summary>The location of migration <paramref name="id"/>, when its file was found.</summary>
    public SourceLocation? Find(string? id) => id is not null && locations.TryGetValue(id, out var location) ? location : null;

    /// <summary>Reads the files of <paramref name="ids"/> under <paramref name="projectDirectory"/> (bin/ and obj/ left out).</summary>
    public static MigrationSources Scan(string projectDirectory, IEnumerable<string> ids, string root)
    {
        var wanted = ids.ToDictionary(id => id + ".cs", id => id, StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        if (wanted.Count == 0 || !Directory.Exists(projectDirectory))
        {
            return new MigrationSources(found);
        }

        var separator = Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{separator}obj{separator}", StringComparison.Ordinal) || file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                || !wanted.TryGetValue(Path.GetFileName(file), out var id) || found.ContainsKey(id))
            {
                continue;
            }

            found[id] = new SourceLocation(Relative(root, file), UpLine(File.ReadAllText(file)));
        }

        return new MigrationSources(found);
    }

    /// <summary>The 1-based line of the <c>Up</c> method's declaration, else 1.</summary>
    public static int UpLine(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Contains("override void Up(", StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 1;
    }

    /// <summary><paramref name="path"/> relative to <paramref name="root"/>, with forward slashes (as GitHub, GitLab and SARIF want).</summary>
    public static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The folder paths are relative to: the CI's checkout (<c>GITHUB_WORKSPACE</c>, <c>CI_PROJECT_DIR</c>,
    /// <c>BUILD_SOURCESDIRECTORY</c>), else the nearest folder above <paramref name="directory"/> with a <c>.git</c>,
    /// else <paramref name="directory"/>.
    /// </summary>
    public static string Root(string directory, Func<string, string?> getVariable)
    {
        foreach (var name in new[] { "GITHUB_WORKSPACE", "CI_PROJECT_DIR", "BUILD_SOURCESDIRECTORY" })
        {
            if (getVariable(name) is { Length: > 0 } value && Directory.Exists(value))
            {
                return Path.GetFullPath(value);
            }
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(directory);
    }
}

/// <summary>A file relative to the repository root (forward slashes) and a 1-based line.</summary>
public sealed record SourceLocation(string Path, int Line);
