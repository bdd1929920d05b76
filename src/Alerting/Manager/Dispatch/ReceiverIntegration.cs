using Metrics.Alerting.Manager.Receivers;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>One integration of a named receiver, with the stable name its notification-log entries use (<c>team/slack/0</c>).</summary>
public sealed record ReceiverIntegration(string Receiver, INotifier Notifier, int Index)
{
    public string Name => $"{Receiver}/{Notifier.Integration}/{Index}";
}
