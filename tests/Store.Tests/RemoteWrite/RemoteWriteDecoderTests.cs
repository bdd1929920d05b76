using IronSnappy;
using Metrics.Store.RemoteWrite;
using Metrics.Store.RemoteWrite.Proto;
using static Metrics.Store.Tests.RemoteWrite.WriteRequests;

namespace Metrics.Store.Tests.RemoteWrite;

public class RemoteWriteDecoderTests
{
    [Fact]
    public void A_built_request_round_trips()
    {
        WriteRequest sent = Request(
            Series(["__name__", "http_requests_total", "job", "api", "code", "200"], (1000, 1), (2000, 2.5)),
            Series(["__name__", "up", "job", "api"], (1000, 1)));
        sent.Metadata.Add(new MetricMetadata
        {
            Type = MetricMetadata.Types.MetricType.Counter,
            MetricFamilyName = "http_requests_total",
            Help = "Requests.",
            Unit = "",
        });

        WriteRequest got = RemoteWriteDecoder.Decode(Encode(sent));

        Assert.Equal(sent, got);
        Assert.Equal("code", got.Timeseries[0].Labels[2].Name);
        Assert.Equal(2.5, got.Timeseries[0].Samples[1].Value);
        Assert.Equal(2000, got.Timeseries[0].Samples[1].Timestamp);
    }

    [Fact]
    public void Corrupt_snappy_is_reported_as_snappy_error()
    {
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode("not snappy"u8));
        Assert.StartsWith("snappy: corrupt input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_snappy_block_is_reported_as_snappy_error()
    {
        byte[] body = Encode(Request(Series(["__name__", "up"], (1000, 1))));
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode(body.AsSpan(0, body.Length - 3)));
        Assert.StartsWith("snappy:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_protobuf_is_reported_as_protobuf_error()
    {
        byte[] proto = Google.Protobuf.MessageExtensions.ToByteArray(
            Request(Series(["__name__", "up", "job", "api"], (1000, 1))));
        byte[] body = Snappy.Encode(proto.AsSpan(0, proto.Length - 4));
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode(body));
        Assert.StartsWith("protobuf: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preamble_beyond_the_limit_is_refused_before_decoding()
    {
        // Varint 40,000,000 followed by a few bytes: the decoder must not allocate 40 MB to find out.
        byte[] body = [0x80, 0xB4, 0x89, 0x13, 0x00, 0x01, 0x02];
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode(body));
        Assert.Equal("decoded body of 40000000 bytes exceeds the 33554432-byte limit", e.Message);
    }

    [Fact]
    public void Preamble_is_checked_against_a_configured_limit()
    {
        byte[] body = Encode(Request(Series(["__name__", "up"], (1000, 1))));
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode(body, maxDecodedBytes: 4));
        Assert.Contains("exceeds the 4-byte limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preamble_promising_more_than_snappy_can_expand_is_corrupt()
    {
        // 1 MiB from four bytes of payload is impossible in the block format.
        byte[] body = [0x80, 0x80, 0x40, 0x00, 0x01, 0x02, 0x03];
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode(body));
        Assert.StartsWith("snappy: corrupt input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preamble_that_never_ends_is_corrupt()
    {
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.StartsWith("snappy: corrupt input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_body_is_refused()
    {
        var e = Assert.Throws<RemoteWriteException>(() => RemoteWriteDecoder.Decode([]));
        Assert.Equal("empty request body", e.Message);
    }

    [Fact]
    public void Empty_request_decodes_to_no_series()
    {
        Assert.Empty(RemoteWriteDecoder.Decode(Encode(new WriteRequest())).Timeseries);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0UL, 1)]
    [InlineData(new byte[] { 0x7F }, 127UL, 1)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128UL, 2)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 4294967295UL, 5)]
    public void Preamble_varint_is_read(byte[] block, ulong length, int preambleLength)
    {
        Assert.True(RemoteWriteDecoder.TryReadDecodedLength(block, out ulong got, out int used));
        Assert.Equal(length, got);
        Assert.Equal(preambleLength, used);
    }

    [Fact]
    public void Preamble_over_32_bits_is_invalid()
    {
        Assert.False(RemoteWriteDecoder.TryReadDecodedLength([0x80, 0x80, 0x80, 0x80, 0x10], out _, out _));
    }
}
