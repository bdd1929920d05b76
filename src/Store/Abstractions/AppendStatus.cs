namespace Metrics.Store.Abstractions;

/// <summary>Why an append was accepted or refused; refusals are counted by reason, not thrown.</summary>
public enum AppendStatus
{
    Ok,
    /// <summary>Same timestamp and same value as the last sample: silently ignored, as in Prometheus.</summary>
    DuplicateIgnored,
    /// <summary>Older than the series' newest sample.</summary>
    OutOfOrder,
    /// <summary>Same timestamp as the newest sample but a different value.</summary>
    DuplicateTimestamp,
}
