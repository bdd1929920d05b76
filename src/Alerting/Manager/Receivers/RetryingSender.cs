using System.Diagnostics;
using Metrics.Alerting.Templating;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>Delivers one notification through an integration, retrying transient failures with exponential backoff.</summary>
public sealed class RetryingSender
{
    private readonly RetryPolicy _policy;
    private readonly AlertManagerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RetryingSender(RetryPolicy policy, AlertManagerMetrics metrics, TimeProvider time, ILogger logger)
    {
        _policy = policy;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>True when the integration accepted the notification.</summary>
    public async Task<bool> SendAsync(INotifier notifier, NotificationData data, string integrationName, CancellationToken ct)
    {
        var tag = new KeyValuePair<string, object?>("integration", notifier.Integration);
        _metrics.Notifications.Add(1, tag);
        long started = Stopwatch.GetTimestamp();
        TimeSpan backoff = _policy.InitialBackoff;
        for (int attempt = 1; attempt <= _policy.MaxAttempts; attempt++)
        {
            _metrics.Requests.Add(1, tag);
            NotifyResult result;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                attemptCts.CancelAfter(_policy.AttemptTimeout);
                try
                {
                    result = await notifier.NotifyAsync(data, attemptCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    result = NotifyResult.Failed($"{notifier.Integration}: no answer within {_policy.AttemptTimeout}", retry: true);
                }
                catch (HttpRequestException e)
                {
                    result = NotifyResult.Failed($"{notifier.Integration}: {e.Message}", retry: true);
                }
                catch (Exception e) when (e is TemplateException or FormatException or IOException)
                {
                    // A template or secret-file problem will not fix itself by retrying: Alertmanager fails the
                    // notification without retries (the next group_interval flush tries again).
                    result = NotifyResult.Failed($"{notifier.Integration}: {e.Message}", retry: false);
                }
            }
            if (result.Delivered)
            {
                _metrics.Latency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
                return true;
            }
            _metrics.RequestsFailed.Add(1, tag);
            _logger.LogWarning("Notify for {Integration} failed (attempt {Attempt}): {Error}", integrationName, attempt, result.Error);
            if (!result.Retry || attempt == _policy.MaxAttempts) break;
            await Task.Delay(backoff, _time, ct).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _policy.MaxBackoff.Ticks));
        }
        _metrics.NotificationsFailed.Add(1, tag);
        return false;
    }
}
