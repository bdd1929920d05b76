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
    private readonly AlertManagerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();
    // Everything built from alertmanager.yml, swapped as one on reload so a request never sees half of two configs.
    private volatile Runtime _runtime;

    private sealed record Runtime(AlertmanagerConfig Config, Inhibitor Inhibitor, Route Route, Dispatcher Dispatcher);

    public AlertManager(AlertmanagerConfig config, AlertManagerOptions options, TimeProvider time, AlertManagerMetrics metrics, ILoggerFactory loggers)
    {
        _time = time;
        _metrics = metrics;
        _options = options;
        _logger = loggers.CreateLogger("Metrics.Alerting.Manager");
        string? dir = options.DataDirectory;
        if (dir is not null) Directory.CreateDirectory(dir);
        Alerts = new AlertStore();
        Silences = new SilenceStore(time, dir is null ? null : Path.Combine(dir, "silences.json"), options.Retention);
        Log = new NotificationLog(time, dir is null ? null : Path.Combine(dir, "nflog.jsonl"), options.Retention);
        _runtime = Build(config);
        StartedAt = time.GetUtcNow();
    }

    public AlertmanagerConfig Config => _runtime.Config;
    public AlertStore Alerts { get; }
    public SilenceStore Silences { get; }
    public NotificationLog Log { get; }
    public Inhibitor Inhibitor => _runtime.Inhibitor;
    public Route Route => _runtime.Route;
    public Dispatcher Dispatcher => _runtime.Dispatcher;
    public DateTimeOffset StartedAt { get; }
    public TimeProvider Time => _time;

    /// <summary>Raised after <see cref="ApplyConfig"/> swapped in a new dispatcher, so its runner can switch over.</summary>
    private event Action? DispatcherReplaced;

    private Runtime Build(AlertmanagerConfig config)
    {
        var inhibitor = new Inhibitor(config.InhibitRules, Alerts, _time);
        Route route = Route.Build(config.Route);
        var clients = new List<HttpClient>();
        var sender = new RetryingSender(_options.Retry, _metrics, _time, _logger);
        var receivers = new Dictionary<string, IReadOnlyList<ReceiverIntegration>>(StringComparer.Ordinal);
        try
        {
            foreach (ReceiverConfig r in config.Receivers)
                receivers[r.Name] = BuildIntegrations(r, config, clients);
        }
        catch
        {
            // A credentials file that cannot be read fails the (re)load; the clients built so far go with it.
            foreach (HttpClient c in clients) c.Dispose();
            throw;
        }
        foreach (ReceiverConfig r in config.Receivers)
        {
            foreach (string kind in r.Unsupported)
                _logger.LogWarning("Receiver {Receiver}: {Kind} are not supported by this alert manager and will not be notified", r.Name, kind);
        }
        var dispatcher = new Dispatcher(route, new NotificationPipeline(receivers, Silences, inhibitor, Log, sender, _time, _options.ExternalUrl,
            config.TimeIntervals.ToDictionary(i => i.Name, StringComparer.Ordinal)), _time, _logger);
        lock (_clients) _clients.AddRange(clients);
        return new Runtime(config, inhibitor, route, dispatcher);
    }

    /// <summary>
    /// Applies a reloaded alertmanager.yml as Alertmanager does: alerts, silences and the notification log stay;
    /// the route tree, receivers, inhibit rules, templates and time intervals are replaced; the old dispatcher
    /// stops and a new one regroups every current alert, so groups wait group_wait again, and the notification
    /// log keeps a group that was already notified from being notified again.
    /// </summary>
    public void ApplyConfig(AlertmanagerConfig config)
    {
        lock (_reloadGate)
        {
            Runtime old = _runtime;
            Runtime fresh = Build(config);
            // Swap before regrouping: an alert posted meanwhile is in the store already (see Receive) or reaches the new dispatcher.
            _runtime = fresh;
            fresh.Dispatcher.Process(Alerts.All());
            DispatcherReplaced?.Invoke();
            // Notifications the old dispatcher has in flight are cancelled with it, as in Alertmanager; its receivers'
            // HTTP clients stay in _clients (disposed with the manager) because a cancelled send may still touch them.
            _logger.LogInformation("Alert manager configuration applied: {Receivers} receivers (was {Old}); {Alerts} alerts regrouped",
                config.Receivers.Count, old.Config.Receivers.Count, Alerts.Count);
        }
    }

    /// <summary>Runs the current dispatcher's timers until cancelled, switching to a new one after each reload.</summary>
    public async Task RunDispatcherAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var replaced = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void OnReplaced() => replaced.Cancel();
            Dispatcher dispatcher;
            lock (_reloadGate)
            {
                dispatcher = _runtime.Dispatcher;
                DispatcherReplaced += OnReplaced;
            }
            try
            {
                await dispatcher.RunAsync(replaced.Token).ConfigureAwait(false);
            }
            finally
            {
                lock (_reloadGate) DispatcherReplaced -= OnReplaced;
            }
        }
    }

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
        // Read after the store is updated: a reload swapping the dispatcher now regroups these alerts from the store.
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

    private static List<ReceiverIntegration> BuildIntegrations(ReceiverConfig r, AlertmanagerConfig config, List<HttpClient> clients)
    {
        var list = new List<ReceiverIntegration>();
        HttpClient Client(HttpClientSettings s)
        {
            HttpClient c = ReceiverHttpClient.Create(s);
            clients.Add(c);
            return c;
        }
        for (int i = 0; i < r.WebhookConfigs.Count; i++) list.Add(new(r.Name, new WebhookNotifier(r.WebhookConfigs[i], Client(r.WebhookConfigs[i].HttpConfig)), i));
        for (int i = 0; i < r.SlackConfigs.Count; i++) list.Add(new(r.Name, new SlackNotifier(r.SlackConfigs[i], Client(r.SlackConfigs[i].HttpConfig), config.NotificationTemplates), i));
        for (int i = 0; i < r.OpsGenieConfigs.Count; i++) list.Add(new(r.Name, new OpsGenieNotifier(r.OpsGenieConfigs[i], Client(r.OpsGenieConfigs[i].HttpConfig), config.NotificationTemplates), i));
        return list;
    }

    public void Dispose()
    {
        lock (_clients) foreach (HttpClient c in _clients) c.Dispose();
    }
}
