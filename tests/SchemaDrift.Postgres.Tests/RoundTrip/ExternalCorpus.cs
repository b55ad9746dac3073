namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// Test corpora that are not part of the repository: <c>shared/corpus/&lt;name&gt;</c> in a folder above the test
/// assembly (beside the checkout in CI). A plain clone has none, and the tests that read one are skipped.
/// </summary>
internal static class ExternalCorpus
{
    /// <summary>The corpus folder, or null when no folder above the test assembly holds it.</summary>
    public static string? Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A theory over an external corpus (<see cref="ExternalCorpus"/>), skipped with a reason naming the missing folder.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(string corpus)
    {
        if (ExternalCorpus.Find(corpus) is null)
        {
            Skip = $"external corpus shared/corpus/{corpus} not found in any folder above {AppContext.BaseDirectory}";
        }
    }
}
