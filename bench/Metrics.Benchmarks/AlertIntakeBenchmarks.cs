using System.Text;
using BenchmarkDotNet.Attributes;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Benchmarks;

/// <summary>
/// The alert manager's intake without HTTP: 50,000 distinct alerts in POST bodies of 250 (the shape
/// bench/alertmanager/am_bench.py sends) parsed and received by a fresh manager. Times are per alert.
/// </summary>
[MemoryDiagnoser]
public class AlertIntakeBenchmarks
{
    private const int Total = 50_000;
    private const int Batch = 250;

    private const string Config = """
        route:
          receiver: sink
          group_by: [alertname, job]
          group_wait: 30s
          group_interval: 5m
          routes:
            - matchers: ['severity="page"']
              receiver: pager
        inhibit_rules:
          - source_matchers: [severity=page]
            target_matchers: [severity=warn]
            equal: [instance]
        receivers:
          - name: sink
          - name: pager
        """;

    private readonly List<byte[]> _bodies = [];
    private AlertmanagerConfig _config = null!;

    [GlobalSetup]
    public void Setup()
    {
        _config = AlertmanagerConfig.Parse(Config, "alertmanager.yml");
        string now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        for (int start = 0; start < Total; start += Batch)
        {
            var b = new StringBuilder("[");
            for (int i = start; i < start + Batch; i++)
            {
                if (i > start) b.Append(", ");
                b.Append($$"""{"labels": {"alertname": "Alert{{i % 50}}", "job": "job{{i % 10}}", "instance": "host-{{i}}:9100", "severity": "{{(i % 20 == 0 ? "page" : "warn")}}"}, """);
                b.Append($$"""  "annotations": {"summary": "instance host-{{i}} is in trouble", "runbook": "https://runbooks.example/x"}, "startsAt": "{{now}}", """);
                b.Append($$"""  "generatorURL": "http://prometheus.example/graph?g0.expr=up%7Binstance%3D%22host-{{i}}%22%7D"}""");
            }
            _bodies.Add(Encoding.UTF8.GetBytes(b.Append(']').ToString()));
        }
    }

    [Benchmark(OperationsPerInvoke = Total)]
    public int Parse()
    {
        int n = 0;
        foreach (byte[] body in _bodies) n += PostedAlertsReader.Read(body).Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Total)]
    public int ParseAndReceive()
    {
        using var metrics = new AlertManagerMetrics();
        using var manager = new AlertManager(_config, new AlertManagerOptions(), TimeProvider.System, metrics, NullLoggerFactory.Instance);
        foreach (byte[] body in _bodies)
        {
            List<PostedAlert> posted = PostedAlertsReader.Read(body);
            if (manager.Receive(posted).Count != 0) throw new InvalidOperationException("an alert was rejected");
        }
        return manager.Alerts.Count;
    }
}
