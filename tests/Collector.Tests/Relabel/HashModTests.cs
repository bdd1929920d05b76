using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Metrics.Collector.Relabel;
using static Metrics.Collector.Tests.Relabel.RelabelTestHelpers;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>
/// <c>hashmod</c> = MD5 of the UTF-8 joined source values; its last 8 bytes read big-endian as
/// an unsigned 64-bit integer; that modulo <c>modulus</c>, in decimal.
/// </summary>
/// <remarks>
/// Prometheus 3 writes <c>binary.BigEndian.Uint64(hash[8:])</c>; Prometheus 2 summed
/// <c>byte &lt;&lt; ((15-i)*8)</c> over all 16 bytes, where Go's oversized shifts make the first
/// 8 bytes vanish, so both versions use the last 8 bytes and agree.
/// </remarks>
public sealed class HashModTests
{
    /// <summary>The documented rule computed independently of the implementation.</summary>
    public static string Expected(string value, ulong modulus)
    {
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(value));
        ulong v = 0;
        for (int i = 8; i < 16; i++) v = (v << 8) | hash[i];
        return (v % modulus).ToString(CultureInfo.InvariantCulture);
    }

    public static TheoryData<string, ulong> Values => new()
    {
        { "", 1000 },
        { "baz", 1000 },
        { "foo\nbar", 1000 },
        { "10.132.183.40:80", 3 },
        { "node-1.example.com:9100", 16 },
        { "√ unicode ☃ value 😀", 97 },
        { "anything", 1 },
        { "max modulus", ulong.MaxValue },
        { new string('y', 400), 12345 },   // longer than the stack buffer
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Matches_the_documented_rule(string value, ulong modulus)
    {
        var step = RelabelConfig.Create(RelabelAction.HashMod, sourceLabels: ["v"], targetLabel: "h", modulus: modulus);
        string expected = Expected(value, modulus);
        Assert.Equal(expected, Relabeler.Process(Labels("v", value, "keep", "1"), [step])!.Get("h"));
    }

    [Theory]
    [InlineData("baz", 1000UL, "976")]         // relabel_test.go
    [InlineData("foo\nbar", 1000UL, "734")]    // relabel_test.go
    public void Matches_values_pinned_by_prometheus(string value, ulong modulus, string expected)
    {
        Assert.Equal(expected, Expected(value, modulus));
        var step = RelabelConfig.Create(RelabelAction.HashMod, sourceLabels: ["v"], targetLabel: "h", modulus: modulus);
        Assert.Equal(expected, Relabeler.Process(Labels("v", value), [step])!.Get("h"));
    }

    [Fact]
    public void Uses_the_last_eight_bytes_not_the_first()
    {
        // Pins the choice: the first-8-bytes reading gives a different shard for this value.
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes("baz"));
        ulong first = 0;
        for (int i = 0; i < 8; i++) first = (first << 8) | hash[i];
        Assert.NotEqual("976", (first % 1000).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Overwrites_an_existing_target_only_when_different()
    {
        var step = RelabelConfig.Create(RelabelAction.HashMod, sourceLabels: ["c"], targetLabel: "d", modulus: 1000);
        var already = Labels("c", "baz", "d", "976");
        Assert.Same(already, Relabeler.Process(already, [step]));
        Assert.Equal(Labels("c", "baz", "d", "976"), Relabeler.Process(Labels("c", "baz", "d", "1"), [step]));
    }
}
