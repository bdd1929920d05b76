using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Tests.Templating;

public class GoTemplateTests
{
    private static readonly AlertTemplateData s_data = new(
        new Dictionary<string, string> { ["instance"] = "host:9100", ["job"] = "node" },
        new Dictionary<string, string> { ["cluster"] = "eu1" }, "http://prom:9090", 0.75);

    private static string Expand(string text, TemplateOptions? options = null)
        => AlertTemplate.Expand("Test", text, s_data, options ?? TemplateOptions.Empty);

    [Theory]
    [InlineData("{{ $labels.instance }} of {{ .Labels.job }}", "host:9100 of node")]
    [InlineData("{{ $value }} / {{ .Value }}", "0.75 / 0.75")]
    [InlineData("{{ $externalLabels.cluster }} {{ $externalURL }}", "eu1 http://prom:9090")]
    [InlineData("{{ $labels.nothere }}|", "|")]
    [InlineData("{{ $value | humanizePercentage }}", "75%")]
    [InlineData("{{ printf \"%.1f%%|%5.2f|%-4d|%x|%q\" 75.0 $value 42 255 \"a\" }}", "75.0%| 0.75|42  |ff|\"a\"")]
    [InlineData("{{ if gt $value 0.5 }}high{{ else if gt $value 0.1 }}mid{{ else }}low{{ end }}", "high")]
    [InlineData("{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}", "instance=host:9100,job=node,")]
    [InlineData("{{ with $labels.job }}job {{ . }}{{ end }}", "job node")]
    [InlineData("{{- \"  trimmed \" -}}  \n  !", "  trimmed !")]
    [InlineData("{{ reReplaceAll \"(.*):(.*)\" \"$2 on $1\" $labels.instance }}", "9100 on host")]
    [InlineData("{{ if match \"^host\" $labels.instance }}yes{{ end }}", "yes")]
    [InlineData("{{ title \"hello world-wide\" }} {{ toUpper \"a\" }}{{ toLower \"B\" }}", "Hello World-Wide Ab")]
    [InlineData("{{/* a comment */}}x", "x")]
    [InlineData("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", "2")]
    [InlineData("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" $labels.job }}", "[node]")]
    [InlineData("{{ len $labels }} {{ index $labels \"job\" }} {{ eq $labels.job \"node\" \"x\" }} {{ and 1 0 }} {{ or 0 \"\" 3 }}", "2 node true 0 3")]
    public void Expands_like_prometheus(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Fact]
    public void Comparing_a_float_with_an_int_is_an_error_as_in_go()
    {
        string result = Expand("{{ gt $value 80 }}");
        Assert.StartsWith("<error expanding template: error executing template __alert_Test: template: __alert_Test:1:", result);
        Assert.EndsWith("error calling gt: incompatible types for comparison>", result);
    }

    [Fact]
    public void Query_runs_through_the_given_function()
    {
        var options = new TemplateOptions { Query = q => [new TemplateSample(new Dictionary<string, string> { ["q"] = q }, 2048)] };
        Assert.Equal("2ki up", Expand("{{ with query \"up\" }}{{ . | first | value | humanize1024 }} {{ (first .).Labels.q }}{{ end }}", options));
        Assert.Equal("<error expanding template: error executing template __alert_Test: template: __alert_Test:1:"
            + (AlertTemplate.Definitions.Length + 16) + ": executing \"__alert_Test\" at <first>: error calling first: first() called on vector with no elements>",
            Expand("{{ query \"up\" | first }}", new TemplateOptions { Query = _ => [] }));
    }

    [Theory]
    [InlineData("{{ $labels.x ", "unclosed action")]
    [InlineData("{{ foo }}", "function \"foo\" not defined")]
    [InlineData("{{ $nope }}", "undefined variable \"$nope\"")]
    [InlineData("{{ if true }}x", "unexpected EOF")]
    [InlineData("{{ end }}", "unexpected {{end}}")]
    public void Parse_errors_name_the_problem(string template, string problem)
    {
        string? error = AlertTemplate.ParseError("Test", template);
        Assert.NotNull(error);
        Assert.Contains(problem, error);
    }
}
