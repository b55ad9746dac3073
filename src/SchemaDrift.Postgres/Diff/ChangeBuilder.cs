using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>A change being assembled: what differs, how bad it is, and (after planning) its statements.</summary>
internal sealed class ChangeBuilder(
    ChangeKind kind,
    ChangeType changeType,
    ObjectKind objectKind,
    string objectKey,
    string objectName,
    string? before,
    string? after,
    string description,
    Classification classification)
{
    public string ObjectKey { get; } = objectKey;

    public List<SqlStatement> Statements { get; } = [];

    public SchemaChange Build() => new(
        kind,
        changeType,
        objectKind,
        ObjectKey,
        objectName,
        before,
        after,
        description,
        classification.Severity,
        classification.Hazards,
        Statements.ToValueList());
}

/// <summary>The severity and hazards of one change (see <see cref="ChangeClassifier"/>).</summary>
internal readonly record struct Classification(Severity Severity, Hazards Hazards = Hazards.None)
{
    public static Classification Minor => new(Severity.Minor);

    public static Classification Major => new(Severity.Major);

    public static Classification Critical => new(Severity.Critical);

    public Classification With(Hazards hazards) => this with { Hazards = Hazards | hazards };

    public Classification AtLeast(Severity severity) => this with { Severity = severity > Severity ? severity : Severity };
}
