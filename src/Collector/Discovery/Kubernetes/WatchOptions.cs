namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>Timing of list and watch calls; tests shorten the backoff.</summary>
public sealed class WatchOptions
{
    /// <summary>First wait after a failed list or watch; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(800);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side watch timeout; the watch is then resumed from the last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects per list page (<c>limit</c>); larger lists continue with the <c>continue</c> token.</summary>
    public int PageSize { get; init; } = 500;
}
