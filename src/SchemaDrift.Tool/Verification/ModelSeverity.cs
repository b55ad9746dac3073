using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Re-judges drift by what the model says the application does with the object: a HiLo sequence whose increment
/// changed hands out duplicate keys (critical); NOT NULL on a column the model says is optional makes inserts fail
/// (critical); a unique index of the model made non-unique lets duplicates in (major). Each gets an explanation in
/// the application's terms. Findings on objects the model says nothing about keep their severity.
/// </summary>
public static class ModelSeverity
{
    public static IReadOnlyList<VerifyFinding> Apply(IEnumerable<VerifyFinding> findings, SchemaSnapshot live, SchemaSnapshot expected, EfModelIndex index) =>
        [.. findings.Select(f => f.Cause == FindingCause.Unexplained ? Judge(f, live, expected, index) : f)];

    private static VerifyFinding Judge(VerifyFinding finding, SchemaSnapshot live, SchemaSnapshot expected, EfModelIndex index)
    {
        // By the repair's action: the kinds of drift are coarser for constraints and indexes.
        switch (finding.Repair?.Action)
        {
            case ChangeKind.AlterSequence when index.Find(ObjectKinds.Sequence, finding.Object) is { HiLo: true } hiLo:
                {
                    var now = live.Sequences.FirstOrDefault(s => s.DisplayName == finding.Object);
                    var then = expected.Sequences.FirstOrDefault(s => s.DisplayName == finding.Object);
                    if (now is null || then is null || now.Increment == then.Increment)
                    {
                        return finding;
                    }

                    return finding with
                    {
                        Severity = Severity.Critical,
                        Explanation = $"{hiLo.Mapping}: EF Core's HiLo generator reserves a block of {then.Increment} keys per value it reads from this " +
                            $"sequence; with increment {now.Increment} the blocks overlap and the application hands out duplicate keys.",
                    };
                }

            case ChangeKind.AlterColumnNullability when index.Find(ObjectKinds.Column, finding.Object) is { Required: false } optional:
                {
                    var column = live.Tables.SelectMany(t => t.Columns).FirstOrDefault(c => c.DisplayName == finding.Object);
                    return column is { NotNull: true }
                        ? finding with
                        {
                            Severity = Severity.Critical,
                            Explanation = $"{optional.Mapping} is optional in the model: the application inserts NULL into it, which NOT NULL refuses.",
                        }
                        : finding;
                }

            case ChangeKind.ChangeIndex when index.Find(ObjectKinds.Index, finding.Object) is { Unique: true } unique:
                {
                    var now = live.Indexes.FirstOrDefault(i => i.DisplayName == finding.Object);
                    return now is { Unique: false }
                        ? finding with
                        {
                            Severity = Severity.Major,
                            Explanation = $"{unique.Mapping} is unique in the model, but the database's index is not: duplicate values are accepted, " +
                                "and queries that expect at most one row can get several.",
                        }
                        : finding;
                }

            default:
                return finding;
        }
    }
}
