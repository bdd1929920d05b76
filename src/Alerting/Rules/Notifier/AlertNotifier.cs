using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Store.Labels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Rules.Notifier;

/// <summary>
/// Sends alerts to every configured Alertmanager (API v2) as Prometheus's notifier does: external
/// labels and alert relabeling applied on enqueue, a bounded queue that drops the oldest, batches
/// of 64 POSTed to all Alertmanagers at once, and a bounded retry when all of them fail.
/// </summary>
public sealed class AlertNotifier : BackgroundService
{
    // Replaced as a whole by a configuration reload (alerting.alertmanagers, external labels, alert relabeling).
    private volatile NotifierOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly LinkedList<AlertNotification> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _lock = new();
    private long _sent;
    private long _dropped;
    private long _errors;

    private readonly RulesMetrics? _metrics;

    public AlertNotifier(NotifierOptions options, HttpClient http, TimeProvider? clock = null, ILogger? logger = null, RulesMetrics? metrics = null)
    {
        _metrics = metrics;
        _options = options;
        _http = http;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Where and how alerts are sent now.</summary>
    public NotifierOptions Options => _options;

    /// <summary>Applies reloaded settings to alerts queued from now on; alerts already queued keep the labels they got.</summary>
    public void Reconfigure(NotifierOptions options) => _options = options;

    public int QueueLength { get { lock (_lock) return _queue.Count; } }
    public long Sent => Interlocked.Read(ref _sent);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The notify function of rule groups: turns due alerts of a rule into notifications and queues them.</summary>
    public void Send(string expression, IReadOnlyList<Alert> alerts)
    {
        string generatorUrl = _options.ExternalUrl.TrimEnd('/') + "/graph?g0.expr=" + Templating.TemplateFunctions.QueryEscape(expression) + "&g0.tab=1";
        var notifications = new List<AlertNotification>(alerts.Count);
        foreach (Alert a in alerts)
        {
            DateTimeOffset endsAt = a.ResolvedAt ?? a.ValidUntil ?? _clock.GetUtcNow();
            notifications.Add(new AlertNotification(a.Labels, a.Annotations, a.FiredAt ?? a.ActiveAt, endsAt, generatorUrl));
        }
        Enqueue(notifications);
    }

    /// <summary>Applies external labels and relabeling, then queues; beyond capacity the oldest are dropped.</summary>
    public void Enqueue(IReadOnlyList<AlertNotification> alerts)
    {
        if (_options.Alertmanagers.Count == 0) return;
        lock (_lock)
        {
            foreach (AlertNotification alert in alerts)
            {
                LabelSet? labels = WithExternalLabels(alert.Labels);
                if (_options.Relabel is { } relabel) labels = relabel(labels);
                if (labels is null || labels.Count == 0) continue;
                _queue.AddLast(alert with { Labels = labels });
                if (_queue.Count > _options.QueueCapacity)
                {
                    _queue.RemoveFirst();
                    Interlocked.Increment(ref _dropped);
                    _metrics?.NotificationsDropped.Add(1);
                }
            }
        }
        _signal.Release();
    }

    private LabelSet WithExternalLabels(LabelSet labels)
    {
        if (_options.ExternalLabels.Count == 0) return labels;
        LabelSetBuilder builder = labels.ToBuilder();
        foreach (Label l in _options.ExternalLabels)
            if (!labels.Has(l.Name)) builder.Set(l.Name, l.Value);
        return builder.Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WarmUpAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (TakeBatch() is { Count: > 0 } batch)
                    await SendBatchAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Posts an empty alert list (a no-op for an Alertmanager) to each one once. The first alert after a start
    /// otherwise waited ~250 ms more than later ones for the HTTP client's first connection and code; measured in
    /// bench/alerting/README.md. Failures are ignored: the Alertmanager may not listen yet.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        byte[] empty = Serialize([]);
        foreach (AlertmanagerEndpoint am in _options.Alertmanagers)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(am.Timeout);
            try
            {
                using HttpResponseMessage response = await PostPayloadAsync(am, empty, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
            }
        }
    }

    private List<AlertNotification> TakeBatch()
    {
        lock (_lock)
        {
            var batch = new List<AlertNotification>(Math.Min(_queue.Count, _options.MaxBatchSize));
            while (batch.Count < _options.MaxBatchSize && _queue.First is { } first)
            {
                batch.Add(first.Value);
                _queue.RemoveFirst();
            }
            return batch;
        }
    }

    /// <summary>Posts one batch to every Alertmanager; succeeds when any accepted it, as Prometheus counts it.</summary>
    public async Task<bool> SendBatchAsync(IReadOnlyList<AlertNotification> batch, CancellationToken ct)
    {
        byte[] payload = Serialize(batch);
        for (int attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            bool[] results = await Task.WhenAll(_options.Alertmanagers.Select(am => PostAsync(am, payload, ct))).ConfigureAwait(false);
            if (results.Any(ok => ok))
            {
                Interlocked.Add(ref _sent, batch.Count);
                _metrics?.NotificationsSent.Add(batch.Count);
                return true;
            }
            if (attempt < _options.MaxAttempts)
                await Task.Delay(_options.RetryBackoff * attempt, _clock, ct).ConfigureAwait(false);
        }
        Interlocked.Add(ref _dropped, batch.Count);
        _metrics?.NotificationsDropped.Add(batch.Count);
        _logger.LogError("Dropped {Count} alerts: no Alertmanager accepted them after {Attempts} attempts", batch.Count, _options.MaxAttempts);
        return false;
    }

    private async Task<bool> PostAsync(AlertmanagerEndpoint am, byte[] payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(am.Timeout);
        try
        {
            using HttpResponseMessage response = await PostPayloadAsync(am, payload, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return true;
            string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            _logger.LogWarning("Alertmanager {Url} answered {Status}: {Body}", am.AlertsUrl, (int)response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            _logger.LogWarning("Sending alerts to {Url} failed: {Error}", am.AlertsUrl, e.Message);
        }
        Interlocked.Increment(ref _errors);
        _metrics?.NotificationErrors.Add(1, new KeyValuePair<string, object?>("alertmanager", am.AlertsUrl.ToString()));
        return false;
    }

    private async Task<HttpResponseMessage> PostPayloadAsync(AlertmanagerEndpoint am, byte[] payload, CancellationToken ct)
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _http.PostAsync(am.AlertsUrl, content, ct).ConfigureAwait(false);
    }

    /// <summary>The v2 payload: a JSON array of PostableAlert objects, times in RFC 3339 with milliseconds.</summary>
    public static byte[] Serialize(IReadOnlyList<AlertNotification> alerts)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (AlertNotification a in alerts)
            {
                w.WriteStartObject();
                WriteLabels(w, "labels", a.Labels);
                WriteLabels(w, "annotations", a.Annotations);
                w.WriteString("startsAt", FormatTime(a.StartsAt));
                w.WriteString("endsAt", FormatTime(a.EndsAt));
                w.WriteString("generatorURL", a.GeneratorUrl);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return stream.ToArray();
    }

    private static string FormatTime(DateTimeOffset t)
        => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteLabels(Utf8JsonWriter w, string name, LabelSet labels)
    {
        w.WriteStartObject(name);
        foreach (Label l in labels) w.WriteString(l.Name, l.Value);
        w.WriteEndObject();
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
