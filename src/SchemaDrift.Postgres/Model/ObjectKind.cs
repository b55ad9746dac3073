namespace SchemaDrift.Postgres.Model;

/// <summary>The kinds of catalog object the snapshot reads and the diff compares.</summary>
public enum ObjectKind
{
    Schema,
    Extension,
    Collation,
    Enum,
    Domain,
    CompositeType,
    Sequence,
    Table,
    Column,
    Constraint,
    Index,
    View,
    MaterializedView,
    Function,
    Procedure,
    Aggregate,
    Trigger,
    Policy,
    Privilege,
    Owner,
    RangeType,
}

/// <summary>Implemented by every object of a snapshot.</summary>
public interface ISchemaObject
{
    ObjectKind Kind { get; }

    /// <summary>Stable identity (computed once from the object's names), unique within a snapshot across kinds, e.g. <c>table:shop.orders</c>,
    /// <c>column:shop.orders.id</c>, <c>function:shop.f(integer, text)</c>.</summary>
    string Key { get; }

    /// <summary>How the object is named to a person, e.g. <c>shop.orders.id</c>.</summary>
    string DisplayName { get; }
}
