using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>A named receiver: the integrations a notification for a group is delivered to.</summary>
public sealed class ReceiverConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<SlackConfig> SlackConfigs { get; init; } = [];
    public IReadOnlyList<OpsGenieConfig> OpsGenieConfigs { get; init; } = [];
    public IReadOnlyList<WebhookConfig> WebhookConfigs { get; init; } = [];

    /// <summary>Integration kinds present in the file that this manager accepts but does not deliver to (e.g. email_configs).</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    internal static readonly string[] UnsupportedKinds =
    [
        "email_configs", "pagerduty_configs", "pushover_configs", "victorops_configs", "wechat_configs", "sns_configs",
        "telegram_configs", "webex_configs", "discord_configs",
    ];

    public static ReceiverConfig Parse(YamlSection s, GlobalSettings global)
    {
        s.AllowOnly([.. new[] { "name", "slack_configs", "opsgenie_configs", "webhook_configs" }, .. UnsupportedKinds]);
        string name = s.GetString("name", "");
        if (name.Length == 0) throw s.Error("name", "missing name in receiver");
        var unsupported = new List<string>();
        foreach (string kind in UnsupportedKinds)
        {
            if (!s.Has(kind)) continue;
            s.GetSectionList(kind);   // still must be a list of mappings
            unsupported.Add(kind);
        }
        return new ReceiverConfig
        {
            Name = name,
            SlackConfigs = s.GetSectionList("slack_configs").Select(c => SlackConfig.Parse(c, global)).ToList(),
            OpsGenieConfigs = s.GetSectionList("opsgenie_configs").Select(c => OpsGenieConfig.Parse(c, global)).ToList(),
            WebhookConfigs = s.GetSectionList("webhook_configs").Select(c => WebhookConfig.Parse(c, global)).ToList(),
            Unsupported = unsupported,
        };
    }
}
