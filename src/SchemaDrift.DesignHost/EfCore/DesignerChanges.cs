using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>
/// Each migration's designer changes, in order: what <c>migrations add</c> would scaffold from its designer file, EF's
/// differ from the previous migration's target model to its own, each processed as the snapshot processor processes
/// it. The processing brings the metadata of older EF Core versions up to date; for a designer file of the running
/// major version it only initializes the model as the SQL's model was initialized, so that one is used, and an older
/// one is processed from a second instance (an initialized model cannot be processed again). With a
/// <see cref="DesignerCache"/>, changes kept for the same two designer files are reused, and the models they come
/// from are built only when the next migration's changes need them. Without <paramref name="diff"/> (the answer's
/// <see cref="MigrationParts.Designer"/> not asked for), there are none: only the last model is kept, built if asked.
/// </summary>
internal sealed class DesignerChanges(
    IMigrationsAssembly migrationsAssembly, string provider, ISnapshotModelProcessor processor, IMigrationsModelDiffer differ, bool diff, DesignerCache? cache)
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private DesignModel? previous;
    private string? previousFingerprint = "none";

    /// <summary>The last migration's design target model (built now if it was not).</summary>
    public IRelationalModel? Last => previous?.Value;

    /// <summary>The designer changes of the next migration, whose target model initialized for its SQL is <paramref name="targetModel"/>.</summary>
    public IReadOnlyList<ObjectTarget> Next(TypeInfo type, IModel? targetModel)
    {
        if (targetModel is null)
        {
            var same = diff ? previous?.Value : null;
            return same is null ? [] : HostTimings.Measure("designer diffs", () => MigrationsReader.Targets(differ.GetDifferences(same, same)));
        }

        var fingerprint = cache is null ? null : HostTimings.Measure("designer fingerprints", () => Fingerprint(type));
        var key = fingerprint is not null && previousFingerprint is not null ? cache!.Key(previousFingerprint, fingerprint) : null;
        var before = previous;
        var current = new DesignModel(() => WrittenByThisMajorVersion(targetModel)
            ? targetModel.GetRelationalModel()
            : migrationsAssembly.CreateMigration(type, provider).TargetModel is { } target
                ? processor.Process(target)?.GetRelationalModel()
                : null);

        IReadOnlyList<ObjectTarget> changes;
        if (!diff)
        {
            changes = [];
        }
        else if (key is not null && cache!.Find(key) is { } cached)
        {
            changes = cached;
        }
        else
        {
            var designTarget = current.Value;
            changes = designTarget is null ? [] : HostTimings.Measure("designer diffs", () => MigrationsReader.Targets(differ.GetDifferences(before?.Value, designTarget)));
            if (key is not null && designTarget is not null)
            {
                cache!.Add(key, changes);
            }
        }

        // A model that could not be processed leaves the previous one in place, as EF's scaffolder would.
        if (!current.IsBuilt || current.Value is not null)
        {
            previous = current;
            previousFingerprint = fingerprint;
        }

        return changes;
    }

    /// <summary>The model's product version (the EF Core that wrote the designer file) has the running major version.</summary>
    private static bool WrittenByThisMajorVersion(IModel model) =>
        model.GetProductVersion() is not { } version || Major(version) == Major(ProductInfo.GetVersion());

    private static string Major(string version) => version.Split('.')[0];

    private static string? Fingerprint(TypeInfo type) =>
        type.GetMethod("BuildTargetModel", Declared) is { } build ? CodeFingerprint.Of(build) : null;

    /// <summary>A design target model, built on first use.</summary>
    private sealed class DesignModel(Func<IRelationalModel?> build)
    {
        private Func<IRelationalModel?>? build = build;
        private IRelationalModel? value;

        public bool IsBuilt => build is null;

        public IRelationalModel? Value
        {
            get
            {
                if (build is { } pending)
                {
                    value = HostTimings.Measure("designer models", pending);
                    build = null;
                }

                return value;
            }
        }
    }
}
