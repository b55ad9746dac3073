using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class ChangeClassifierTests
{
    [Theory]
    [InlineData("character varying(10)", "character varying(20)", "BinaryCoercible")]
    [InlineData("character varying(20)", "character varying", "BinaryCoercible")]
    [InlineData("character varying(20)", "text", "BinaryCoercible")]
    [InlineData("text", "character varying", "BinaryCoercible")]
    [InlineData("numeric(10,2)", "numeric(12,2)", "BinaryCoercible")]
    [InlineData("numeric(10,2)", "numeric", "BinaryCoercible")]
    [InlineData("timestamp(3) without time zone", "timestamp without time zone", "BinaryCoercible")]
    [InlineData("character varying(10)[]", "character varying(20)[]", "BinaryCoercible")]
    [InlineData("integer", "bigint", "Widening")]
    [InlineData("smallint", "integer", "Widening")]
    [InlineData("numeric(10,2)", "numeric(12,4)", "Widening")]
    [InlineData("integer", "numeric(12,0)", "Widening")]
    [InlineData("real", "double precision", "Widening")]
    [InlineData("integer", "text", "Widening")]
    [InlineData("character varying(100)", "character varying(50)", "Narrowing")]
    [InlineData("text", "character varying(50)", "Narrowing")]
    [InlineData("numeric(10,2)", "numeric(8,2)", "Narrowing")]
    [InlineData("numeric(10,4)", "numeric(10,2)", "Narrowing")]
    [InlineData("numeric", "numeric(10,2)", "Narrowing")]
    [InlineData("bigint", "integer", "Narrowing")]
    [InlineData("integer", "smallint", "Narrowing")]
    [InlineData("integer", "numeric(5,0)", "Narrowing")]
    [InlineData("numeric", "integer", "Narrowing")]
    [InlineData("double precision", "real", "Narrowing")]
    [InlineData("timestamp with time zone", "date", "Narrowing")]
    [InlineData("timestamp(6) with time zone", "timestamp(0) with time zone", "Narrowing")]
    [InlineData("text", "jsonb", "Other")]
    [InlineData("integer", "integer[]", "Other")]
    [InlineData("timestamp without time zone", "timestamp with time zone", "Other")]
    public void Type_conversions(string from, string to, string expected) =>
        Assert.Equal(System.Enum.Parse<TypeConversion>(expected), ChangeClassifier.Conversion(from, to));

    [Fact]
    public void Severity_of_type_changes_follows_the_conversion()
    {
        Assert.Equal(new Classification(Severity.Major, Hazards.AccessExclusiveLock), ChangeClassifier.AlterColumnType("character varying(10)", "text"));
        Assert.Equal(new Classification(Severity.Major, Hazards.AccessExclusiveLock | Hazards.RewritesTable), ChangeClassifier.AlterColumnType("integer", "bigint"));
        Assert.Equal(
            new Classification(Severity.Critical, Hazards.AccessExclusiveLock | Hazards.RewritesTable | Hazards.DeletesData),
            ChangeClassifier.AlterColumnType("bigint", "integer"));
    }

    [Fact]
    public void Added_columns()
    {
        Assert.Equal(Severity.Minor, ChangeClassifier.AddColumn(Col("a", "text")).Severity);
        Assert.Equal(Severity.Minor, ChangeClassifier.AddColumn(Col("a", "text", notNull: true, @default: "''::text")).Severity);
        Assert.Equal(Severity.Minor, ChangeClassifier.AddColumn(Col("a", "integer", identity: IdentityKind.Always)).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.AddColumn(Col("a", "text", notNull: true)).Severity);
        Assert.False(ChangeClassifier.RewritesOnAdd(Col("a", "timestamp with time zone", @default: "now()")));
        Assert.True(ChangeClassifier.RewritesOnAdd(Col("a", "integer", @default: "nextval('public.s'::regclass)")));
        Assert.True(ChangeClassifier.RewritesOnAdd(Col("a", "uuid", @default: "gen_random_uuid()")));
        Assert.True(ChangeClassifier.RewritesOnAdd(Col("a", "integer", generated: "(b * 2)")));
    }

    [Fact]
    public void Keys_and_uniqueness_dropped_are_critical_checks_major()
    {
        Assert.Equal(Severity.Critical, ChangeClassifier.DropConstraint(Pk("t", "pk", "a")).Severity);
        Assert.Equal(Severity.Critical, ChangeClassifier.DropConstraint(Unique("t", "u", "a")).Severity);
        Assert.Equal(Severity.Critical, ChangeClassifier.DropConstraint(Fk("t", "fk", "a", "u", "id")).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.DropConstraint(Check("t", "c", "a > 0")).Severity);
        Assert.Equal(Hazards.BlocksWrites | Hazards.ValidatesRows, ChangeClassifier.AddConstraint(Fk("t", "fk", "a", "u", "id")).Hazards);
        Assert.Equal(Hazards.BlocksWrites, ChangeClassifier.AddConstraint(Fk("t", "fk", "a", "u", "id") with { Validated = false }).Hazards);
    }

    [Fact]
    public void Fixed_rules()
    {
        Assert.Equal(Severity.Critical, ChangeClassifier.Of(ChangeKind.DropTable).Severity);
        Assert.Equal(Severity.Critical, ChangeClassifier.Of(ChangeKind.DropSequence).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.Of(ChangeKind.ChangeView).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.Of(ChangeKind.AlterTriggerEnabled).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.Of(ChangeKind.AlterTableRls).Severity);
        Assert.Equal(Severity.Minor, ChangeClassifier.Of(ChangeKind.ChangeComment).Severity);
        Assert.Equal(Severity.Minor, ChangeClassifier.Of(ChangeKind.AlterTableStorage).Severity);
        Assert.Equal(Severity.Minor, ChangeClassifier.Of(ChangeKind.AddEnumValue).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.DropIndex(concurrently: false).Severity);
        Assert.Equal(Hazards.BlocksWrites, ChangeClassifier.AddIndex(concurrently: false).Hazards);
        Assert.Equal(Hazards.None, ChangeClassifier.AddIndex(concurrently: true).Hazards);
        Assert.Equal(Severity.Critical, ChangeClassifier.ReplaceEnum(labelsRemoved: true, usedByColumns: true).Severity);
        Assert.Equal(Severity.Critical, ChangeClassifier.DropRoutine(used: true).Severity);
        Assert.Equal(Severity.Major, ChangeClassifier.DropRoutine(used: false).Severity);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeClassifier.Of((ChangeKind)999));
    }
}
