namespace Metrics.Alerting.Manager.Receivers;

/// <summary>One integration of a receiver (a Slack channel, an OpsGenie account, a webhook URL).</summary>
public interface INotifier
{
    /// <summary>The integration kind, as in Alertmanager's metrics: <c>webhook</c>, <c>slack</c>, <c>opsgenie</c>.</summary>
    string Integration { get; }

    /// <summary>Whether resolved alerts are sent at all.</summary>
    bool SendResolved { get; }

    /// <summary>Sends one notification attempt; the caller retries when the result says so.</summary>
    Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct);
}

/// <summary>The outcome of one attempt: delivered, failed for now (retry), or failed for good.</summary>
public readonly record struct NotifyResult(bool Delivered, bool Retry, string? Error)
{
    public static readonly NotifyResult Success = new(true, false, null);

    public static NotifyResult Failed(string error, bool retry) => new(false, retry, error);

    /// <summary>Alertmanager's rule: 5xx and 429 are worth retrying, other 4xx are not.</summary>
    public static NotifyResult FromStatus(int status, string integration, string body)
        => status is >= 200 and < 300 ? Success
            : Failed($"{integration}: unexpected status code {status}: {Trim(body)}", retry: status >= 500 || status == 429);

    private static string Trim(string body) => body.Length > 200 ? body[..200] : body;
}
