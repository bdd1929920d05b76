using System.Text;

namespace Metrics.Alerting.Manager.Http;

/// <summary>Recognises a request text that is not UTF-8, so it is answered as bad input (400) rather than a server error.</summary>
internal static class InvalidUtf8
{
    // Strict decoding throws DecoderFallbackException; System.Text.Json's GetString wraps it in an InvalidOperationException.
    public static bool Is(Exception e) => e is DecoderFallbackException || e is InvalidOperationException { InnerException: DecoderFallbackException };
}
