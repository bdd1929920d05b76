using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>
/// A stand-in Kubernetes API server on 127.0.0.1: list responses and chunked watch streams of
/// newline-delimited events in the API's real JSON shapes, with a resourceVersion history so a
/// watch resumes where it left off, compaction (410 Gone, as HTTP status or ERROR event),
/// bookmarks, dropped connections and the <c>spec.nodeName</c> field selector on pods.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<(long Version, string Plural, string Namespace, string Type, JsonObject Object)> _history = [];
    private readonly List<Watch> _watches = [];
    private readonly List<RequestRecord> _requests = [];
    private long _version = 100;
    private long _compactedBefore;
    private WebApplication _app = null!;

    /// <summary>Answer a too-old watch with an ERROR event (code 410) instead of HTTP 410.</summary>
    public bool GoneAsEvent { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    public sealed record RequestRecord(string Path, IReadOnlyDictionary<string, string> Query, string? Authorization)
    {
        public bool IsWatch => Query.ContainsKey("watch");
    }

    private sealed record Watch(string Plural, string? Namespace, string? NodeName, Channel<string> Events, HttpContext Context);

    /// <param name="certificate">Serve HTTPS with this certificate instead of plain HTTP.</param>
    public static async Task<FakeKubernetesApi> StartAsync(X509Certificate2? certificate = null)
    {
        var api = new FakeKubernetesApi();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null) l.UseHttps(certificate);
        }));
        api._app = builder.Build();
        api._app.MapGet("/api/v1/{**rest}", ctx => api.HandleAsync(ctx, ctx.Request.Path.Value!["/api/v1/".Length..]));
        api._app.MapGet("/apis/discovery.k8s.io/v1/{**rest}", ctx => api.HandleAsync(ctx, ctx.Request.Path.Value!["/apis/discovery.k8s.io/v1/".Length..]));
        await api._app.StartAsync();
        string address = api._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseAddress = new Uri(address);
        return api;
    }

    public List<RequestRecord> Requests(string plural)
    {
        lock (_gate) return [.. _requests.Where(r => r.Path.EndsWith("/" + plural, StringComparison.Ordinal))];
    }

    public int ActiveWatches(string plural)
    {
        lock (_gate) return _watches.Count(w => w.Plural == plural);
    }

    public string CurrentVersion
    {
        get { lock (_gate) return _version.ToString(CultureInfo.InvariantCulture); }
    }

    public void Add(string plural, string json) => Change(plural, "ADDED", JsonNode.Parse(json)!.AsObject());

    public void Modify(string plural, string json) => Change(plural, "MODIFIED", JsonNode.Parse(json)!.AsObject());

    public void Delete(string plural, string ns, string name)
    {
        JsonObject existing;
        lock (_gate) existing = (JsonObject)_objects[plural][Key(ns, name)].DeepClone();
        Change(plural, "DELETED", existing);
    }

    /// <summary>Forgets all history so far: a watch from any version handed out until now gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate) _compactedBefore = _version + 1;
    }

    /// <summary>Sends a BOOKMARK carrying the current resourceVersion to every watch of <paramref name="plural"/>.</summary>
    public void Bookmark(string plural, string kind)
    {
        lock (_gate)
        {
            _version++;
            string line = new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject { ["kind"] = kind, ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) } },
            }.ToJsonString();
            foreach (Watch w in _watches.Where(w => w.Plural == plural)) w.Events.Writer.TryWrite(line);
        }
    }

    /// <summary>Ends every open watch: abruptly (connection reset) or as a server timeout would (end of stream).</summary>
    public void DropWatches(bool abort)
    {
        List<Watch> open;
        lock (_gate)
        {
            open = [.. _watches];
            _watches.Clear();
        }
        foreach (Watch w in open)
        {
            if (abort) w.Context.Abort();
            else w.Events.Writer.TryComplete();
        }
    }

    private void Change(string plural, string type, JsonObject obj)
    {
        lock (_gate)
        {
            _version++;
            JsonObject meta = obj["metadata"]!.AsObject();
            meta["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture);
            string ns = meta["namespace"]?.GetValue<string>() ?? "";
            string key = Key(ns, meta["name"]!.GetValue<string>());
            if (!_objects.TryGetValue(plural, out var store)) _objects[plural] = store = new(StringComparer.Ordinal);
            if (type == "DELETED") store.Remove(key);
            else store[key] = obj;
            _history.Add((_version, plural, ns, type, (JsonObject)obj.DeepClone()));
            string line = EventLine(type, obj);
            foreach (Watch w in _watches)
                if (Matches(w, plural, ns, obj)) w.Events.Writer.TryWrite(line);
        }
    }

    private async Task HandleAsync(HttpContext ctx, string rest)
    {
        string[] parts = rest.Split('/');
        (string? ns, string plural) = parts.Length == 3 && parts[0] == "namespaces" ? (parts[1], parts[2]) : ((string?)null, parts[0]);
        var query = ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        string? nodeName = query.TryGetValue("fieldSelector", out string? fs) && fs.StartsWith("spec.nodeName=", StringComparison.Ordinal) ? fs["spec.nodeName=".Length..] : null;
        lock (_gate) _requests.Add(new RequestRecord(ctx.Request.Path.Value!, query, ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
        ctx.Response.ContentType = "application/json";

        if (!query.ContainsKey("watch"))
        {
            JsonArray items;
            string version;
            lock (_gate)
            {
                items = [.. (_objects.GetValueOrDefault(plural) ?? []).Values.Where(o => Matches(ns, nodeName, plural, o)).Select(o => o.DeepClone())];
                version = _version.ToString(CultureInfo.InvariantCulture);
            }
            var list = new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = version }, ["items"] = items };
            await ctx.Response.WriteAsync(list.ToJsonString());
            return;
        }

        long from = long.Parse(query["resourceVersion"], CultureInfo.InvariantCulture);
        var events = Channel.CreateUnbounded<string>();
        var watch = new Watch(plural, ns, nodeName, events, ctx);
        bool gone;
        lock (_gate)
        {
            gone = from < _compactedBefore;
            if (!gone)
            {
                // Replay what happened after the client's version, then stream live events.
                foreach (var h in _history.Where(h => h.Version > from && h.Plural == plural))
                    if (Matches(watch, plural, h.Namespace, h.Object)) events.Writer.TryWrite(EventLine(h.Type, h.Object));
                _watches.Add(watch);
            }
        }
        const string status = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version","reason":"Expired","code":410}""";
        if (gone && !GoneAsEvent)
        {
            ctx.Response.StatusCode = StatusCodes.Status410Gone;
            await ctx.Response.WriteAsync(status);
            return;
        }
        await ctx.Response.StartAsync();
        if (gone)
        {
            await ctx.Response.WriteAsync("""{"type":"ERROR","object":""" + status + "}\n");
            return;
        }
        try
        {
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            await foreach (string line in events.Reader.ReadAllAsync(ctx.RequestAborted))
            {
                await ctx.Response.WriteAsync(line + "\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // Client went away or the test aborted the connection.
        }
        finally
        {
            lock (_gate) _watches.Remove(watch);
        }
    }

    private static bool Matches(Watch w, string plural, string ns, JsonObject obj)
        => w.Plural == plural && Matches(w.Namespace, w.NodeName, plural, obj) && (w.Namespace is null || w.Namespace == ns);

    private static bool Matches(string? ns, string? nodeName, string plural, JsonObject obj)
    {
        if (ns is not null && obj["metadata"]?["namespace"]?.GetValue<string>() != ns) return false;
        if (nodeName is not null && plural == "pods" && obj["spec"]?["nodeName"]?.GetValue<string>() != nodeName) return false;
        return true;
    }

    private static string EventLine(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    public async ValueTask DisposeAsync()
    {
        DropWatches(abort: false);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
