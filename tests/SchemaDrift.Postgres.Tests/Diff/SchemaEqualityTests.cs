using System.Reflection;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>
/// The comparison's member-by-member equality must answer as the records' own: every member of every record it
/// covers (and of the records inside them) is changed in turn, including to null, and both must see the change. A
/// member added to a record and forgotten by <see cref="SchemaEquality"/> fails here.
/// </summary>
[Trait("Category", "Unit")]
public class SchemaEqualityTests
{
    public static TheoryData<Type> Records => [typeof(DbTable), typeof(DbColumn), typeof(DbConstraint), typeof(DbIndex)];

    [Theory]
    [MemberData(nameof(Records))]
    public void Answers_as_the_record_for_each_member_changed(Type type)
    {
        var variants = Variants(type);
        var first = variants[0]!;
        var copy = Variants(type)[0]!;
        Assert.NotSame(first, copy);
        Assert.True(first.Equals(copy));
        Assert.True(Same(first, copy));
        Assert.True(variants.Count > PrimaryConstructor(type).GetParameters().Length, "every member has a variant");

        foreach (var other in variants.Skip(1).Where(v => v is not null))
        {
            Assert.False(first.Equals(other), $"the variant differs from the first: {other}");
            Assert.False(Same(first, other!), $"{type.Name}: {first}\nvs {other}");
            Assert.False(Same(other!, first), $"{type.Name}: {other}\nvs {first}");
        }
    }

    private static bool Same(object a, object b) => (a, b) switch
    {
        (DbTable x, DbTable y) => SchemaEquality.Same(x, y),
        (DbColumn x, DbColumn y) => SchemaEquality.Same(x, y),
        (DbConstraint x, DbConstraint y) => SchemaEquality.Same(x, y),
        (DbIndex x, DbIndex y) => SchemaEquality.Same(x, y),
        _ => throw new NotSupportedException(a.GetType().Name),
    };

    /// <summary>A value of the type first, then values that each differ from it in one way (null last, where it can be).</summary>
    private static List<object?> Variants(Type type)
    {
        if (type == typeof(string))
        {
            return ["a", "b", "a ", null];
        }

        if (type == typeof(bool))
        {
            return [false, true];
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return [Convert.ChangeType(1, type), Convert.ChangeType(2, type)];
        }

        if (type == typeof(char))
        {
            return ['O', 'D'];
        }

        if (type.IsEnum)
        {
            return [.. Enum.GetValues(type).Cast<object>().Take(2)];
        }

        if (type == typeof(QualifiedName))
        {
            return [new QualifiedName("s", "a"), new QualifiedName("s", "b"), new QualifiedName("t", "a")];
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return [.. Variants(underlying), null];
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = Variants(element);
            return [List(element, items[0]), List(element, items[1]), List(element), List(element, items[0], items[0])];
        }

        // A record: the first of each member, then one member changed at a time.
        var parameters = PrimaryConstructor(type).GetParameters();
        var first = parameters.Select(p => Variants(p.ParameterType)[0]).ToArray();
        List<object?> result = [Create(type, first)];
        for (var i = 0; i < parameters.Length; i++)
        {
            foreach (var variant in Variants(parameters[i].ParameterType).Skip(1))
            {
                var args = (object?[])first.Clone();
                args[i] = variant;
                result.Add(Create(type, args));
            }
        }

        result.Add(null);
        return result;
    }

    private static ConstructorInfo PrimaryConstructor(Type type) => type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;

    private static object Create(Type type, object?[] args) => PrimaryConstructor(type).Invoke(args);

    private static object List(Type element, params object?[] items)
    {
        var array = Array.CreateInstance(element, items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            array.SetValue(items[i], i);
        }

        return typeof(ValueList).GetMethod(nameof(ValueList.Of))!.MakeGenericMethod(element).Invoke(null, [array])!;
    }
}
