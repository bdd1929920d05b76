using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery;

/// <summary>
/// Targets found together by one provider (a file's entry, a pod, a service), with labels they all share.
/// <see cref="Source"/> identifies the group within its provider: a later group with the same source
/// replaces it, and one with no targets removes it.
/// </summary>
/// <param name="Targets">Each target's own labels; at least <c>__address__</c>. They win over <paramref name="Labels"/>.</param>
public sealed record TargetGroup(string Source, IReadOnlyList<LabelSet> Targets, LabelSet Labels)
{
    /// <summary>The group that says "this source has no targets any more".</summary>
    public static TargetGroup Removed(string source) => new(source, [], LabelSet.Empty);
}
