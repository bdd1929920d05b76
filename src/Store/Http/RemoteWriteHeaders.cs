using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Metrics.Store.Http;

/// <summary>Checks the remote-write 1.0 request headers and says, in the sender's terms, what is wrong with them.</summary>
internal static class RemoteWriteHeaders
{
    private const string ProtobufMediaType = "application/x-protobuf";
    private const string WriteRequestProto = "prometheus.WriteRequest";

    /// <summary>
    /// Null when the Content-Type is acceptable. A missing Content-Type is accepted, as Prometheus does;
    /// parameters are ignored except <c>proto</c>, which must name the 1.0 message, because a
    /// remote-write 2.0 body would otherwise be parsed as 1.0 and read as garbage.
    /// </summary>
    public static string? CheckContentType(HttpRequest request)
    {
        string? header = request.ContentType;
        if (string.IsNullOrWhiteSpace(header)) return null;
        if (!MediaTypeHeaderValue.TryParse(header, out MediaTypeHeaderValue? parsed))
            return $"unparseable Content-Type \"{header}\"; expected {ProtobufMediaType}";
        if (!parsed.MediaType.Equals(ProtobufMediaType, StringComparison.OrdinalIgnoreCase))
            return $"unsupported Content-Type \"{header}\"; expected {ProtobufMediaType}";
        foreach (NameValueHeaderValue p in parsed.Parameters)
        {
            if (!p.Name.Equals("proto", StringComparison.OrdinalIgnoreCase)) continue;
            string proto = HeaderUtilities.RemoveQuotes(p.Value).ToString();
            if (!proto.Equals(WriteRequestProto, StringComparison.Ordinal))
                return $"unsupported proto message \"{proto}\"; this receiver speaks remote write 1.0 ({WriteRequestProto})";
        }
        return null;
    }

    /// <summary>Null when the body is declared snappy-compressed, the only encoding remote write 1.0 allows.</summary>
    public static string? CheckContentEncoding(HttpRequest request)
    {
        string encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length == 0)
            return "missing Content-Encoding; remote write 1.0 bodies must be snappy-compressed (Content-Encoding: snappy)";
        if (!encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
            return $"unsupported Content-Encoding \"{encoding}\"; remote write 1.0 bodies must be snappy-compressed";
        return null;
    }
}
