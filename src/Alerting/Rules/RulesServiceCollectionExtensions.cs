using Metrics.Alerting.Rules.Notifier;
using Metrics.Query.Engine;
using Metrics.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Rules;

/// <summary>Registers the rule manager (evaluating on the registered query engine and storage) and the Alertmanager notifier.</summary>
public static class RulesServiceCollectionExtensions
{
    public static IServiceCollection AddRuleEvaluation(this IServiceCollection services, RuleEvaluationSettings settings)
    {
        services.AddSingleton<RulesMetrics>();
        services.AddSingleton(sp => new AlertNotifier(
            new NotifierOptions
            {
                Alertmanagers = settings.Alertmanagers,
                ExternalLabels = settings.ExternalLabels,
                Relabel = settings.AlertRelabel,
                ExternalUrl = settings.ExternalUrl,
            },
            new HttpClient(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Alerting.Notifier"),
            sp.GetRequiredService<RulesMetrics>()));
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddSingleton(sp =>
        {
            AlertNotifier notifier = sp.GetRequiredService<AlertNotifier>();
            return new RuleManager(new RuleGroupOptions
            {
                Engine = sp.GetRequiredService<IQueryEngine>(),
                Appendable = sp.GetRequiredService<IAppendable>(),
                Queryable = sp.GetRequiredService<ISeriesQueryable>(),
                Clock = sp.GetRequiredService<TimeProvider>(),
                ExternalLabels = settings.ExternalLabels,
                ExternalUrl = settings.ExternalUrl,
                ResendDelay = settings.ResendDelay,
                Notify = notifier.Send,
                Logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Alerting.Rules"),
                Metrics = sp.GetRequiredService<RulesMetrics>(),
            });
        });
        services.AddHostedService(sp => sp.GetRequiredService<RuleManager>());
        return services;
    }
}
