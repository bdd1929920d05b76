using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// <c>metrics alertmanager run</c> and the real Alertmanager 0.25 side by side through the same reloads: a changed route
/// sends the next notification to the new receiver, a reload of an unchanged file does not notify the already notified
/// group again, and a broken file is refused with 500 while the gauges drop to 0.
/// </summary>
public sealed class AlertmanagerReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("am-reload-").FullName;
    private readonly ConcurrentQueue<(string Path, string Body)> _delivered = new();
    private TestServer _hooks = null!;

    public async Task InitializeAsync() =>
        _hooks = await TestServer.StartAsync(_ => { }, app => app.MapPost("/{peer}/{receiver}", async (HttpContext ctx, string peer, string receiver) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            _delivered.Enqueue(($"{peer}/{receiver}", await reader.ReadToEndAsync()));
            return Results.Ok();
        }));

    public async Task DisposeAsync()
    {
        await _hooks.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Config(string peer, string receiver) => $"""
        route:
          receiver: {receiver}
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1h
          repeat_interval: 4h
        receivers:
          - name: a
            webhook_configs:
              - url: {_hooks.BaseAddress}{peer}/a
          - name: b
            webhook_configs:
              - url: {_hooks.BaseAddress}{peer}/b
        """;

    private int Count(string path) => _delivered.Count(d => d.Path == path);

    private static void Write(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static async Task<string?> GaugeAsync(HttpClient http, Uri baseAddress, string name)
    {
        string text = await http.GetStringAsync(new Uri(baseAddress, "/metrics"));
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line?[(line.LastIndexOf(' ') + 1)..];
    }

    [Fact]
    public async Task Reloads_route_to_the_new_receiver_without_renotifying_like_Alertmanager()
    {
        string ourConfig = Path.Combine(_dir, "ours.yml"), realConfig = Path.Combine(_dir, "real.yml");
        Write(ourConfig, Config("ours", "a"));
        Write(realConfig, Config("real", "a"));
        int realPort = MetricsProcess.FreePort();
        using Process real = ExternalTool.Start("prometheus-alertmanager", "--config.file", realConfig, "--storage.path", Path.Combine(_dir, "real-data"),
            "--web.listen-address", $"127.0.0.1:{realPort}", "--cluster.listen-address=");
        try
        {
            await using MetricsProcess ours = await MetricsProcess.StartAlertmanagerAsync(ourConfig, Path.Combine(_dir, "our-data"), MetricsProcess.FreePort());
            var realUrl = new Uri($"http://127.0.0.1:{realPort}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(async () => (await http.GetAsync(new Uri(realUrl, "/-/ready"))).IsSuccessStatusCode ? "ready" : null, Timeout, "Alertmanager ready");
            (string Peer, Uri Url)[] peers = [("ours", ours.BaseAddress), ("real", realUrl)];

            string alert = $$"""[{"labels": {"alertname": "Reload", "instance": "1"}, "endsAt": "{{DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}"}]""";
            foreach (var (_, url) in peers)
            {
                using HttpResponseMessage posted = await http.PostAsync(new Uri(url, "/api/v2/alerts"), new StringContent(alert, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }
            await Poll.UntilAsync(() => Task.FromResult(Count("ours/a") == 1 && Count("real/a") == 1 ? "a" : null), Timeout, "both notify receiver a");

            // The route now names receiver b: both send the group to b after group_wait, and nothing more to a.
            Write(ourConfig, Config("ours", "b"));
            Write(realConfig, Config("real", "b"));
            foreach (var (_, url) in peers)
            {
                using HttpResponseMessage reloaded = await http.PostAsync(new Uri(url, "/-/reload"), null);
                Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
            }
            await Poll.UntilAsync(() => Task.FromResult(Count("ours/b") == 1 && Count("real/b") == 1 ? "b" : null), Timeout, "both notify receiver b");
            Assert.Equal(1, Count("ours/a"));
            Assert.Equal(1, Count("real/a"));
            foreach (var (peer, _) in peers)
            {
                JsonElement body = JsonDocument.Parse(_delivered.Last(d => d.Path == peer + "/b").Body).RootElement;
                Assert.Equal("b", body.GetProperty("receiver").GetString());
                Assert.Equal("1", body.GetProperty("alerts")[0].GetProperty("labels").GetProperty("instance").GetString());
            }

            // Reloading the same file rebuilds the groups; the notification log keeps both from notifying b again.
            // Waiting several group_waits is an absence check, observed on both at once.
            foreach (var (_, url) in peers) (await http.PostAsync(new Uri(url, "/-/reload"), null)).Dispose();
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(1, Count("ours/b"));
            Assert.Equal(1, Count("real/b"));

            // A broken file: both answer 500 "failed to reload config: ..." and report the failure.
            Write(ourConfig, "route:\n  receiver: nobody\nreceivers:\n  - name: a\n");
            Write(realConfig, "route:\n  receiver: nobody\nreceivers:\n  - name: a\n");
            foreach (var (peer, url) in peers)
            {
                using HttpResponseMessage failed = await http.PostAsync(new Uri(url, "/-/reload"), null);
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
                Assert.StartsWith("failed to reload config: ", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal("0", await GaugeAsync(http, url, "alertmanager_config_last_reload_successful"));
            }
        }
        finally
        {
            real.Kill(entireProcessTree: true);
            await real.WaitForExitAsync();
        }
    }
}
