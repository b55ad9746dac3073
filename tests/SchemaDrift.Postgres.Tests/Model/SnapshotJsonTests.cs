using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Model;

[Trait("Category", "Unit")]
public sealed class SnapshotJsonTests
{
    [Fact]
    public void Every_list_of_the_model_has_a_converter_and_metadata_for_its_items()
    {
        var lists = ListTypes(typeof(SchemaSnapshot), []);

        Assert.Contains(typeof(ValueList<DbColumn>), lists);
        Assert.All(lists, list =>
        {
            Assert.NotNull(SnapshotJson.Options.GetConverter(list));
            Assert.NotNull(SnapshotJson.Options.GetTypeInfo(typeof(ImmutableArray<>).MakeGenericType(list.GetGenericArguments())));
        });
    }

    [Fact]
    public void An_empty_snapshot_is_written_as_before()
    {
        Assert.Equal(
            """{"ServerVersionNum":150000,"Database":"","Schemas":[],"Extensions":[],"Collations":[],"Enums":[],"Domains":[],"Sequences":[],"Tables":[],"Constraints":[],"Indexes":[],"Views":[],"Functions":[],"Triggers":[],"Policies":[],"Privileges":[],"Dependencies":[],"NotCompared":[],"PrivilegesRead":false,"CompositeTypes":[],"Owners":[],"Casts":[],"SequencePositions":[],"RangeTypes":[]}""",
            SnapshotJson.Serialize(SchemaSnapshot.Empty()));
    }

    [Fact]
    public void A_snapshot_with_every_kind_of_object_round_trips()
    {
        var name = new QualifiedName("shöp", "Ordér \"x\"");
        var snapshot = new SchemaSnapshot(
            170004,
            "db",
            ValueList.Of(new DbSchema("shöp", "€ <b>")),
            ValueList.Of(new DbExtension("citext", "public", "1.6", null)),
            ValueList.Of(new DbCollation(name, "icu", null, null, "de-DE", false, null)),
            ValueList.Of(new DbEnum(name, ValueList.Of("sad", "ok"), null)),
            ValueList.Of(new DbDomain(name, "integer", "1", true, null, ValueList.Of(new DbDomainConstraint("positive", "CHECK ((VALUE > 0))", false)), null)),
            ValueList.Of(new DbSequence(name, "bigint", 1, -1, long.MinValue, long.MaxValue, 1, true, null, null)),
            ValueList.Of(new DbTable(
                name, TableKind.Partitioned, true, "RANGE (at)", name, null, ValueList.Of(new QualifiedName("a", "b")), ValueList.Of("fillfactor=70"), true, true,
                ValueList.Of(
                    new DbColumn(name, "id", "integer", true, null, IdentityKind.ByDefault, new DbIdentityOptions("integer", 1, 1, 1, int.MaxValue, 1, false), null, null, false, null, 100, "main", "lz4", ValueList.Of("n_distinct=1"), "plain"),
                    new DbColumn(name, "at", "date", false, "now()", IdentityKind.None, null, null, "\"C\"", true, "when")),
                null, "index", "ix", "ix", null, "fast")),
            ValueList.Of(new DbConstraint(name, "pk", ConstraintKind.PrimaryKey, "PRIMARY KEY (id)", true, false, false, ValueList.Of("id"), null, null, new DbIndexSettings(ValueList.Of("fillfactor=90"), "fast", ValueList.Of("1=5"), "c"), name)),
            ValueList.Of(new DbIndex(name, "ix", "CREATE INDEX ix ON t (id)", false, true, ValueList.Of("id"), null, DbIndexSettings.None, name)),
            ValueList.Of(new DbView(name, true, " SELECT 1;", ValueList.Of("security_barrier"), ValueList.Of(new DbViewColumn("n", "integer", "n")), null)),
            ValueList.Of(new DbFunction(name, "integer, text", RoutineKind.Aggregate, "CREATE AGGREGATE", null)),
            ValueList.Of(new DbTrigger(name, "t", "CREATE TRIGGER", 'D', null)),
            ValueList.Of(new DbPolicy(name, "p", "SELECT", false, ValueList.Of("public"), "true", null, null)),
            ValueList.Of(new DbPrivilege("table:a.b", ObjectKind.Column, "TABLE a.b", "reader", "SELECT", true, "id")),
            ValueList.Of(new DbDependency("view:a.v", "table:a.b")),
            ValueList.Of(new NotComparedKind("rules", 1, ValueList.Of("a.b.r"))),
            true,
            ValueList.Of(new DbCompositeType(name, ValueList.Of(new DbCompositeAttribute("a", "integer", null, null)), null)),
            ValueList.Of(new DbOwner("table:a.b", ObjectKind.Table, "TABLE a.b", "owner")),
            ValueList.Of("integer→bigint"),
            ValueList.Of(new DbSequencePosition("sequence:a.s", 42)),
            ValueList.Of(new DbRangeType(name, "numeric", new QualifiedName("a", "m"), "pg_catalog.numeric_ops", null, null, "a.diff(numeric, numeric)", "c")));

        var json = SnapshotJson.Serialize(snapshot);

        Assert.Equal(snapshot, SnapshotJson.Deserialize(json));
        Assert.Contains("\"Enabled\":\"D\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"DisplayName\"", json, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => SnapshotJson.Deserialize("null"));
    }

    /// <summary>The <see cref="ValueList{T}"/> types reachable from <paramref name="type"/> through its properties.</summary>
    private static HashSet<Type> ListTypes(Type type, HashSet<Type> seen)
    {
        var lists = new HashSet<Type>();
        if (type.Namespace != typeof(SchemaSnapshot).Namespace || !seen.Add(type))
        {
            return lists;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(ValueList<>))
            {
                lists.Add(propertyType);
                propertyType = propertyType.GetGenericArguments()[0];
            }

            lists.UnionWith(ListTypes(propertyType, seen));
        }

        return lists;
    }
}
