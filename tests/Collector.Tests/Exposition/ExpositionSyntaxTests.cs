using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Exposition;

/// <summary>Pins the byte-level name rules of the parser to the Store's <see cref="LabelNames"/>.</summary>
public class ExpositionSyntaxTests
{
    public static TheoryData<string> Names() =>
    [
        "", "a", "A", "_", ":", "a1", "1a", "a:b", ":a", "_a_", "__name__", "a-b", "a.b", "é", "a b", "Z9_:",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:", "a@", "[", "`", "{", "@", "/", "0",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_scanners_agree_with_LabelNames(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        Assert.Equal(LabelNames.IsValidMetricName(name), bytes.Length > 0 && ExpositionSyntax.ScanMetricName(bytes, 0) == bytes.Length);
        Assert.Equal(LabelNames.IsValidLabelName(name), bytes.Length > 0 && ExpositionSyntax.ScanLabelName(bytes, 0) == bytes.Length);
    }

    [Fact]
    public void Name_scanners_agree_with_LabelNames_for_every_ascii_pair()
    {
        for (int a = 0; a < 128; a++)
        {
            for (int b = 0; b < 128; b++)
            {
                string name = new([(char)a, (char)b]);
                byte[] bytes = [(byte)a, (byte)b];
                Assert.Equal(LabelNames.IsValidMetricName(name), ExpositionSyntax.ScanMetricName(bytes, 0) == 2);
                Assert.Equal(LabelNames.IsValidLabelName(name), ExpositionSyntax.ScanLabelName(bytes, 0) == 2);
            }
        }
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("5.", 5.0)]
    [InlineData("+.5e-3", 0.0005)]
    [InlineData("1E+2", 100.0)]
    [InlineData("007", 7.0)]
    [InlineData("1e-400", 0.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("8.999999999999998", 8.999999999999998)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    public void Values_parse_like_go(string text, double expected)
    {
        Assert.True(ValueParser.TryParseValue(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("Infinity")]
    [InlineData("infinity")]
    [InlineData("+nan")]
    [InlineData("1e400")]
    public void Values_go_rejects_fail(string text)
    {
        Assert.False(ValueParser.TryParseValue(Encoding.UTF8.GetBytes(text), out _));
    }
}
