using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>Owners, the settings pg_dump writes as ALTER statements, sequence positions and type changes without a cast.</summary>
[Trait("Category", "Unit")]
public class OwnerSettingsCastDiffTests
{
    private static readonly DbTable Events = Table("events", Col("id", "integer", notNull: true), Col("at", "bigint"));

    private static DbOwner OwnerOf(string table, string role) => new("table:" + Q(table), ObjectKind.Table, "TABLE " + Q(table).Sql, role);

    [Fact]
    public void Owners_that_differ_are_listed_as_not_compared_unless_asked_for()
    {
        var from = Snapshot(Events) with { Owners = ValueList.Of(OwnerOf("events", "alice")) };
        var to = Snapshot(Events) with { Owners = ValueList.Of(OwnerOf("events", "bob")) };

        var silent = Compare(from, to);
        var compared = Compare(from, to, new DiffOptions(CompareOwners: true));

        Assert.True(silent.IsEmpty);
        var owners = Assert.Single(silent.NotCompared, n => n.Kind.StartsWith("owners", StringComparison.Ordinal));
        Assert.Equal(1, owners.Count);
        Assert.Contains("alice → bob", owners.Examples[0], StringComparison.Ordinal);
        Assert.Equal("ALTER TABLE public.events OWNER TO bob;", compared.Single("change-owner").Statements.Single().Sql);
        Assert.DoesNotContain(compared.NotCompared, n => n.Kind.StartsWith("owners", StringComparison.Ordinal));
    }

    [Fact]
    public void Privileges_are_listed_as_not_compared_without_the_option()
    {
        var source = Snapshot(Events, Grant("events", "reader", "SELECT"));

        var result = Compare(source, source with { });

        var privileges = Assert.Single(result.NotCompared, n => n.Kind.StartsWith("granted privileges", StringComparison.Ordinal));
        Assert.Equal(["public.events"], privileges.Examples);
        Assert.DoesNotContain(Compare(source, source with { }, new DiffOptions(ComparePrivileges: true)).NotCompared, n => n.Kind.StartsWith("granted", StringComparison.Ordinal));
    }

    [Fact]
    public void Column_and_table_settings_are_altered_on_this_table_only()
    {
        var to = Events with
        {
            ReplicaIdentity = "full",
            Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", "bigint").On(Q("events")) with { Statistics = 500, Storage = "main" }),
        };

        var result = Compare(Snapshot(Events), Snapshot(to));

        Assert.Equal("ALTER TABLE ONLY public.events ALTER COLUMN at SET STATISTICS 500;", result.Single("alter-column-statistics").Statements.Single().Sql);
        Assert.Equal("ALTER TABLE ONLY public.events ALTER COLUMN at SET STORAGE MAIN;", result.Single("alter-column-storage").Statements.Single().Sql);
        Assert.Equal("ALTER TABLE public.events REPLICA IDENTITY FULL;", result.Single("alter-table-replica-identity").Statements.Single().Sql);
    }

    [Fact]
    public void Storage_and_compression_a_type_change_resets_are_set_again_after_it()
    {
        DbColumn Column(string type) => Col("body", type).On(Q("notes")) with { Storage = "external", Compression = "pglz", Statistics = 300 };
        var source = Table("notes") with { Columns = ValueList.Of(Col("id", "integer").On(Q("notes")), Column("text")) };
        var target = source with { Columns = ValueList.Of(Col("id", "integer").On(Q("notes")), Column("character varying(50)")) };

        var result = Compare(Snapshot(source), Snapshot(target));

        // ALTER COLUMN ... TYPE gives the column its new type's storage and the default compression, and keeps its statistics target.
        var change = Assert.Single(result.Changes);
        Assert.Equal("alter-column-type", change.Kind.Name());
        Assert.Equal(
            [
                "ALTER TABLE public.notes ALTER COLUMN body TYPE character varying(50) USING body::character varying(50);",
                "ALTER TABLE ONLY public.notes ALTER COLUMN body SET STORAGE EXTERNAL;",
                "ALTER TABLE ONLY public.notes ALTER COLUMN body SET COMPRESSION pglz;",
            ],
            change.Statements.Select(s => s.Sql));
    }

    [Fact]
    public void A_type_change_no_cast_converts_drops_and_adds_the_column_as_a_destructive_change()
    {
        var to = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", "timestamp without time zone").On(Q("events"))) };
        var casts = ValueList.Of("bigint→integer", "integer→bigint");

        var result = Compare(Snapshot(Events) with { Casts = casts }, Snapshot(to) with { Casts = casts });

        var change = result.Single("alter-column-type");
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.Contains("no cast", change.Description, StringComparison.Ordinal);
        Assert.All(change.Statements, s => Assert.True(s.Destructive));
        result.AssertOrder("DROP COLUMN at", "ADD COLUMN at timestamp without time zone");
        Assert.Empty(result.Statements(includeDestructive: false));
    }

    [Fact]
    public void A_type_change_a_cast_converts_keeps_the_column()
    {
        var to = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", "integer").On(Q("events"))) };
        var casts = ValueList.Of("bigint→integer");

        var result = Compare(Snapshot(Events) with { Casts = casts }, Snapshot(to) with { Casts = casts });

        Assert.Contains("ALTER COLUMN at TYPE integer USING at::integer", result.Sql(), StringComparison.Ordinal);
        Assert.DoesNotContain("DROP COLUMN", result.Sql(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("integer[]", "text")]
    [InlineData("text", "integer[]")]
    [InlineData("character varying(20)[]", "character varying")]
    public void An_array_to_or_from_a_string_type_converts_through_its_text(string before, string after)
    {
        var from = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", before).On(Q("events"))) };
        var to = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", after).On(Q("events"))) };
        var casts = ValueList.Of("bigint→integer");

        var result = Compare(Snapshot(from) with { Casts = casts }, Snapshot(to) with { Casts = casts });

        Assert.Contains($"ALTER COLUMN at TYPE {after} USING at::{after}", result.Sql(), StringComparison.Ordinal);
        Assert.DoesNotContain("DROP COLUMN", result.Sql(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_to_a_scalar_other_than_a_string_has_no_cast()
    {
        var from = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", "integer[]").On(Q("events"))) };
        var to = Events with { Columns = ValueList.Of(Col("id", "integer", notNull: true).On(Q("events")), Col("at", "integer").On(Q("events"))) };
        var casts = ValueList.Of("bigint→integer");

        var result = Compare(Snapshot(from) with { Casts = casts }, Snapshot(to) with { Casts = casts });

        result.AssertOrder("DROP COLUMN at", "ADD COLUMN at integer");
        Assert.Empty(result.Statements(includeDestructive: false));
    }

    [Fact]
    public void A_sequence_below_its_new_minimum_restarts_there_and_one_inside_it_does_not()
    {
        var tickets = Sequence("tickets");
        var narrowed = tickets with { MinValue = 1000, Start = 1000 };

        var below = Compare(Snapshot(tickets) with { SequencePositions = ValueList.Of(new DbSequencePosition(tickets.Key, 3)) }, Snapshot(narrowed));
        var inside = Compare(Snapshot(tickets) with { SequencePositions = ValueList.Of(new DbSequencePosition(tickets.Key, 5000)) }, Snapshot(narrowed));

        Assert.EndsWith("RESTART WITH 1000;", below.Single("alter-sequence").Statements.Single().Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("RESTART", inside.Sql(), StringComparison.Ordinal);
        Assert.Empty(below.UnknownPositions);
        Assert.Empty(inside.UnknownPositions);
    }

    [Fact]
    public void A_narrowed_range_whose_position_the_source_does_not_hold_is_listed_for_reading()
    {
        // A source read without positions (diff reads them only when asked): the sequence and the identity column
        // whose ranges narrow are listed, by name; a widened range and an unchanged one are not.
        var tickets = Sequence("tickets");
        var wide = Sequence("wide");
        var still = Sequence("still");
        var orders = Table("app.orders", Col("id", "integer", identity: IdentityKind.ByDefault), Col("note", "text"));
        var id = orders.Columns[0];
        var narrowedOrders = orders with { Columns = ValueList.Of(id with { IdentityOptions = id.IdentityOptions! with { MinValue = 500, Start = 500 } }, orders.Columns[1]) };

        var result = Compare(
            Snapshot(tickets, wide, still, orders),
            Snapshot(tickets with { MinValue = 1000, Start = 1000 }, wide with { MinValue = -5 }, still, narrowedOrders));

        Assert.Equal(
            [new SequencePositionRequest(id.Key, orders.Name, "id"), new SequencePositionRequest(tickets.Key, tickets.Name, null)],
            result.UnknownPositions.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.DoesNotContain("RESTART", result.Sql(), StringComparison.Ordinal);

        // Given the positions, nothing is left to read and the script restarts what stands outside its new range.
        var positioned = Compare(
            Snapshot(tickets, wide, still, orders) with
            {
                SequencePositions = ValueList.Of(new DbSequencePosition(id.Key, 3), new DbSequencePosition(tickets.Key, 3)),
            },
            Snapshot(tickets with { MinValue = 1000, Start = 1000 }, wide with { MinValue = -5 }, still, narrowedOrders));
        Assert.Empty(positioned.UnknownPositions);
        Assert.Contains("RESTART WITH 1000", positioned.Sql(), StringComparison.Ordinal);
        Assert.Contains("RESTART WITH 500", positioned.Sql(), StringComparison.Ordinal);
    }
}
