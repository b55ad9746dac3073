using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Idioms.Tests;

/// <summary>
/// The model and its migrations disagree the ways long-lived repositories do (DisagreeContext): EF's differ sees no
/// model change, so each is a note without severity, apart from drift, naming the migration where it starts.
/// </summary>
[Collection(IdiomsCollection.Name)]
public sealed class DisagreementTests(IdiomsFixture fixture)
{
    [Fact]
    public async Task Each_disagreement_is_a_note_naming_where_it_starts_and_apply_exits_0()
    {
        var (database, apply) = await fixture.AppliedAsync("DisagreeContext");
        await using var _ = database;
        Assert.True(apply.Exit == 0, apply.ToString());

        var result = await fixture.VerifyAsync("DisagreeContext", database);
        Assert.Empty(result.Findings);
        Assert.Equal("clean", result.Status.Name());
        Assert.Equal(Severity.None, result.Severity);
        Assert.All(result.Disagreements, n =>
        {
            Assert.Equal(FindingCause.ModelAndMigrationsDisagree, n.Cause);
            Assert.Equal(Severity.None, n.Severity);
        });

        var notes = result.Disagreements.ToDictionary(n => FindingNames.Kind(n) + " " + n.Object, n => n.StartsIn);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                // A migration whose Up was emptied by hand while its designer adds the column.
                ["model-missing-column notes.notes.Priority"] = fixture.MigrationId("DisagreeContext", "AddPriority"),
                // A column removed from the model, its DropColumn deleted from the migration.
                ["model-extra-column notes.notes.Legacy"] = fixture.MigrationId("DisagreeContext", "DropLegacy"),
                // A type changed in the model and, by hand, in the snapshot only.
                ["model-column-type-differs notes.notes.Title"] = VerifyFinding.ModelSnapshot,
                // An index a migration creates that no designer file has.
                ["model-extra-index notes.IX_notes_Title"] = fixture.MigrationId("DisagreeContext", "AddTitleSearchIndex"),
            },
            notes);
        Assert.Equal("Note.Priority", result.Disagreements.Single(n => n.Object == "notes.notes.Priority").Entity);
    }

    [Fact]
    public async Task Notes_are_kept_apart_from_drift_in_the_console_json_and_markdown()
    {
        var (database, _) = await fixture.AppliedAsync("DisagreeContext");
        await using var _1 = database;
        await database.ExecuteAsync("""ALTER TABLE notes.notes ALTER COLUMN "Body" SET NOT NULL;""");
        var result = await fixture.VerifyAsync("DisagreeContext", database);
        var report = new VerifyReport([result], TimeSpan.Zero);

        // Drift: NOT NULL on a column the model says is optional.
        var drift = Assert.Single(result.Findings);
        Assert.Equal(Severity.Critical, drift.Severity);
        Assert.Equal("Note.Body", drift.Entity);
        Assert.Contains("optional in the model", drift.Explanation, StringComparison.Ordinal);
        Assert.Equal(4, result.Disagreements.Count);

        using var json = JsonDocument.Parse(VerifyJsonWriter.Write(report));
        var environment = json.RootElement.GetProperty("results")[0];
        Assert.Equal("critical", environment.GetProperty("severity").GetString());
        Assert.Single(environment.GetProperty("findings").EnumerateArray());
        var notes = environment.GetProperty("disagreements").EnumerateArray().ToList();
        Assert.Equal(4, notes.Count);
        Assert.All(notes, n => Assert.Equal("none", n.GetProperty("severity").GetString()));
        Assert.Contains(notes, n => n.GetProperty("startsIn").GetString() == fixture.MigrationId("DisagreeContext", "AddPriority"));

        var markdown = VerifyMarkdownWriter.Write(report);
        Assert.Contains("#### Notes: the model and its migrations disagree", markdown, StringComparison.Ordinal);
        Assert.Contains("Note.Body", markdown, StringComparison.Ordinal);

        var output = new StringWriter();
        VerifySummaryWriter.Write(new ToolConsole(output, output, color: false), report);
        var text = output.ToString();
        Assert.Contains("note: the model and its migrations disagree (4;", text, StringComparison.Ordinal);
        Assert.Contains("column-nullability-differs notes.notes.Body (Note.Body, created by " + fixture.MigrationId("DisagreeContext", "Initial") + ")", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("critical (1)", StringComparison.Ordinal) < text.IndexOf("note: the model", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_finding_names_the_entity_and_the_migrations_that_created_and_last_changed_its_object()
    {
        var (database, _) = await fixture.AppliedAsync("EvolutionContext");
        await using var _1 = database;
        await database.ExecuteAsync("""ALTER TABLE legacy.customer_accounts ALTER COLUMN "Name" DROP NOT NULL; ALTER TABLE legacy.customer_accounts ALTER COLUMN "Remarks" TYPE character varying(10);""");
        var result = await fixture.VerifyAsync("EvolutionContext", database);

        var name = result.Findings.Single(f => f.Object == "legacy.customer_accounts.Name");
        Assert.Equal("Account.Name", name.Entity);
        Assert.Equal(fixture.MigrationId("EvolutionContext", "Initial"), name.CreatedBy);
        Assert.Equal(fixture.MigrationId("EvolutionContext", "RequireAccountName"), name.LastChangedBy);

        // Created as accounts.Notes; its table and then itself renamed.
        var remarks = result.Findings.Single(f => f.Object == "legacy.customer_accounts.Remarks");
        Assert.Equal("Account.Notes", remarks.Entity);
        Assert.Equal(fixture.MigrationId("EvolutionContext", "Initial"), remarks.CreatedBy);
        Assert.Equal(fixture.MigrationId("EvolutionContext", "RenameRemarksAndAccounts"), remarks.LastChangedBy);
        Assert.Equal(
            $" (Account.Notes, created by {remarks.CreatedBy}, last changed by {remarks.LastChangedBy})",
            EfTerms.Suffix(remarks));
    }
}
