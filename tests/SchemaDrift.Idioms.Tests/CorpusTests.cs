using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Idioms.Tests;

/// <summary>
/// Every context of the corpus, migrated by the tool's apply and by EF Core's own Database.Migrate(), verifies with
/// zero findings; one hand-made drift per idiom is found with the severity the application suffers.
/// </summary>
[Collection(IdiomsCollection.Name)]
public sealed class CorpusTests(IdiomsFixture fixture)
{
    public static TheoryData<string> CleanContexts() => new(IdiomsFixture.Contexts.Where(c => c != "DisagreeContext"));

    public static TheoryData<Idiom> Idioms() => new(Idiom.All);

    [Theory]
    [MemberData(nameof(CleanContexts))]
    public async Task Applied_by_the_tool_is_clean_and_apply_exits_0(string context)
    {
        var (database, apply) = await fixture.AppliedAsync(context);
        await using var _ = database;
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains("post-apply verify: clean", apply.Output, StringComparison.Ordinal);

        var result = await fixture.VerifyAsync(context, database);
        Assert.Null(result.Error);
        Assert.True(result.Findings.Count == 0, Describe(result.Findings));
        Assert.True(result.Disagreements.Count == 0, Describe(result.Disagreements));
    }

    [Theory]
    [MemberData(nameof(CleanContexts))]
    public async Task Migrated_by_ef_cores_own_migrator_is_clean(string context)
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await fixture.EfMigrateAsync(context, database);

        var result = await fixture.VerifyAsync(context, database);
        Assert.Null(result.Error);
        Assert.Equal(fixture.Migrations(context).Migrations.Count, result.Migrations.Applied.Count);
        Assert.True(result.Findings.Count == 0, Describe(result.Findings));
        Assert.True(result.Disagreements.Count == 0, Describe(result.Disagreements));
    }

    [Theory]
    [MemberData(nameof(Idioms))]
    public async Task Hand_made_drift_is_found_with_the_severity_the_application_suffers(Idiom idiom)
    {
        var (database, _) = await fixture.AppliedAsync(idiom.Context);
        await using var _1 = database;
        await database.ExecuteAsync(idiom.Drift);

        var result = await fixture.VerifyAsync(idiom.Context, database);
        Assert.Null(result.Error);
        var finding = result.Findings.FirstOrDefault(f => FindingNames.Kind(f) == idiom.Kind && f.Object.EndsWith(idiom.Object, StringComparison.Ordinal));
        Assert.True(finding is not null, $"no {idiom.Kind} {idiom.Object} among: {Describe(result.Findings)}");
        Assert.True(finding.Severity == idiom.Severity, $"{idiom.Kind} {idiom.Object} is {finding.Severity}, expected {idiom.Severity}: {Describe(result.Findings)}");
        if (idiom.Entity is not null)
        {
            Assert.Equal(idiom.Entity, finding.Entity);
        }

        Assert.Empty(result.Disagreements);
    }

    private static string Describe(IEnumerable<VerifyFinding> findings) =>
        string.Join("; ", findings.Select(f => $"{f.Severity.Name()} {f.Cause.Name()} {FindingNames.Kind(f)} {f.Object}{EfTerms.Suffix(f)} [{f.Expected} | {f.Actual}]"));
}
