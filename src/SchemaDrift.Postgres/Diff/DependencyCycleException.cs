namespace SchemaDrift.Postgres.Diff;

/// <summary>The objects to create or drop depend on each other in a cycle, so no order of statements works.</summary>
public sealed class DependencyCycleException : InvalidOperationException
{
    public DependencyCycleException(IReadOnlyList<string> objects)
        : base("Cannot order the DDL: the objects depend on each other in a cycle: " + string.Join(" -> ", objects) + ".")
    {
        Objects = objects;
    }

    /// <summary>The keys of the objects in the cycle, in dependency order, the first repeated at the end.</summary>
    public IReadOnlyList<string> Objects { get; }
}
