namespace Metrics.Alerting.Templating;

/// <summary>A template function's Go parameter types (<c>string</c>, <c>[]string</c>, <c>any</c>, ...) and the type of a variadic tail.</summary>
internal sealed record FunctionSignature(string[] Parameters, string? Variadic = null);
