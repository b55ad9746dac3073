namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Which object needs which, in one snapshot: the snapshot's pg_depend edges plus the structure the model implies
/// (an object needs its schema, a column or index its table, a foreign key the referenced table and its keys,
/// a partition or child table its parent).
/// </summary>
/// <remarks>
/// Built for every comparison that changes anything, over every constraint, index and column of the database, but
/// asked about only the few objects statements are filed under: so the build is what must be cheap. Keys become
/// numbers once; edges are pairs of numbers, laid out per object in two arrays (each direction) when the build
/// ends, with no collection per object.
/// </remarks>
internal sealed partial class DependencyGraph
{
    private readonly Dictionary<string, int> ids;
    private readonly List<string> keys;

    // The owner (table or view) of each part (constraint, index, trigger, policy), by number; -1 for none.
    private readonly List<int> owners;

    // A column is a part of its table. Kept apart from the numbered objects: there are many columns, and only the few
    // that statements are filed under are ever asked about (a column needs its table; its table does not list it).
    private readonly Dictionary<string, string> columnTables;

    // The edges while the graph is built: what needs, and what is needed, by number.
    private readonly List<int> dependents;
    private readonly List<int> referencedKeys;

    // Per object number n, the edges from n are list[start[n]..start[n + 1]], in the order they were added.
    private int[] requiresStart = [];
    private int[] requiresList = [];
    private int[] requiredByStart = [];
    private int[] requiredByList = [];

    private DependencyGraph(int capacity, int columns)
    {
        ids = new(capacity, StringComparer.Ordinal);
        keys = new(capacity);
        owners = new(capacity);
        columnTables = new(columns, StringComparer.Ordinal);
        dependents = new(capacity * 2);
        referencedKeys = new(capacity * 2);
    }

    /// <summary>The keys <paramref name="key"/> needs directly (possibly repeated).</summary>
    public IReadOnlyList<string> Requires(string key)
    {
        var list = ids.TryGetValue(key, out var id) ? Keys(requiresStart, requiresList, id) : [];
        return columnTables.TryGetValue(key, out var table) ? [table, .. list] : list;
    }

    /// <summary>The keys that need <paramref name="key"/> directly (possibly repeated); a table does not list its columns.</summary>
    public IReadOnlyList<string> RequiredBy(string key) =>
        ids.TryGetValue(key, out var id) ? Keys(requiredByStart, requiredByList, id) : [];

    /// <summary>Whether <paramref name="part"/> is a part of <paramref name="owner"/> (a column, constraint, index,
    /// trigger or policy of its table or view), rather than an object that uses it.</summary>
    public bool IsPart(string part, string owner)
    {
        if (ids.TryGetValue(part, out var id) && owners[id] >= 0)
        {
            return keys[owners[id]] == owner;
        }

        return columnTables.TryGetValue(part, out var table) && table == owner;
    }

    /// <summary>The table or view <paramref name="part"/> is a part of (see <see cref="IsPart"/>); null for other objects.</summary>
    public string? OwnerOf(string part) =>
        ids.TryGetValue(part, out var id) && owners[id] >= 0 ? keys[owners[id]] : columnTables.GetValueOrDefault(part);

    private string[] Keys(int[] start, int[] list, int id)
    {
        var result = new string[start[id + 1] - start[id]];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = keys[list[start[id] + i]];
        }

        return result;
    }

    private int Id(string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            id = keys.Count;
            ids.Add(key, id);
            keys.Add(key);
            owners.Add(-1);
        }

        return id;
    }

    private void AddPart(string part, string owner)
    {
        owners[Id(part)] = Id(owner);
        Add(part, owner);
    }

    private void Add(string dependent, string referenced)
    {
        if (dependent != referenced)
        {
            dependents.Add(Id(dependent));
            referencedKeys.Add(Id(referenced));
        }
    }

    /// <summary>Lays the edges out per object, both ways (a counting sort, which keeps their order).</summary>
    private void Freeze()
    {
        requiresStart = new int[keys.Count + 1];
        requiredByStart = new int[keys.Count + 1];
        var count = dependents.Count;
        for (var e = 0; e < count; e++)
        {
            requiresStart[dependents[e] + 1]++;
            requiredByStart[referencedKeys[e] + 1]++;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            requiresStart[i + 1] += requiresStart[i];
            requiredByStart[i + 1] += requiredByStart[i];
        }

        requiresList = new int[count];
        requiredByList = new int[count];
        var requiresNext = requiresStart[..^1];
        var requiredByNext = requiredByStart[..^1];
        for (var e = 0; e < count; e++)
        {
            var (dependent, referenced) = (dependents[e], referencedKeys[e]);
            requiresList[requiresNext[dependent]++] = referenced;
            requiredByList[requiredByNext[referenced]++] = dependent;
        }

        dependents.Clear();
        dependents.TrimExcess();
        referencedKeys.Clear();
        referencedKeys.TrimExcess();
    }
}
