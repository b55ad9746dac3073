using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// One stretch of drift in one environment: when it was first seen (and the last clean check before it, so it
/// appeared in between), when a check found it gone, and how long it lasted.
/// </summary>
/// <param name="FixedAt">The first clean check after it; null while it lasts.</param>
/// <param name="WorstSeverity">The worst severity any of its checks saw.</param>
/// <param name="Checks">How many recorded checks saw it.</param>
/// <param name="Variants">How many different sets of findings it went through (1: the same drift all along).</param>
public sealed record DriftEpisode(
    string Environment,
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastCleanBefore,
    DateTimeOffset LastSeen,
    DateTimeOffset? FixedAt,
    Severity WorstSeverity,
    int Checks,
    int Variants)
{
    public bool Ongoing => FixedAt is null;

    /// <summary>From first seen to fixed, or to <paramref name="now"/> while it lasts.</summary>
    public TimeSpan Duration(DateTimeOffset now) => (FixedAt ?? now) - FirstSeen;
}

/// <summary>Turns the recorded checks into episodes of drift, per environment. Pure.</summary>
public static class DriftTimeline
{
    /// <summary>
    /// The episodes of <paramref name="checks"/>, oldest first. A check with drift opens an episode (or continues the
    /// open one), a clean check closes it, a check that failed (status error) changes nothing.
    /// </summary>
    public static IReadOnlyList<DriftEpisode> Episodes(IEnumerable<DriftCheck> checks)
    {
        var episodes = new List<DriftEpisode>();
        foreach (var environment in checks.GroupBy(c => c.Environment ?? "(connection)", StringComparer.Ordinal))
        {
            DateTimeOffset? lastClean = null;
            Open? open = null;
            foreach (var check in environment.OrderBy(c => c.CheckedAt).ThenBy(c => c.Id))
            {
                if (check.HasDrift)
                {
                    open ??= new Open(check.CheckedAt, lastClean);
                    open.See(check);
                }
                else if (check.Status == VerifyStatus.Clean)
                {
                    if (open is not null)
                    {
                        episodes.Add(open.Close(environment.Key, check.CheckedAt));
                        open = null;
                    }

                    lastClean = check.CheckedAt;
                }
            }

            if (open is not null)
            {
                episodes.Add(open.Close(environment.Key, null));
            }
        }

        return episodes.OrderBy(e => e.FirstSeen).ThenBy(e => e.Environment, StringComparer.Ordinal).ToList();
    }

    private sealed class Open(DateTimeOffset firstSeen, DateTimeOffset? lastClean)
    {
        private readonly HashSet<string> hashes = new(StringComparer.Ordinal);
        private Severity worst = Severity.None;
        private int checks;
        private DateTimeOffset lastSeen;

        public void See(DriftCheck check)
        {
            hashes.Add(check.FindingsHash);
            checks++;
            lastSeen = check.CheckedAt;
            if (check.Severity > worst)
            {
                worst = check.Severity;
            }
        }

        public DriftEpisode Close(string environment, DateTimeOffset? fixedAt) =>
            new(environment, firstSeen, lastClean, checks == 0 ? firstSeen : lastSeen, fixedAt, worst, checks, hashes.Count);
    }
}
