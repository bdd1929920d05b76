using Metrics.Store.Labels;

namespace Metrics.Store.Abstractions;

/// <summary>A batch of appends that becomes visible to queries atomically on <see cref="Commit"/>.</summary>
public interface IAppender
{
    /// <summary>Stages one sample; refusals are reported when the batch commits.</summary>
    void Append(LabelSet labels, long timestampMs, double value);

    /// <summary>Makes the staged samples durable and visible; returns how many were refused, by reason.</summary>
    AppendResult Commit();

    /// <summary>Drops everything staged since the last commit.</summary>
    void Rollback();
}
