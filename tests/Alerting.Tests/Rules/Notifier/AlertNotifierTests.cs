using System.Text.Json;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Alerting.Tests.Peers;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Rules.Notifier;

public class AlertNotifierTests
{
    private static readonly DateTimeOffset T0 = RuleTestHarness.Start;

    [Fact]
    public async Task A_firing_alert_of_a_rule_reaches_the_real_alertmanager_and_its_resolution_ends_it()
    {
        await using RealAlertmanager am = await RealAlertmanager.StartAsync();
        using var http = new HttpClient();
        using var notifier = new AlertNotifier(new NotifierOptions
        {
            Alertmanagers = [new AlertmanagerEndpoint(am.BaseAddress, TimeSpan.FromSeconds(5))],
            ExternalLabels = LabelSet.FromPairs("cluster", "eu1", "severity", "ignored-when-set"),
            Relabel = l => l.Get("drop") == "yes" ? null : l.ToBuilder().Set("relabelled", "true").Build(),
            ExternalUrl = "http://prom.example:9090",
        }, http);
        await notifier.StartAsync(CancellationToken.None);
        try
        {
            var h = new RuleTestHarness();
            // Evaluation times lie in the past as in a real server: Alertmanager keeps an alert whose explicit
            // end lies in its future active until then, so a resolution must not be stamped ahead of its clock.
            DateTimeOffset now = DateTimeOffset.UtcNow.AddSeconds(-10);
            h.Write(now, ("up{instance=\"h1\"}", 0), ("up{instance=\"h2\", drop=\"yes\"}", 0));
            RuleGroup group = h.Group("""
                groups:
                  - name: g
                    rules:
                      - alert: InstanceDown
                        expr: up == 0
                        labels: {severity: page}
                        annotations: {summary: "{{ $labels.instance }} is down"}
                """, options: h.Options() with { Notify = notifier.Send });
            group.Evaluate(now);

            JsonElement alerts = await am.WaitForAlertsAsync(a => a.GetArrayLength() == 1, TimeSpan.FromSeconds(20));
            JsonElement alert = alerts[0];
            JsonElement labels = alert.GetProperty("labels");
            Assert.Equal("InstanceDown", labels.GetProperty("alertname").GetString());
            Assert.Equal("h1", labels.GetProperty("instance").GetString());
            Assert.Equal("page", labels.GetProperty("severity").GetString());  // the alert's own label wins over the external one
            Assert.Equal("eu1", labels.GetProperty("cluster").GetString());
            Assert.Equal("true", labels.GetProperty("relabelled").GetString());
            Assert.Equal("h1 is down", alert.GetProperty("annotations").GetProperty("summary").GetString());
            Assert.Equal("http://prom.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1", alert.GetProperty("generatorURL").GetString());
            Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
            DateTimeOffset startsAt = alert.GetProperty("startsAt").GetDateTimeOffset();
            DateTimeOffset endsAt = alert.GetProperty("endsAt").GetDateTimeOffset();
            Assert.True(Math.Abs((startsAt - now).TotalMilliseconds) < 1);
            Assert.True(Math.Abs((endsAt - now.AddMinutes(4)).TotalMilliseconds) < 1);

            // The condition ends: the resolved alert is sent with endsAt = now and Alertmanager stops listing it.
            h.Write(now.AddSeconds(1), ("up{instance=\"h1\"}", 1), ("up{instance=\"h2\", drop=\"yes\"}", 1));
            group.Evaluate(now.AddSeconds(1));
            await am.WaitForAlertsAsync(a => a.GetArrayLength() == 0, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await notifier.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task On_start_each_alertmanager_gets_one_empty_list_which_counts_as_neither_sent_nor_failed()
    {
        await using var am = await Metrics.Alerting.Tests.Manager.ReceiverServer.StartAsync();
        int down = RealAlertmanager.FreePort();  // nothing listens there
        using var http = new HttpClient();
        using var notifier = new AlertNotifier(new NotifierOptions
        {
            Alertmanagers =
            [
                new AlertmanagerEndpoint(new Uri($"http://127.0.0.1:{down}"), TimeSpan.FromSeconds(2)),
                new AlertmanagerEndpoint(am.Url("/"), TimeSpan.FromSeconds(5)),
            ],
        }, http);
        await notifier.StartAsync(CancellationToken.None);
        try
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(20); am.Delivered.IsEmpty && DateTime.UtcNow < deadline;) await Task.Delay(20);
            var request = Assert.Single(am.Delivered);
            Assert.Equal(("POST", "[]"), (request.Method, request.Body));
            Assert.Equal((0L, 0L, 0L), (notifier.Sent, notifier.Errors, notifier.Dropped));
        }
        finally
        {
            await notifier.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void The_queue_is_bounded_and_drops_the_oldest()
    {
        using var http = new HttpClient();
        using var notifier = new AlertNotifier(new NotifierOptions
        {
            Alertmanagers = [new AlertmanagerEndpoint(new Uri("http://127.0.0.1:9"), TimeSpan.FromSeconds(1))],
            QueueCapacity = 3,
        }, http);
        var alerts = Enumerable.Range(0, 5)
            .Select(i => new AlertNotification(LabelSet.FromPairs("alertname", "A" + i), LabelSet.Empty, T0, T0, "")).ToList();
        notifier.Enqueue(alerts);
        Assert.Equal((3, 2L), (notifier.QueueLength, notifier.Dropped));
    }

    [Fact]
    public async Task A_batch_no_alertmanager_accepts_is_retried_a_bounded_number_of_times_then_dropped()
    {
        int port = RealAlertmanager.FreePort();  // nothing listens there
        using var http = new HttpClient();
        using var notifier = new AlertNotifier(new NotifierOptions
        {
            Alertmanagers = [new AlertmanagerEndpoint(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(2))],
            MaxAttempts = 3,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
        }, http);
        bool delivered = await notifier.SendBatchAsync([new AlertNotification(LabelSet.FromPairs("alertname", "A"), LabelSet.Empty, T0, T0, "")], CancellationToken.None);
        Assert.False(delivered);
        Assert.Equal((3L, 1L), (notifier.Errors, notifier.Dropped));
    }

    [Fact]
    public void Payload_is_alertmanager_v2_postable_alerts()
    {
        byte[] json = AlertNotifier.Serialize([new AlertNotification(LabelSet.FromPairs("alertname", "A"), LabelSet.FromPairs("s", "x"),
            T0, T0.AddMinutes(4), "http://p/graph")]);
        Assert.Equal("""[{"labels":{"alertname":"A"},"annotations":{"s":"x"},"startsAt":"2026-01-01T00:00:00.000Z","endsAt":"2026-01-01T00:04:00.000Z","generatorURL":"http://p/graph"}]""",
            System.Text.Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Alerting_config_reads_alertmanagers_as_prometheus()
    {
        var section = Metrics.Store.Configuration.YamlSection.Load("""
            alerting:
              alertmanagers:
                - scheme: http
                  path_prefix: /am
                  timeout: 5s
                  api_version: v2
                  static_configs:
                    - targets: ["a:9093", "b:9093"]
            """, "c.yml").GetSection("alerting");
        AlertingConfig config = AlertingConfig.Parse(section);
        Assert.Equal(["http://a:9093/am/api/v2/alerts", "http://b:9093/am/api/v2/alerts"], config.Alertmanagers.Select(a => a.AlertsUrl.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(5), config.Alertmanagers[0].Timeout);
        var bad = Metrics.Store.Configuration.YamlSection.Load("alerting:\n  alertmanagers:\n  - api_version: v1\n", "c.yml").GetSection("alerting");
        var e = Assert.Throws<Metrics.Store.Configuration.ConfigException>(() => AlertingConfig.Parse(bad));
        Assert.Contains("c.yml:3:18: field \"alerting.alertmanagers[0].api_version\"", e.Message);
    }
}
