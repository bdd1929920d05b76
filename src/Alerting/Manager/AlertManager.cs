using System.Buffers;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Dispatch;
using Metrics.Alerting.Manager.Inhibition;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Alerting.Manager.Routing;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Manager;

/// <summary>
/// The alert manager as one object: receives alerts, keeps silences, and routes, groups, inhibits and
/// notifies. State that must survive a restart (silences, notification log) lives under the data directory.
/// </summary>
public sealed class AlertManager : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly TimeProvider _time;
    private readonly AlertManagerMetrics _metrics;

    public AlertManager(AlertmanagerConfig config, AlertManagerOptions options, TimeProvider time, AlertManagerMetrics metrics, ILoggerFactory loggers)
    {
        Config = config;
        _time = time;
        _metrics = metrics;
        ILogger logger = loggers.CreateLogger("Metrics.Alerting.Manager");
        string? dir = options.DataDirectory;
        if (dir is not null) Directory.CreateDirectory(dir);
        Alerts = new AlertStore();
        Silences = new SilenceStore(time, dir is null ? null : Path.Combine(dir, "silences.json"), options.Retention);
        Log = new NotificationLog(time, dir is null ? null : Path.Combine(dir, "nflog.jsonl"), options.Retention);
        Inhibitor = new Inhibitor(config.InhibitRules, Alerts, time);
        Route = Route.Build(config.Route);
        var sender = new RetryingSender(options.Retry, metrics, time, logger);
        var receivers = new Dictionary<string, IReadOnlyList<ReceiverIntegration>>(StringComparer.Ordinal);
        foreach (ReceiverConfig r in config.Receivers)
        {
            receivers[r.Name] = BuildIntegrations(r);
            foreach (string kind in r.Unsupported)
                logger.LogWarning("Receiver {Receiver}: {Kind} are not supported by this alert manager and will not be notified", r.Name, kind);
        }
        Dispatcher = new Dispatcher(Route, new NotificationPipeline(receivers, Silences, Inhibitor, Log, sender, time, options.ExternalUrl,
            config.TimeIntervals.ToDictionary(i => i.Name, StringComparer.Ordinal)), time, logger);
        StartedAt = time.GetUtcNow();
    }

    public AlertmanagerConfig Config { get; }
    public AlertStore Alerts { get; }
    public SilenceStore Silences { get; }
    public NotificationLog Log { get; }
    public Inhibitor Inhibitor { get; }
    public Route Route { get; }
    public Dispatcher Dispatcher { get; }
    public DateTimeOffset StartedAt { get; }
    public TimeProvider Time => _time;

    /// <summary>Validates and stores posted alerts; valid ones are kept even when others are rejected. Returns the rejections.</summary>
    public List<string> Receive(IReadOnlyList<PostedAlert> posted)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var errors = new List<string>();
        var alerts = new List<Alert>(posted.Count);
        int resolved = 0;
        foreach (PostedAlert p in posted)
        {
            if (!TryConvert(p, now, out Alert? alert, out string? error))
            {
                errors.Add(error!);
                continue;
            }
            if (alert!.ResolvedAt(now)) resolved++;
            alerts.Add(alert);
        }
        // Counted per request: a tagged counter update per alert was a visible share of intake.
        if (errors.Count > 0) _metrics.AlertsInvalid.Add(errors.Count);
        if (alerts.Count > resolved) _metrics.AlertsReceived.Add(alerts.Count - resolved, new KeyValuePair<string, object?>("status", "firing"));
        if (resolved > 0) _metrics.AlertsReceived.Add(resolved, new KeyValuePair<string, object?>("status", "resolved"));
        Alerts.PutAll(alerts, now);
        Dispatcher.Process(alerts);
        return errors;
    }

    private bool TryConvert(PostedAlert p, DateTimeOffset now, out Alert? alert, out string? error)
    {
        alert = null;
        LabelSet? labels = BuildLabels(p.Labels, out error);
        if (labels is null) return false;
        if (labels.Count == 0)
        {
            error = "at least one label pair required";
            return false;
        }
        foreach (var (name, _) in p.Annotations)
        {
            if (!LabelNames.IsValidLabelName(name))
            {
                error = $"invalid annotations: invalid name \"{name}\"";
                return false;
            }
        }
        DateTimeOffset startsAt = p.StartsAt ?? default, endsAt = p.EndsAt ?? default;
        // Alertmanager's defaults: a missing start is now (or the end); a missing end is now + resolve_timeout.
        if (startsAt == default) startsAt = endsAt == default ? now : endsAt;
        bool timeout = false;
        if (endsAt == default)
        {
            endsAt = now + Config.Global.ResolveTimeout;
            timeout = true;
        }
        if (endsAt < startsAt)
        {
            error = "start time must be before end time";
            return false;
        }
        AnnotationMap annotations = AnnotationMap.From(p.Annotations);
        alert = new Alert
        {
            Labels = labels, Annotations = annotations, StartsAt = startsAt, EndsAt = endsAt, GeneratorUrl = p.GeneratorUrl,
            UpdatedAt = now, Timeout = timeout,
        };
        error = null;
        return true;
    }

    // A pooled array instead of a LabelSetBuilder: the builder's per-label lookup allocated a closure per label.
    // A repeated name keeps its last value (as Go's JSON decoding into a map does); empty values are dropped by LabelSet.
    private static LabelSet? BuildLabels(IReadOnlyList<KeyValuePair<string, string>> pairs, out string? error)
    {
        Label[] buffer = ArrayPool<Label>.Shared.Rent(Math.Max(pairs.Count, 1));
        try
        {
            int n = 0;
            for (int i = 0; i < pairs.Count; i++)
            {
                var (name, value) = pairs[i];
                if (!LabelNames.IsValidLabelName(name))
                {
                    error = $"invalid label set: invalid name \"{name}\"";
                    return null;
                }
                int at = 0;
                while (at < n && !string.Equals(buffer[at].Name, name, StringComparison.Ordinal)) at++;
                buffer[at] = new Label(name, value);
                if (at == n) n++;
            }
            error = null;
            return LabelSet.From(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<Label>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>The receivers an alert with these labels routes to, in tree order (duplicates kept, as in Alertmanager).</summary>
    public List<string> ReceiversOf(LabelSet labels) => Route.Match(labels).Select(r => r.Options.Receiver).ToList();

    /// <summary>Periodic housekeeping: forget long-resolved alerts and long-expired silences.</summary>
    public void CollectGarbage()
    {
        Alerts.CollectGarbage(_time.GetUtcNow() - TimeSpan.FromMinutes(30));
        Silences.CollectGarbage();
    }

    private List<ReceiverIntegration> BuildIntegrations(ReceiverConfig r)
    {
        var list = new List<ReceiverIntegration>();
        HttpClient Client(HttpClientSettings s)
        {
            HttpClient c = ReceiverHttpClient.Create(s);
            _clients.Add(c);
            return c;
        }
        for (int i = 0; i < r.WebhookConfigs.Count; i++) list.Add(new(r.Name, new WebhookNotifier(r.WebhookConfigs[i], Client(r.WebhookConfigs[i].HttpConfig)), i));
        for (int i = 0; i < r.SlackConfigs.Count; i++) list.Add(new(r.Name, new SlackNotifier(r.SlackConfigs[i], Client(r.SlackConfigs[i].HttpConfig), Config.NotificationTemplates), i));
        for (int i = 0; i < r.OpsGenieConfigs.Count; i++) list.Add(new(r.Name, new OpsGenieNotifier(r.OpsGenieConfigs[i], Client(r.OpsGenieConfigs[i].HttpConfig), Config.NotificationTemplates), i));
        return list;
    }

    public void Dispose()
    {
        foreach (HttpClient c in _clients) c.Dispose();
    }
}
