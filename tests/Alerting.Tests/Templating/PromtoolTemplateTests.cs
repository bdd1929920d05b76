using System.Globalization;
using System.Text;
using System.Text.Json;
using Metrics.Alerting.Templating;
using Metrics.Alerting.Tests.Peers;

namespace Metrics.Alerting.Tests.Templating;

/// <summary>
/// Our template output against real Prometheus rendering: every annotation we expand becomes the
/// expected annotation of a <c>promtool test rules</c> unit test, which passes only if Prometheus
/// renders the very same text for the same alert.
/// </summary>
public class PromtoolTemplateTests
{
    private static readonly string[] s_templates =
    [
        "{{ $value }}",
        "{{ humanize $value }}",
        "{{ $value | humanize1024 }}",
        "{{ humanizeDuration $value }}",
        "{{ humanizePercentage $value }}",
        "{{ humanizeTimestamp $value }}",
        "{{ printf \"%.2f\" $value }}",
        "{{ printf \"%5.1f|%-10.3e|%g|%v|%d|%s\" $value $value $value $value 42 \"s\" }}",
        "{{ printf \"%x %q %t %8.3g\" 255 \"a\" true $value }}",
        "{{ $labels.case | toUpper }} {{ .Labels.case | title }} {{ toLower \"ABC\" }} {{ title \"hello wide-world\" }}",
        "{{ if gt $value 100.0 }}big{{ else if gt $value 1.0 }}mid{{ else }}small{{ end }}",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}",
        "{{ with $labels.missing }}has{{ else }}none{{ end }}{{ $labels.missing }}|",
        "{{ reReplaceAll \"(c)(.*)\" \"$2-$1\" $labels.case }}",
        "{{ match \"^c[0-9]$\" $labels.case }} {{ len $labels }} {{ index $labels \"case\" }}",
        "{{ query \"sum(m)\" | first | value | humanize }}",
        "{{ range sortByLabel \"case\" (query \"m\") }}{{ .Labels.case }}:{{ .Value }} {{ end }}",
        "{{ gt $value 80 }}",
        "{{ $labels.case.x }}",
        "{{- \"  a \" -}}  b  {{- /* c */ -}} d",
        "{{ print 1 2 \"x\" 3.5 }} {{ println \"a\" 1 }}",
        "{{ $value | printf \"%.3f\" }} {{ not false }} {{ and 1 \"\" }} {{ or 0 \"y\" }} {{ eq 1 1 }} {{ ne \"a\" \"b\" }}",
    ];

    private static readonly double[] s_values = [0, 0.5, 1536, 86400.5, 3.14159, 1e-7, -1234.5, 123456789012, 12345, 1700000000.123, 0.125];

    [Fact]
    public async Task Promtool_renders_every_annotation_exactly_as_we_do()
    {
        string dir = Directory.CreateTempSubdirectory("rules-tmpl-").FullName;
        try
        {
            var rules = new StringBuilder("groups:\n- name: g\n  rules:\n  - alert: T\n    expr: m\n    annotations:\n");
            for (int i = 0; i < s_templates.Length; i++)
                rules.Append(CultureInfo.InvariantCulture, $"      a{i}: {JsonSerializer.Serialize(s_templates[i])}\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), rules.ToString());

            var test = new StringBuilder("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n");
            for (int c = 0; c < s_values.Length; c++)
                test.Append(CultureInfo.InvariantCulture, $"  - series: 'm{{case=\"c{c}\"}}'\n    values: '{GoFloat.General(s_values[c])}'\n");
            test.Append("  alert_rule_test:\n  - eval_time: 0m\n    alertname: T\n    exp_alerts:\n");
            double sum = s_values.Sum();
            var samples = s_values.Select((v, c) => new TemplateSample(new Dictionary<string, string> { ["__name__"] = "m", ["case"] = "c" + c }, v)).ToList();
            var options = new TemplateOptions
            {
                Query = q => q == "sum(m)" ? [new TemplateSample(new Dictionary<string, string>(), sum)]
                    : [.. samples.OrderBy(s => s.Labels["case"], StringComparer.Ordinal)],
            };
            for (int c = 0; c < s_values.Length; c++)
            {
                var labels = new Dictionary<string, string> { ["__name__"] = "m", ["case"] = "c" + c };
                var data = new AlertTemplateData(labels, new Dictionary<string, string>(), "", s_values[c]);
                test.Append(CultureInfo.InvariantCulture, $"    - exp_labels: {{case: c{c}}}\n      exp_annotations:\n");
                for (int i = 0; i < s_templates.Length; i++)
                    test.Append(CultureInfo.InvariantCulture, $"        a{i}: {JsonSerializer.Serialize(AlertTemplate.Expand("T", s_templates[i], data, options))}\n");
            }
            await File.WriteAllTextAsync(Path.Combine(dir, "test.yml"), test.ToString());

            var (exit, output) = await Promtool.RunAsync(dir, "test", "rules", "test.yml");
            Assert.True(exit == 0, "promtool rendered differently:\n" + output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
