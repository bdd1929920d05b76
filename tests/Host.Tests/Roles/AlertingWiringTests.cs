using Metrics.Alerting.Manager.Configuration;
using Metrics.Host.Configuration;
using Metrics.Host.Roles;
using Metrics.Store.Configuration;

namespace Metrics.Host.Tests.Roles;

public sealed class AlertingWiringTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alerting-wiring-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Inline = """
        alertmanager:
          route:
            receiver: team-inline
          receivers:
            - name: team-inline
        """;

    [Fact]
    public void Without_file_or_section_the_built_in_default_routes_everything_to_one_silent_receiver()
    {
        AlertmanagerConfig am = AlertingWiring.AlertmanagerConfigFor(MetricsConfig.Parse("global: {}", "m.yml"), null);
        Assert.Equal("default", am.Route.Receiver);
        Assert.Equal(["default"], am.Receivers.Select(r => r.Name));
    }

    [Fact]
    public void An_inline_section_of_the_main_config_is_used()
    {
        AlertmanagerConfig am = AlertingWiring.AlertmanagerConfigFor(MetricsConfig.Parse(Inline, "m.yml"), null);
        Assert.Equal("team-inline", am.Route.Receiver);
    }

    [Fact]
    public void The_flags_alertmanager_yml_wins_over_the_inline_section()
    {
        string file = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(file, "route:\n  receiver: from-file\nreceivers:\n  - name: from-file\n");
        AlertmanagerConfig am = AlertingWiring.AlertmanagerConfigFor(MetricsConfig.Parse(Inline, "m.yml"), file);
        Assert.Equal("from-file", am.Route.Receiver);
    }

    [Fact]
    public void A_bad_inline_section_names_the_main_file_line_and_field()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => MetricsConfig.Parse("""
            alertmanager:
              route:
                receiver: nobody
              receivers:
                - name: someone
            """, "m.yml"));
        Assert.Contains("m.yml:", e.Message, StringComparison.Ordinal);
        Assert.Contains("nobody", e.Message, StringComparison.Ordinal);
    }
}
