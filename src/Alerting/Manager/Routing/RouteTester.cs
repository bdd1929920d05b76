using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Routing;

/// <summary>What <c>amtool config routes test</c> does: the receivers a label set routes to, comma separated, in tree order.</summary>
public static class RouteTester
{
    /// <summary>Parses <c>name=value</c> arguments (Alertmanager's matcher syntax, equality only) into a label set.</summary>
    public static LabelSet ParseLabels(IEnumerable<string> arguments)
    {
        var builder = new LabelSetBuilder();
        foreach (string argument in arguments)
        {
            LabelMatcher matcher;
            try
            {
                matcher = MatcherParser.Parse(argument);
            }
            catch (FormatException)
            {
                throw new FormatException("labels must be specified as key=value pairs");
            }
            if (matcher.Type != MatcherType.Equal) throw new FormatException("labels must be specified as key=value pairs");
            builder.Set(matcher.Name, matcher.Value);
        }
        return builder.Build();
    }

    public static string Receivers(AlertmanagerConfig config, LabelSet labels)
        => string.Join(",", Route.Build(config.Route).Match(labels).Select(r => r.Options.Receiver));
}
