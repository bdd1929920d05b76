using System.Text;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Metrics.Alerting.Tests.Peers;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>
/// The real Alertmanager and ours load the same <c>templates:</c> file (a custom Slack text, and a replacement for the
/// default Slack title that the default fallback then uses) and must send byte-identical Slack bodies, firing then resolved.
/// </summary>
public sealed class TemplateFilesSideBySideTests : IAsyncLifetime
{
    private const string ExternalUrl = "http://alerts.example:9093";

    private const string TemplateFile = """
        {{ define "slack.custom.text" }}{{ range .Alerts }}*{{ .Labels.alertname }}* on {{ .Labels.instance }} ({{ .Status }}) since {{ .StartsAt.Format "2006-01-02 15:04" }}
        {{ range .Annotations.SortedPairs }}  {{ .Name | title }}: {{ .Value }}
        {{ end }}<{{ .GeneratorURL }}|source> & 🔥 über	tab{{ end }}{{ end }}

        {{ define "slack.default.title" }}{{ .Status | toUpper }} {{ .CommonLabels.Remove .GroupLabels.Names | len }} {{ .GroupLabels.SortedPairs.Values | join "/" }}{{ end }}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("am-tmplfiles-").FullName;
    private ReceiverServer _peer = null!;
    private RealAlertmanager _real = null!;
    private TestServer _ours = null!;
    private AlertManager _manager = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _dispatch = Task.CompletedTask;

    private string Config(string who, string templatesGlob) => $"""
        route:
          receiver: chat
          group_by: [alertname]
          group_wait: 2s
          group_interval: 1s
        templates:
          - '{templatesGlob}'
        receivers:
          - name: chat
            slack_configs:
              - api_url: {_peer.Url($"/{who}/slack")}
                channel: '#alerts'
                send_resolved: true
                text: '{"{{"} template "slack.custom.text" . {"}}"}'
                mrkdwn_in: [text]
                short_fields: true
                fields:
                  - title: Team
                    value: '{"{{"} .CommonLabels.team | toUpper {"}}"}'
                  - title: '{"{{"} len .Alerts {"}}"} alerts'
                    value: '{"{{"} range .Alerts {"}}"}{"{{"} .Labels.instance {"}}"} {"{{"} end {"}}"}'
                    short: false
                actions:
                  - type: button
                    text: 'Runbook for {"{{"} .GroupLabels.alertname {"}}"}'
                    url: '{"{{"} .CommonAnnotations.runbook {"}}"}'
                    style: primary
                  - type: button
                    text: Silence
                    name: silence
                    value: '{"{{"} .GroupLabels.alertname {"}}"}'
                    confirm:
                      text: 'Silence {"{{"} .Alerts.Firing | len {"}}"} alerts?'
                      ok_text: 'Yes'
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "tmpl"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "tmpl", "chat.tmpl"), TemplateFile);
        _peer = await ReceiverServer.StartAsync();
        // The real one's config lives in its own folder, so it gets the absolute glob; ours is relative to its config file.
        _real = await RealAlertmanager.StartAsync(Config("real", Path.Combine(_dir, "tmpl", "*.tmpl")), "--web.external-url=" + ExternalUrl);
        string ourConfig = Path.Combine(_dir, "alertmanager.yml");
        await File.WriteAllTextAsync(ourConfig, Config("ours", "tmpl/*.tmpl"));
        _manager = new AlertManager(AlertmanagerConfig.Load(ourConfig), new AlertManagerOptions { ExternalUrl = ExternalUrl },
            TimeProvider.System, new AlertManagerMetrics(), NullLoggerFactory.Instance);
        _ours = await TestServer.StartAsync(s => s.AddSingleton(_manager), app => app.MapAlertmanagerApi());
        _dispatch = _manager.Dispatcher.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _dispatch;
        await _ours.DisposeAsync();
        _manager.Dispose();
        await _real.DisposeAsync();
        await _peer.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SlackBodiesFromATemplateFileMatchTheRealAlertmanagers()
    {
        // Start times of now: an alert older than group_wait is flushed at once, which could split the
        // two alerts of one POST over two notifications (in either manager) and make the comparison flaky.
        DateTimeOffset t0 = DateTimeOffset.UtcNow;
        string Alerts(string? endsAt) => $$"""
            [{"labels":{"alertname":"DiskFull","instance":"db1","team":"db"},"annotations":{"summary":"disk full","runbook":"http://wiki/disk"},"startsAt":"{{Time(t0)}}"{{endsAt}},"generatorURL":"http://prom/g"},
             {"labels":{"alertname":"DiskFull","instance":"db2","team":"db"},"annotations":{"summary":"disk full"},"startsAt":"{{Time(t0.AddMilliseconds(-500))}}"{{endsAt}}}]
            """;
        string firing = Alerts(null);
        await PostBothAsync(firing);
        await WaitForAsync(2);
        // Ended half a second after they started: long past by the time this is posted.
        string resolved = Alerts($",\"endsAt\":\"{Time(t0.AddMilliseconds(500))}\"");
        await PostBothAsync(resolved);
        await WaitForAsync(4);

        var all = _peer.Delivered.ToList();
        var real = all.Where(r => r.PathAndQuery.StartsWith("/real/", StringComparison.Ordinal)).ToList();
        var ours = all.Where(r => r.PathAndQuery.StartsWith("/ours/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, real.Count);
        Assert.Equal(2, ours.Count);
        Assert.Contains("FIRING 1 DiskFull", real[0].Body, StringComparison.Ordinal);   // the replaced default title
        Assert.Contains("  Runbook: http://wiki/disk", real[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"fields\":[{\"title\":\"Team\",\"value\":\"DB\",\"short\":true}", real[0].Body, StringComparison.Ordinal);
        for (int i = 0; i < 2; i++) Assert.Equal(real[i].Body, ours[i].Body);
    }

    private static string Time(DateTimeOffset t) => SideBySide.Time(t);

    private Task PostBothAsync(string body) => SideBySide.PostBothAsync(_real.Url, _ours.BaseAddress, body);

    private Task WaitForAsync(int count) => SideBySide.WaitForDeliveriesAsync(_peer, count);
}
