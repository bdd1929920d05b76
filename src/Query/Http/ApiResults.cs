using System.Text.Encodings.Web;
using System.Text.Json;
using Metrics.Query.Engine;
using Microsoft.AspNetCore.Http;

namespace Metrics.Query.Http;

/// <summary>Turns engine answers and errors into HTTP responses with Prometheus's status codes.</summary>
internal static class ApiResults
{
    // Prometheus writes "+Inf" and non-ASCII label values literally; the default encoder would escape them.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteSuccessAsync(HttpContext ctx, Action<Utf8JsonWriter> writeData, Values.QueryValue? annotated = null)
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter, Options);
        ApiJsonWriter.WriteSuccess(w, writeData, annotated);
        await w.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteErrorAsync(HttpContext ctx, QueryErrorType type, string message)
    {
        ctx.Response.StatusCode = type switch
        {
            QueryErrorType.BadData => StatusCodes.Status400BadRequest,
            QueryErrorType.Execution => StatusCodes.Status422UnprocessableEntity,
            QueryErrorType.Timeout or QueryErrorType.Canceled => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter, Options);
        ApiJsonWriter.WriteError(w, type, message);
        await w.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Runs a handler, mapping query errors to the error envelope.</summary>
    public static async Task GuardAsync(HttpContext ctx, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            await WriteErrorAsync(ctx, e.ErrorType, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
    }
}
