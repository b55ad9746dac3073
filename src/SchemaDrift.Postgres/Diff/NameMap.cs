using System.Diagnostics.CodeAnalysis;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// A dictionary keyed by schema-qualified name, as a dictionary of schemas holding dictionaries of names.
/// </summary>
/// <remarks>
/// Only string-keyed dictionaries of references: their code ships compiled with the runtime, whereas a dictionary
/// keyed by the <see cref="QualifiedName"/> struct is compiled when the one-shot command first uses it, and runs
/// unoptimised code through most of a comparison. Each lookup hashes the two strings without building
/// <c>schema.name</c>.
/// </remarks>
internal sealed class NameMap<T>
    where T : class
{
    private readonly Dictionary<string, Dictionary<string, T>> schemas = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public T this[QualifiedName name]
    {
        get => TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The name '{name}' is not in the map.");
        set
        {
            if (!schemas.TryGetValue(name.Schema, out var names))
            {
                names = new Dictionary<string, T>(StringComparer.Ordinal);
                schemas[name.Schema] = names;
            }

            var count = names.Count;
            names[name.Name] = value;
            Count += names.Count - count;
        }
    }

    public bool TryGetValue(QualifiedName name, [MaybeNullWhen(false)] out T value)
    {
        if (schemas.TryGetValue(name.Schema, out var names))
        {
            return names.TryGetValue(name.Name, out value);
        }

        value = null;
        return false;
    }

    public bool ContainsKey(QualifiedName name) => TryGetValue(name, out _);

    public T? GetValueOrDefault(QualifiedName name) => TryGetValue(name, out var value) ? value : null;

    /// <summary>Adds the value; a name already present throws, as <see cref="Dictionary{TKey,TValue}.Add"/> does.</summary>
    public void Add(QualifiedName name, T value)
    {
        if (ContainsKey(name))
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {name}");
        }

        this[name] = value;
    }
}
