using System.Text.Json;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Alerting.Tests.Peers;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Rules.Notifier;

/// <summary>A reload that changes <c>alerting.alertmanagers</c> or external labels applies to alerts sent afterwards.</summary>
public class AlertNotifierReconfigureTests
{
    private static AlertNotification Alert(string name) =>
        new(LabelSet.FromPairs("alertname", name), LabelSet.Empty, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(5), "http://prom.example/graph");

    [Fact]
    public async Task Alerts_after_a_reconfigure_go_to_the_new_alertmanagers_with_the_new_external_labels()
    {
        await using RealAlertmanager before = await RealAlertmanager.StartAsync();
        await using RealAlertmanager after = await RealAlertmanager.StartAsync();
        using var http = new HttpClient();
        using var notifier = new AlertNotifier(new NotifierOptions
        {
            Alertmanagers = [new AlertmanagerEndpoint(before.BaseAddress, TimeSpan.FromSeconds(5))],
            ExternalLabels = LabelSet.FromPairs("cluster", "eu1"),
        }, http);
        await notifier.StartAsync(CancellationToken.None);
        try
        {
            notifier.Enqueue([Alert("First")]);
            await before.WaitForAlertsAsync(a => a.GetArrayLength() == 1, TimeSpan.FromSeconds(20));

            notifier.Reconfigure(new NotifierOptions
            {
                Alertmanagers = [new AlertmanagerEndpoint(after.BaseAddress, TimeSpan.FromSeconds(5))],
                ExternalLabels = LabelSet.FromPairs("cluster", "us2"),
            });
            notifier.Enqueue([Alert("Second")]);
            JsonElement alerts = await after.WaitForAlertsAsync(a => a.GetArrayLength() == 1, TimeSpan.FromSeconds(20));
            Assert.Equal("Second", alerts[0].GetProperty("labels").GetProperty("alertname").GetString());
            Assert.Equal("us2", alerts[0].GetProperty("labels").GetProperty("cluster").GetString());
            JsonElement old = await before.AlertsAsync();
            Assert.Equal("First", Assert.Single(old.EnumerateArray()).GetProperty("labels").GetProperty("alertname").GetString());
        }
        finally
        {
            await notifier.StopAsync(CancellationToken.None);
        }
    }
}
