using static Metrics.Collector.Tests.Relabel.RelabelTestHelpers;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>
/// The cases of Prometheus's <c>model/relabel/relabel_test.go</c> (TestRelabel), ported as YAML.
/// The UTF-8 label-name cases are left out: this stack validates names with the legacy rule.
/// </summary>
public sealed partial class RelabelerTests
{
    // name, input label pairs, relabel_configs items, expected label pairs (null = dropped)
    public static TheoryData<string, string[], string, string[]?> PrometheusCases => new()
    {
        { "replace with ${1} twice", ["a", "foo", "b", "bar", "c", "baz"],
            """
            - source_labels: [a]
              regex: f(.*)
              target_label: d
              separator: ";"
              replacement: ch${1}-ch${1}
              action: replace
            """,
            ["a", "foo", "b", "bar", "c", "baz", "d", "choo-choo"] },
        { "replace chains and overwrites a source", ["a", "foo", "b", "bar", "c", "baz"],
            """
            - source_labels: [a, b]
              regex: f(.*);(.*)r
              target_label: a
              replacement: b${1}${2}m
            - source_labels: [c, a]
              regex: (b).*b(.*)ba(.*)
              target_label: d
              replacement: $1$2$2$3
            """,
            ["a", "boobam", "b", "bar", "c", "baz", "d", "boooom"] },
        { "drop stops later steps", ["a", "foo"],
            """
            - source_labels: [a]
              regex: .*o.*
              action: drop
            - source_labels: [a]
              regex: f(.*)
              target_label: d
              replacement: ch$1-ch$1
            """,
            null },
        { "drop on match", ["a", "foo", "b", "bar"],
            """
            - source_labels: [a]
              regex: .*o.*
              action: drop
            """,
            null },
        { "replace with group in the middle", ["a", "abc"],
            """
            - source_labels: [a]
              regex: .*(b).*
              target_label: d
            """,
            ["a", "abc", "d", "b"] },
        { "drop without match keeps", ["a", "foo"],
            """
            - source_labels: [a]
              regex: no-match
              action: drop
            """,
            ["a", "foo"] },
        { "drop regex is anchored", ["a", "foo"],
            """
            - source_labels: [a]
              regex: f|o
              action: drop
            """,
            ["a", "foo"] },
        { "keep without match drops", ["a", "foo"],
            """
            - source_labels: [a]
              regex: no-match
              action: keep
            """,
            null },
        { "keep on match", ["a", "foo"],
            """
            - source_labels: [a]
              regex: f.*
              action: keep
            """,
            ["a", "foo"] },
        { "replace without match changes nothing", ["a", "boo"],
            """
            - source_labels: [a]
              regex: f
              target_label: b
              replacement: bar
            """,
            ["a", "boo"] },
        { "empty replacement deletes the target", ["a", "foo", "f", "baz"],
            """
            - source_labels: [a]
              regex: (f).*
              target_label: $1
              replacement: $2
            """,
            ["a", "foo"] },
        { "hashmod pinned by Prometheus", ["a", "foo", "b", "bar", "c", "baz"],
            """
            - source_labels: [c]
              target_label: d
              action: hashmod
              modulus: 1000
            """,
            ["a", "foo", "b", "bar", "c", "baz", "d", "976"] },
        { "hashmod of a value with a newline", ["a", "foo\nbar"],
            """
            - source_labels: [a]
              target_label: b
              action: hashmod
              modulus: 1000
            """,
            ["a", "foo\nbar", "b", "734"] },
        { "labelmap with a prefix", ["a", "foo", "b1", "bar", "b2", "baz"],
            """
            - regex: (b.*)
              replacement: bar_${1}
              action: labelmap
            """,
            ["a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz"] },
        { "labelmap strips a meta prefix", ["a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"],
            """
            - regex: __meta_(my.*)
              replacement: ${1}
              action: labelmap
            """,
            ["a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc", "my_bar", "aaa", "my_baz", "bbb"] },
        { "templated target label", ["a", "some-name-value"],
            """
            - source_labels: [a]
              regex: some-([^-]+)-([^,]+)
              replacement: ${2}
              target_label: ${1}
            """,
            ["a", "some-name-value", "name", "value"] },
        { "replacement of a missing group deletes", ["a", "some-name-value"],
            """
            - source_labels: [a]
              regex: some-([^-]+)-([^,]+)
              replacement: ${3}
              target_label: ${1}
            """,
            ["a", "some-name-value"] },
        { "target expanding to an invalid name is skipped", ["a", "some-name-0"],
            """
            - source_labels: [a]
              regex: some-([^-]+)-([^,]+)
              replacement: ${1}
              target_label: ${3}
            - source_labels: [a]
              regex: some-([^-]+)-([^,]+)
              replacement: ${1}
              target_label: ${2}
            - source_labels: [a]
              regex: some-([^-]+)(-[^,]+)
              replacement: ${1}
              target_label: ${3}
            """,
            ["a", "some-name-0"] },
        { "service-discovery tags", ["__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"],
            """
            - source_labels: [__meta_sd_tags]
              regex: "(?:.+,|^)path:(/[^,]+).*"
              replacement: ${1}
              target_label: __metrics_path__
            - source_labels: [__meta_sd_tags]
              regex: "(?:.+,|^)job:([^,]+).*"
              replacement: ${1}
              target_label: job
            - source_labels: [__meta_sd_tags]
              regex: "(?:.+,|^)label:([^=]+)=([^,]+).*"
              replacement: ${2}
              target_label: ${1}
            """,
            ["__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar", "__metrics_path__", "/secret", "job", "some-job", "foo", "bar"] },
        { "prometheus issue 12283", ["__meta_kubernetes_pod_container_port_name", "foo", "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"],
            """
            - regex: ^__meta_kubernetes_pod_container_port_name$
              action: labeldrop
            - source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port]
              regex: (.+)
              replacement: metrics
              target_label: __meta_kubernetes_pod_container_port_name
            - source_labels: [__meta_kubernetes_pod_container_port_name]
              regex: ^metrics$
              action: keep
            """,
            ["__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091", "__meta_kubernetes_pod_container_port_name", "metrics"] },
        { "labelkeep", ["a", "foo", "b1", "bar", "b2", "baz"],
            """
            - regex: (b.*)
              action: labelkeep
            """,
            ["b1", "bar", "b2", "baz"] },
        { "labeldrop", ["a", "foo", "b1", "bar", "b2", "baz"],
            """
            - regex: (b.*)
              action: labeldrop
            """,
            ["a", "foo"] },
        { "uppercase and lowercase", ["foo", "bAr123Foo"],
            """
            - source_labels: [foo]
              action: uppercase
              target_label: foo_uppercase
            - source_labels: [foo]
              action: lowercase
              target_label: foo_lowercase
            """,
            ["foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO"] },
        { "keepequal on equal values", ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"],
            """
            - source_labels: [__tmp_port]
              action: keepequal
              target_label: __port1
            """,
            ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"] },
        { "dropequal on equal values", ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"],
            """
            - source_labels: [__tmp_port]
              action: dropequal
              target_label: __port1
            """,
            null },
        { "dropequal on different values", ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"],
            """
            - source_labels: [__tmp_port]
              action: dropequal
              target_label: __port2
            """,
            ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"] },
        { "keepequal on different values", ["__tmp_port", "1234", "__port1", "1234", "__port2", "5678"],
            """
            - source_labels: [__tmp_port]
              action: keepequal
              target_label: __port2
            """,
            null },
        { "dot matches a newline", ["a", "line1\nline2", "b", "bar"],
            """
            - source_labels: [a]
              regex: line1.*line2
              target_label: d
              replacement: match${1}
            """,
            ["a", "line1\nline2", "b", "bar", "d", "match"] },
        { "named groups in both templates", ["a", "line1\nline2"],
            """
            - source_labels: [a]
              regex: (line1).*(?<second>line2)
              target_label: label1_${1}
              replacement: val_${second}
            - source_labels: [a]
              regex: (line1).*(?<second>line2)
              target_label: label2_$1
              replacement: val_$second
            """,
            ["a", "line1\nline2", "label1_line1", "val_line2", "label2_line1", "val_line2"] },
        { "type from metric name", ["__name__", "http_requests_total"],
            """
            - source_labels: [__name__]
              regex: .*_total$
              target_label: __type__
              replacement: counter
            """,
            ["__name__", "http_requests_total", "__type__", "counter"] },
        { "unit from metric name", ["__name__", "disk_usage_bytes"],
            """
            - source_labels: [__name__]
              regex: .*_bytes$
              target_label: __unit__
              replacement: bytes
            """,
            ["__name__", "disk_usage_bytes", "__unit__", "bytes"] },
    };

    [Theory]
    [MemberData(nameof(PrometheusCases))]
    public void Matches_prometheus_relabel_test(string name, string[] input, string steps, string[]? expected)
        => Check(name, input, steps, expected);
}
