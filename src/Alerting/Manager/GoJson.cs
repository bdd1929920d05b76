using System.Text.Encodings.Web;
using System.Text.Json;

namespace Metrics.Alerting.Manager;

/// <summary>JSON writing close to Go's encoder: quotes escaped as <c>\"</c>, non-ASCII text left as is.</summary>
internal static class GoJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
