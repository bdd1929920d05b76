using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>
/// Rendered texts cut to the integrations' limits as Alertmanager 0.25 does (observed on the real binary):
/// a Slack title to 1024 runes, an OpsGenie message to 130 runes, the last one replaced by "…".
/// </summary>
public sealed class TextLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static NotificationData Data() => new()
    {
        Receiver = "r",
        GroupKey = "{}:{}",
        GroupLabels = LabelSet.FromPairs(),
        Now = Now,
        Alerts = [new Alert { Labels = LabelSet.FromPairs("alertname", "A"), StartsAt = Now }],
    };

    [Fact]
    public void ASlackTitleIsCutTo1024RunesButTheTextIsNot()
    {
        var config = new SlackConfig { ApiUrl = new Uri("http://127.0.0.1/x"), Title = new string('x', 1100), Text = new string('y', 5000) };
        JsonElement attachment = JsonDocument.Parse(SlackNotifier.Payload(config, Data())).RootElement.GetProperty("attachments")[0];
        Assert.Equal(new string('x', 1023) + "…", attachment.GetProperty("title").GetString());
        Assert.Equal(5000, attachment.GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public void AnOpsGenieMessageIsCutTo130RunesNotUtf16Units()
    {
        var config = new OpsGenieConfig { ApiUrl = new Uri("http://127.0.0.1/"), Message = string.Concat(Enumerable.Repeat("é😀", 100)) };
        string message = JsonDocument.Parse(OpsGenieNotifier.CreateBody(config, Data(), "alias")).RootElement.GetProperty("message").GetString()!;
        Assert.Equal(string.Concat(Enumerable.Repeat("é😀", 64)) + "é…", message);
    }
}
