using Metrics.Alerting.Tests.Peers;
using System.Text;
using System.Text.RegularExpressions;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Tests.Manager.Http;

/// <summary>The real amtool, run against our API and against the real Alertmanager after the same requests, prints the same.</summary>
public sealed partial class AmtoolSideBySideTests : IAsyncLifetime
{
    private const string Config = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - matchers: [team=db]
              receiver: dba
        inhibit_rules:
          - source_matchers: [severity=critical]
            target_matchers: [severity=warning]
            equal: [instance]
        receivers:
          - name: default
          - name: dba
        """;

    private const string Alerts = """
        [
          {"labels":{"alertname":"Down","instance":"a","job":"api"},"annotations":{"summary":"api a is down"},"startsAt":"2026-03-01T12:00:00Z","generatorURL":"http://prom/g1"},
          {"labels":{"alertname":"Down","instance":"b","job":"api"},"annotations":{"summary":"api b is down"},"startsAt":"2026-03-01T12:01:00Z"},
          {"labels":{"alertname":"DiskFull","instance":"db1","team":"db","severity":"critical"},"annotations":{"summary":"disk"},"startsAt":"2026-03-01T12:02:00Z"},
          {"labels":{"alertname":"DiskSlow","instance":"db1","team":"db","severity":"warning"},"annotations":{"summary":"slow"},"startsAt":"2026-03-01T12:03:00Z"}
        ]
        """;

    private RealAlertmanager _real = null!;
    private TestServer _ours = null!;
    private AlertManager _manager = null!;

    public async Task InitializeAsync()
    {
        _real = await RealAlertmanager.StartAsync(Config);
        _manager = new AlertManager(AlertmanagerConfig.Parse(Config, "alertmanager.yml"), new AlertManagerOptions(), TimeProvider.System,
            new AlertManagerMetrics(), NullLoggerFactory.Instance);
        _ours = await TestServer.StartAsync(s => s.AddSingleton(_manager), app => app.MapAlertmanagerApi());
    }

    public async Task DisposeAsync()
    {
        await _ours.DisposeAsync();
        _manager.Dispose();
        await _real.DisposeAsync();
    }

    [Fact]
    public async Task AlertAndSilenceCommandsPrintTheSame()
    {
        using var http = new HttpClient();
        foreach (Uri url in new[] { _real.Url, _ours.BaseAddress })
        {
            var response = await http.PostAsync(new Uri(url, "api/v2/alerts"), new StringContent(Alerts, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        }
        string[][] steps =
        [
            ["alert", "query"],
            ["alert", "query", "-o", "extended"],
            ["alert", "query", "alertname=Down"],
            ["alert", "query", "-i"],
            ["alert", "query", "-o", "extended", "--receiver=dba"],
            ["alert", "query", "instance=~\"a|db1\""],
        ];
        foreach (string[] step in steps) AssertSame(step);

        string realId = AmtoolOn(_real.Url, "silence", "add", "instance=a", "alertname=Down", "-c", "maintenance", "-a", "ops", "-d", "1h").Trim();
        string ourId = AmtoolOn(_ours.BaseAddress, "silence", "add", "instance=a", "alertname=Down", "-c", "maintenance", "-a", "ops", "-d", "1h").Trim();
        Assert.Matches("^[0-9a-f-]{36}$", realId);
        Assert.Matches("^[0-9a-f-]{36}$", ourId);
        AssertSame("silence", "query");
        AssertSame("silence", "query", "alertname=Down");
        AssertSame("alert", "query");
        AssertSame("alert", "query", "-s", "-o", "extended");
        AssertSame("alert", "query", "-s", "-i", "-o", "extended");

        AmtoolOn(_real.Url, "silence", "expire", realId);
        AmtoolOn(_ours.BaseAddress, "silence", "expire", ourId);
        AssertSame("silence", "query");
        AssertSame("silence", "query", "--expired");
        AssertSame("alert", "query");
    }

    [Fact]
    public async Task ApiAnswersWithTheSameJson()
    {
        using var http = new HttpClient();
        async Task<(int, string)> Call(Uri baseUrl, HttpMethod method, string path, string? body = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await http.SendAsync(request);
            return ((int)response.StatusCode, JsonTimes().Replace(await response.Content.ReadAsStringAsync(), m => m.Value.Contains("2026-03-01", StringComparison.Ordinal) ? m.Value : "\"<now>\""));
        }
        (HttpMethod, string, string?)[] calls =
        [
            (HttpMethod.Post, "api/v2/alerts", Alerts),
            (HttpMethod.Get, "api/v2/alerts", null),
            (HttpMethod.Get, "api/v2/alerts?filter=team%3D%22db%22", null),
            (HttpMethod.Get, "api/v2/alerts?inhibited=false", null),
            (HttpMethod.Get, "api/v2/alerts?receiver=dba", null),
            (HttpMethod.Get, "api/v2/alerts/groups", null),
            (HttpMethod.Get, "api/v2/receivers", null),
            (HttpMethod.Get, "api/v2/silences", null),
            (HttpMethod.Get, "api/v2/alerts?filter=foo", null),
            (HttpMethod.Post, "api/v2/alerts", """[{"labels":{}}]"""),
            (HttpMethod.Post, "api/v2/alerts", """[{"annotations":{}}]"""),
            (HttpMethod.Post, "api/v2/alerts", """[{"labels":{"a-b":"1"}},{"labels":{"x":"1"},"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T11:00:00Z"}]"""),
            (HttpMethod.Get, "api/v2/silence/not-a-uuid", null),
            (HttpMethod.Post, "api/v2/silences", """{"matchers":[{"name":"a","value":"1","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T13:00:00Z","createdBy":"me","comment":"past"}"""),
        ];
        foreach (var (method, path, body) in calls)
        {
            var real = await Call(_real.Url, method, path, body);
            var ours = await Call(_ours.BaseAddress, method, path, body);
            Assert.True(real == ours, $"{method} {path} differs:\n--- real\n{real}\n--- ours\n{ours}");
        }
    }

    [GeneratedRegex("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"")]
    private static partial Regex JsonTimes();

    private void AssertSame(params string[] args)
    {
        string real = Normalize(AmtoolOn(_real.Url, args));
        string ours = Normalize(AmtoolOn(_ours.BaseAddress, args));
        Assert.True(real == ours, $"amtool {string.Join(' ', args)} differs:\n--- real\n{real}\n--- ours\n{ours}");
    }

    private static string AmtoolOn(Uri url, params string[] args)
    {
        var (exit, stdout, stderr) = Amtool.Run(["--alertmanager.url=" + url, .. args]);
        Assert.True(exit == 0, $"amtool {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    /// <summary>Silence ids and the current time differ between the two servers by nature; the rest must not.</summary>
    private static string Normalize(string output)
    {
        output = Uuid().Replace(output, "<id>");
        return NowStamp().Replace(output, m => m.Value.StartsWith("2026-03-01", StringComparison.Ordinal) ? m.Value : "<now>");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")]
    private static partial Regex NowStamp();
}
