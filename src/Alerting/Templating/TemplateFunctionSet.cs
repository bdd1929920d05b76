namespace Metrics.Alerting.Templating;

/// <summary>Which functions a template may call besides Go's builtins: Prometheus's (rule annotations) or Alertmanager's (notifications).</summary>
public enum TemplateFunctionSet
{
    Prometheus,
    Alertmanager,
}
