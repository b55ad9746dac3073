using System.Text.RegularExpressions;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Tool.Tests.Packaging;

namespace SchemaDrift.Tool.Tests.Architecture;

/// <summary>
/// The rules of docs/architecture.md that the source itself can be checked for: output only in Commands/ and
/// Reporting/, files of at most 400 lines, one host protocol, and the vocabulary typed everywhere but at its edges.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class LayoutTests
{
    private static readonly string Source = Path.Combine(ToolPackageTests.RepositoryRoot(), "src");

    private static readonly string Tool = Path.Combine(Source, "SchemaDrift.Tool");

    [Fact]
    public void Only_commands_and_reporting_use_the_console()
    {
        var users = Files(Tool)
            .Where(f => Folder(Tool, f) is not ("Commands" or "Reporting"))
            .Where(f => ConsoleUse().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Tool, f))
            .ToList();

        Assert.Empty(users);
    }

    /// <summary>The tool's folders in the order data flows (docs/architecture.md): each may use only the ones before it.</summary>
    private static readonly string[] Order =
        ["Configuration", "Hosting", "History", "Audit", "Integrity", "Backups", "Verification", "Fixing", "Apply", "Linting", "Services", "Notifications", "Reporting", "Commands"];

    [Fact]
    public void Each_folder_uses_only_the_folders_before_it()
    {
        Assert.Equal(
            Order.Order(StringComparer.Ordinal),
            Directory.GetDirectories(Tool).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Order(StringComparer.Ordinal));
        var uses = Files(Tool)
            .Where(f => Folder(Tool, f).Length > 0)
            .SelectMany(f => FolderUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Tool, f), From: Folder(Tool, f), To: m.Groups["folder"].Value)))
            .Where(u => u.To != u.From && Array.IndexOf(Order, u.To) > Array.IndexOf(Order, u.From))
            .Distinct()
            .ToList();

        Assert.Empty(uses);
    }

    [Fact]
    public void No_source_file_is_over_400_lines()
    {
        var long_ = Files(Source)
            .Select(f => (File: Path.GetRelativePath(Source, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 400)
            .ToList();

        Assert.Empty(long_);
    }

    [Fact]
    public void The_host_protocol_is_one_file_compiled_into_host_and_tool()
    {
        var declarations = Files(Source).Where(f => ProtocolDeclaration().IsMatch(File.ReadAllText(f))).ToList();

        var protocol = Assert.Single(declarations);
        Assert.Equal(Path.Combine(Source, "SchemaDrift.DesignHost", "Protocol", "HostProtocol.cs"), protocol);
        Assert.Contains(@"..\SchemaDrift.DesignHost\Protocol\HostProtocol.cs", File.ReadAllText(Path.Combine(Tool, "SchemaDrift.Tool.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void Change_and_finding_kinds_are_named_only_by_their_enums()
    {
        // "add-column" written by hand compiles, and a typo in it silently changes a severity or an exit code.
        var names = Enum.GetValues<ChangeKind>().Select(k => k.Name()).Concat(Enum.GetValues<FindingKind>().Select(k => k.Name())).ToHashSet(StringComparer.Ordinal);
        var literals = Files(Source)
            .SelectMany(f => StringLiteral().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Source, f), Text: m.Groups[1].Value)))
            .Where(l => names.Contains(l.Text) || (l.Text.StartsWith("model-", StringComparison.Ordinal) && names.Contains(l.Text[6..])))
            .ToList();

        Assert.Empty(literals);
    }

    [Fact]
    public void Every_finding_and_change_kind_has_a_distinct_name()
    {
        var findings = Enum.GetValues<FindingKind>().Select(k => k.Name()).ToList();
        var changes = Enum.GetValues<ChangeKind>().Select(k => k.Name()).ToList();

        Assert.Equal(findings.Count, findings.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(changes.Count, changes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(findings.Concat(changes), n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
    }

    /// <summary>The source files of a project folder, without build output.</summary>
    private static IEnumerable<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    /// <summary>The first folder of <paramref name="file"/> under <paramref name="root"/> (empty for a file at the root).</summary>
    private static string Folder(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts.Length > 1 ? parts[0] : string.Empty;
    }

    [GeneratedRegex(@"class HostProtocol\b|ProtocolVersion\s*=")]
    private static partial Regex ProtocolDeclaration();

    [GeneratedRegex(@"(?:using SchemaDrift\.Tool\.|SchemaDrift\.Tool\.|(?<![.\w]))(?<folder>Configuration|Hosting|History|Audit|Integrity|Backups|Verification|Fixing|Apply|Services|Notifications|Reporting|Commands)(?:\.(?=[A-Z])|;)")]
    private static partial Regex FolderUse();

    [GeneratedRegex(@"\bConsole\.|\bToolConsole\b")]
    private static partial Regex ConsoleUse();

    [GeneratedRegex("\"([a-z][a-z-]*)\"")]
    private static partial Regex StringLiteral();
}
