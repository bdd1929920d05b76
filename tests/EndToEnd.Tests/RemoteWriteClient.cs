using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Metrics.Store.RemoteWrite.Proto;

namespace Metrics.EndToEnd.Tests;

/// <summary>Sends remote-write 1.0 requests the way Prometheus does (protobuf, snappy block format).</summary>
internal static class RemoteWriteClient
{
    public static WriteRequest Request(IEnumerable<(string Name, IReadOnlyList<(string, string)> Labels, long T, double V)> samples)
    {
        var request = new WriteRequest();
        foreach (var (name, labels, t, v) in samples)
        {
            var series = new TimeSeries();
            series.Labels.Add(new Label { Name = "__name__", Value = name });
            foreach (var (k, val) in labels.OrderBy(l => l.Item1, StringComparer.Ordinal)) series.Labels.Add(new Label { Name = k, Value = val });
            series.Samples.Add(new Sample { Timestamp = t, Value = v });
            request.Timeseries.Add(series);
        }
        return request;
    }

    public static async Task<HttpStatusCode> SendAsync(HttpClient http, WriteRequest request, CancellationToken ct = default)
    {
        byte[] body = IronSnappy.Snappy.Encode(request.ToByteArray());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        using HttpResponseMessage response = await http.SendAsync(message, ct);
        return response.StatusCode;
    }
}
