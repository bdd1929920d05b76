using System.Net;
using System.Text;
using System.Text.Json;
using Metrics.Collector.Discovery.Kubernetes.Model;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// Keeps a local copy of one kind of object (in one namespace or all) in step with the API server,
/// as client-go's reflector does: LIST, then WATCH from the list's resourceVersion; every change is
/// passed to a handler. A dropped watch resumes from the last seen resourceVersion after a backoff;
/// "410 Gone" (the version is too old) starts over with a fresh LIST.
/// </summary>
internal sealed partial class ResourceWatcher<T> where T : class, IKubernetesObject
{
    private readonly KubernetesApiClient _api;
    private readonly ResourceKind _kind;
    private readonly string _path;
    private readonly string _selectors;
    private readonly WatchOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Action<string, T?> _onChange;
    private readonly DiscoveryMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _kindTag;
    private readonly Lock _gate = new();
    private Dictionary<string, T> _objects = new(StringComparer.Ordinal);
    private string _resourceVersion = "";
    private int _events;

    /// <param name="onChange">Called with the object's key (<c>namespace/name</c>) and the object, or null when it was deleted.</param>
    public ResourceWatcher(KubernetesApiClient api, ResourceKind kind, string? ns, KubernetesSelector? selector,
        WatchOptions options, TimeProvider clock, ILogger logger, Action<string, T?> onChange, DiscoveryMetrics? metrics = null)
    {
        _metrics = metrics;
        _kindTag = new("kind", kind.Plural);
        _api = api;
        _kind = kind;
        _path = kind.Path(ns);
        var query = new StringBuilder();
        if (selector is { Label.Length: > 0 }) query.Append("&labelSelector=").Append(Uri.EscapeDataString(selector.Label));
        if (selector is { Field.Length: > 0 }) query.Append("&fieldSelector=").Append(Uri.EscapeDataString(selector.Field));
        _selectors = query.ToString();
        _options = options;
        _clock = clock;
        _logger = logger;
        _onChange = onChange;
    }

    /// <summary>The object with this key as last seen, if any.</summary>
    public T? Get(string key)
    {
        lock (_gate) return _objects.GetValueOrDefault(key);
    }

    public List<T> Snapshot()
    {
        lock (_gate) return [.. _objects.Values];
    }

    public static string KeyOf(ObjectMeta meta) => meta.Namespace.Length == 0 ? meta.Name : $"{meta.Namespace}/{meta.Name}";

    public async Task RunAsync(CancellationToken ct)
    {
        bool relist = true;
        TimeSpan backoff = _options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    await ListAsync(ct).ConfigureAwait(false);
                    relist = false;
                }
                long started = _clock.GetTimestamp();
                _events = 0;
                bool gone = await WatchAsync(() => backoff = _options.MinBackoff, ct).ConfigureAwait(false);
                if (gone)
                {
                    LogGone(_path, _resourceVersion);
                    _metrics?.KubernetesRelists.Add(1, _kindTag);
                    relist = true;
                    continue;
                }
                // A watch that ended normally (server timeout) resumes at once, unless it ended
                // at once with nothing in it: then wait, so a misbehaving server is not hammered.
                if (_events > 0 || _clock.GetElapsedTime(started) > TimeSpan.FromSeconds(1)) continue;
                LogFailed(_path, "watch", "stream closed without events", backoff.TotalSeconds);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or KubernetesApiException or InvalidOperationException or OperationCanceledException)
            {
                LogFailed(_path, relist ? "list" : "watch", e.Message, backoff.TotalSeconds);
                _metrics?.KubernetesFailures.Add(1, _kindTag, new("operation", relist ? "list" : "watch"));
            }
            try
            {
                await Task.Delay(backoff, _clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private async Task ListAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
        string? next = null;
        string version;
        do
        {
            string url = $"{_path}?limit={_options.PageSize}{_selectors}" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using HttpResponseMessage response = await _api.GetAsync(url, stream: false, ct).ConfigureAwait(false);
            await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            ObjectList<T> page = await JsonSerializer.DeserializeAsync<ObjectList<T>>(body, KubernetesJson.Options, ct).ConfigureAwait(false)
                ?? throw new JsonException("empty list response");
            foreach (T item in page.Items) fresh[KeyOf(item.Metadata)] = item;
            version = page.Metadata.ResourceVersion;
            next = string.IsNullOrEmpty(page.Metadata.Continue) ? null : page.Metadata.Continue;
        }
        while (next is not null);

        Dictionary<string, T> old;
        lock (_gate)
        {
            old = _objects;
            _objects = fresh;
            _resourceVersion = version;
        }
        // Report what the relist changed: objects deleted while we were not watching, and new or updated ones.
        foreach (var (key, _) in old)
            if (!fresh.ContainsKey(key)) _onChange(key, null);
        foreach (var (key, item) in fresh)
            if (!old.TryGetValue(key, out T? before) || before.Metadata.ResourceVersion != item.Metadata.ResourceVersion || item.Metadata.ResourceVersion.Length == 0)
                _onChange(key, item);
    }

    /// <returns>True when the server answered 410 Gone and a relist is needed.</returns>
    private async Task<bool> WatchAsync(Action connected, CancellationToken ct)
    {
        int timeoutSeconds = (int)_options.WatchTimeout.TotalSeconds;
        string url = $"{_path}?watch=1&resourceVersion={Uri.EscapeDataString(_resourceVersion)}&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}{_selectors}";
        // A connection that goes silent past the server's own timeout is dead; drop it and resume.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.WatchTimeout + TimeSpan.FromSeconds(30));
        try
        {
            using HttpResponseMessage response = await _api.GetAsync(url, stream: true, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Gone) return true;
            await EnsureSuccessAsync(response, deadline.Token).ConfigureAwait(false);
            connected();
            await using Stream body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var reader = new StreamReader(body, Encoding.UTF8);
            while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                if (Apply(line)) return true;
            }
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Applies one watch event line; true when it was an ERROR event with code 410.</summary>
    private bool Apply(string line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement root = doc.RootElement;
        string type = root.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
        _events++;
        if (!root.TryGetProperty("object", out JsonElement obj)) throw new JsonException($"watch event without an object: {Truncate(line)}");
        switch (type)
        {
            case "ADDED":
            case "MODIFIED":
            {
                T item = obj.Deserialize<T>(KubernetesJson.Options) ?? throw new JsonException("null object in watch event");
                string key = KeyOf(item.Metadata);
                lock (_gate)
                {
                    _objects[key] = item;
                    _resourceVersion = item.Metadata.ResourceVersion;
                }
                _metrics?.KubernetesEvents.Add(1, _kindTag, new("event", type == "ADDED" ? "add" : "update"));
                _onChange(key, item);
                return false;
            }
            case "DELETED":
            {
                T item = obj.Deserialize<T>(KubernetesJson.Options) ?? throw new JsonException("null object in watch event");
                string key = KeyOf(item.Metadata);
                lock (_gate)
                {
                    _objects.Remove(key);
                    _resourceVersion = item.Metadata.ResourceVersion;
                }
                _metrics?.KubernetesEvents.Add(1, _kindTag, new("event", "delete"));
                _onChange(key, null);
                return false;
            }
            case "BOOKMARK":
            {
                // A bookmark only moves the version forward, so a resumed watch skips what was already seen.
                string version = obj.TryGetProperty("metadata", out JsonElement m) && m.TryGetProperty("resourceVersion", out JsonElement v) ? v.GetString() ?? "" : "";
                if (version.Length > 0) lock (_gate) _resourceVersion = version;
                return false;
            }
            case "ERROR":
            {
                ApiStatus status = obj.Deserialize<ApiStatus>(KubernetesJson.Options) ?? new ApiStatus();
                if (status.Code == (int)HttpStatusCode.Gone) return true;
                throw new KubernetesApiException(status.Code, $"watch error {status.Code} {status.Reason}: {status.Message}");
            }
            default:
                throw new JsonException($"unknown watch event type \"{type}\"");
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        string message = body;
        try
        {
            message = JsonSerializer.Deserialize<ApiStatus>(body, KubernetesJson.Options)?.Message is { Length: > 0 } m ? m : body;
        }
        catch (JsonException)
        {
            // Not a Status object: keep the raw body.
        }
        throw new KubernetesApiException((int)response.StatusCode, $"GET {_kind.Plural}: HTTP {(int)response.StatusCode}: {Truncate(message)}");
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "...";

    [LoggerMessage(Level = LogLevel.Information, Message = "kubernetes_sd: watch of {Path} from resourceVersion {Version} is too old (410 Gone); listing again")]
    private partial void LogGone(string path, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "kubernetes_sd: {Operation} of {Path} failed, retrying in {Seconds}s: {Problem}")]
    private partial void LogFailed(string path, string operation, string problem, double seconds);
}
