using Metrics.Collector.Relabel;
using Metrics.Store.Labels;
using static Metrics.Collector.Tests.Relabel.RelabelTestHelpers;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>
/// Table tests of every action, with expectations derived from Prometheus's documentation of
/// <c>relabel_config</c>; the cases ported from its own tests are in the Prometheus partial.
/// </summary>
public sealed partial class RelabelerTests
{
    // Cases derived from the documented behaviour of each action and default.
    public static TheoryData<string, string[], string, string[]?> DocumentedCases => new()
    {
        { "defaults: static label from replacement", ["a", "1"],
            """
            - target_label: env
              replacement: prod
            """,
            ["a", "1", "env", "prod"] },
        { "defaults: copy one label to another", ["a", "1"],
            """
            - source_labels: [a]
              target_label: b
            """,
            ["a", "1", "b", "1"] },
        { "defaults: copying an absent label deletes the target", ["a", "1", "b", "2"],
            """
            - source_labels: [missing]
              target_label: b
            """,
            ["a", "1"] },
        { "defaults: sources joined with ';', absent ones as empty", ["a", "x", "c", "z"],
            """
            - source_labels: [a, b, c]
              target_label: joined
            """,
            ["a", "x", "c", "z", "joined", "x;;z"] },
        { "custom separator", ["a", "x", "b", "y"],
            """
            - source_labels: [a, b]
              separator: /
              target_label: path
            """,
            ["a", "x", "b", "y", "path", "x/y"] },
        { "replace can set the metric name", ["__name__", "old_total", "job", "j"],
            """
            - source_labels: [__name__]
              regex: old_(.*)
              target_label: __name__
              replacement: new_$1
            """,
            ["__name__", "new_total", "job", "j"] },
        { "replace of the same value is a no-op", ["a", "1"],
            """
            - source_labels: [a]
              target_label: a
            """,
            ["a", "1"] },
        { "replace into an existing label overwrites it", ["a", "1", "b", "old"],
            """
            - source_labels: [a]
              target_label: b
              replacement: new-$1
            """,
            ["a", "1", "b", "new-1"] },
        { "keep with the default regex keeps everything", ["a", "1"],
            """
            - action: keep
            """,
            ["a", "1"] },
        { "drop with the default regex drops everything", ["a", "1"],
            """
            - action: drop
            """,
            null },
        { "keep on joined sources", ["a", "x", "b", "y"],
            """
            - source_labels: [a, b]
              regex: x;y
              action: keep
            """,
            ["a", "x", "b", "y"] },
        { "keep regex must match the whole value", ["a", "foo"],
            """
            - source_labels: [a]
              regex: oo
              action: keep
            """,
            null },
        { "keep: $ does not match before a trailing newline", ["a", "foo\n"],
            """
            - source_labels: [a]
              regex: foo$
              action: keep
            """,
            null },
        { "keep: \\d is ASCII only", ["a", "\u0661\u0662"],
            """
            - source_labels: [a]
              regex: \d+
              action: keep
            """,
            null },
        { "keep: case-insensitive flag", ["a", "FOO"],
            """
            - source_labels: [a]
              regex: (?i)foo
              action: keep
            """,
            ["a", "FOO"] },
        { "empty regex matches only an empty value", ["a", "x"],
            """
            - source_labels: [missing]
              regex: ""
              action: keep
            - source_labels: [a]
              regex: ""
              action: drop
            """,
            ["a", "x"] },
        { "null regex is the empty regex, as in Prometheus's decoder", ["a", "x"],
            """
            - regex:
              replacement: static
              target_label: abc
            """,
            ["a", "x", "abc", "static"] },
        { "keepequal with both labels absent keeps", ["a", "1"],
            """
            - source_labels: [x]
              target_label: y
              action: keepequal
            """,
            ["a", "1"] },
        { "keepequal on joined sources", ["a", "x", "b", "y", "t", "x;y"],
            """
            - source_labels: [a, b]
              target_label: t
              action: keepequal
            """,
            ["a", "x", "b", "y", "t", "x;y"] },
        { "lowercase of an absent source deletes the target", ["a", "1", "t", "old"],
            """
            - source_labels: [missing]
              target_label: t
              action: lowercase
            """,
            ["a", "1"] },
        { "case mapping beyond ASCII", ["a", "\u00c9cole \u00e9t\u00e9"],
            """
            - source_labels: [a]
              target_label: lower
              action: lowercase
            - source_labels: [a]
              target_label: upper
              action: uppercase
            """,
            ["a", "\u00c9cole \u00e9t\u00e9", "lower", "\u00e9cole \u00e9t\u00e9", "upper", "\u00c9COLE \u00c9T\u00c9"] },
        { "labelmap with the default replacement", ["__meta_kubernetes_pod_label_app", "web", "job", "k"],
            """
            - regex: __meta_kubernetes_pod_label_(.+)
              action: labelmap
            """,
            ["__meta_kubernetes_pod_label_app", "web", "job", "k", "app", "web"] },
        { "labelmap does not remap labels it creates in the same step", ["a", "1"],
            """
            - regex: (.*)
              replacement: copy_${1}
              action: labelmap
            """,
            ["a", "1", "copy_a", "1"] },
        { "labelmap overwrites an existing label", ["__meta_x", "new", "x", "old"],
            """
            - regex: __meta_(.*)
              action: labelmap
            """,
            ["__meta_x", "new", "x", "new"] },
        { "labelmap sees labels changed by earlier steps", ["a", "1"],
            """
            - target_label: __meta_b
              replacement: two
            - regex: __meta_(.*)
              action: labelmap
            - regex: __meta_.*
              action: labeldrop
            """,
            ["a", "1", "b", "two"] },
        { "labelmap regex is anchored on the name", ["xa_y", "1"],
            """
            - regex: a_(.*)
              action: labelmap
            """,
            ["xa_y", "1"] },
        { "labeldrop of the metric name", ["__name__", "up", "job", "j"],
            """
            - regex: __name__
              action: labeldrop
            """,
            ["job", "j"] },
        { "labelkeep can empty the set", ["a", "1"],
            """
            - regex: zzz
              action: labelkeep
            """,
            [] },
        { "hashmod with joined sources", ["a", "10.0.0.1:80", "b", "x"],
            """
            - source_labels: [a, b]
              target_label: shard
              modulus: 7
              action: hashmod
            """,
            ["a", "10.0.0.1:80", "b", "x", "shard", HashModTests.Expected("10.0.0.1:80;x", 7)] },
        { "hashmod then keep one shard", ["__address__", "10.132.183.40:80"],
            $"""
            - source_labels: [__address__]
              target_label: __tmp_hash
              modulus: 3
              action: hashmod
            - source_labels: [__tmp_hash]
              regex: ^{HashModTests.Expected("10.132.183.40:80", 3)}$
              action: keep
            - regex: __tmp_hash
              action: labeldrop
            """,
            ["__address__", "10.132.183.40:80"] },
        { "kubernetes address rewrite with a lazy group", ["__address__", "10.0.0.1:8080", "port", "9102"],
            """
            - source_labels: [__address__, port]
              regex: (.+?)(\:\d+)?;(\d+)
              replacement: $1:$3
              target_label: __address__
            """,
            ["__address__", "10.0.0.1:9102", "port", "9102"] },
    };

    [Theory]
    [MemberData(nameof(DocumentedCases))]
    public void Follows_documented_behaviour(string name, string[] input, string steps, string[]? expected)
        => Check(name, input, steps, expected);

    [Fact]
    public void No_steps_returns_the_input()
    {
        LabelSet input = Labels("a", "1");
        Assert.Same(input, Relabeler.Process(input, []));
    }

    [Fact]
    public void Steps_that_change_nothing_return_the_same_instance()
    {
        LabelSet input = Labels("a", "foo", "b", "bar");
        var steps = Steps("""
            - source_labels: [a]
              regex: f.*
              action: keep
            - source_labels: [a]
              target_label: a
            - regex: zzz
              action: labeldrop
            """);
        Assert.Same(input, Relabeler.Process(input, steps));
    }

    [Fact]
    public void Input_set_is_not_modified()
    {
        LabelSet input = Labels("a", "1", "b", "2");
        var steps = Steps("""
            - regex: a
              action: labeldrop
            - target_label: c
              replacement: "3"
            """);
        Assert.Equal(Labels("b", "2", "c", "3"), Relabeler.Process(input, steps));
        Assert.Equal(Labels("a", "1", "b", "2"), input);
    }

    [Fact]
    public void Created_steps_behave_like_parsed_ones()
    {
        RelabelConfig step = RelabelConfig.Create(sourceLabels: ["a"], regex: "f(.*)", targetLabel: "d", replacement: "ch${1}-ch${1}");
        Assert.Equal(Labels("a", "foo", "d", "choo-choo"), Relabeler.Process(Labels("a", "foo"), [step]));
    }

    [Fact]
    public void Long_joined_values_grow_the_buffer()
    {
        string big = new('x', 5000);
        var steps = Steps("""
            - source_labels: [a, b]
              target_label: c
              action: hashmod
              modulus: 1000000
            - source_labels: [a, b]
              regex: x+;x+
              action: keep
            """);
        LabelSet? result = Relabeler.Process(Labels("a", big, "b", big), steps);
        Assert.NotNull(result);
        Assert.Equal(HashModTests.Expected(big + ";" + big, 1_000_000), result.Get("c"));
    }

    private static void Check(string name, string[] input, string steps, string[]? expected)
    {
        LabelSet? result = Relabeler.Process(Labels(input), Steps(steps));
        if (expected is null)
        {
            Assert.True(result is null, $"{name}: expected the series to be dropped, got {result}");
            return;
        }
        Assert.True(result is not null, $"{name}: expected {Labels(expected)}, got dropped");
        Assert.Equal(Labels(expected), result);
    }
}
