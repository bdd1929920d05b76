using System.Globalization;
using System.Text;
using Metrics.Store.Abstractions;
using Metrics.Store.RemoteWrite;
using Metrics.Store.RemoteWrite.Proto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Store.Http;

/// <summary>The Prometheus remote-write 1.0 receiver, <c>POST /api/v1/write</c>; only translates between HTTP and the engine.</summary>
public static class RemoteWriteEndpoints
{
    private const string TextPlain = "text/plain; charset=utf-8";

    // Label sets by raw label bytes; shared by all requests (equal bytes always mean equal labels).
    private static readonly SeriesLabelCache Cache = new();

    /// <summary>
    /// Maps the receiver; it stores into the <see cref="IAppendable"/> from DI. Limits come from
    /// <paramref name="options"/>, else a registered <see cref="RemoteWriteOptions"/>, else the defaults.
    /// </summary>
    public static IEndpointRouteBuilder MapRemoteWrite(this IEndpointRouteBuilder app, RemoteWriteOptions? options = null)
    {
        RemoteWriteOptions limits = options ?? app.ServiceProvider.GetService<RemoteWriteOptions>() ?? new RemoteWriteOptions();
        RouteGroupBuilder v1 = app.MapGroup("/api/v1");
        // Typed as a Func so routing writes the returned IResult (a bare HttpContext lambda would bind as a RequestDelegate).
        Func<HttpContext, Task<IResult>> write = ctx => WriteAsync(ctx, limits);
        v1.MapPost("/write", write);
        return app;
    }

    private static async Task<IResult> WriteAsync(HttpContext ctx, RemoteWriteOptions limits)
    {
        HttpRequest request = ctx.Request;
        if (RemoteWriteHeaders.CheckContentType(request) is { } typeError)
            return Text(StatusCodes.Status415UnsupportedMediaType, typeError);
        if (RemoteWriteHeaders.CheckContentEncoding(request) is { } encodingError)
            return Text(StatusCodes.Status400BadRequest, encodingError);

        // Kestrel's own default (30 MB) would otherwise cut in below our limit.
        IHttpMaxRequestBodySizeFeature? bodySize = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false }) bodySize.MaxRequestBodySize = limits.MaxBodyBytes;

        RequestBody? body;
        try
        {
            body = await RequestBody.ReadAsync(request, limits.MaxBodyBytes, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        if (body is null)
        {
            return Text(StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"request body exceeds the {limits.MaxBodyBytes}-byte limit"));
        }

        byte[] decoded;
        using (body)
        {
            if (body.Length == 0) return Text(StatusCodes.Status400BadRequest, "empty request body");
            try
            {
                decoded = RemoteWriteDecoder.DecodeSnappy(body.Span, limits.MaxDecodedBytes);
            }
            catch (RemoteWriteException e)
            {
                return Text(StatusCodes.Status400BadRequest, e.Message);
            }
        }

        IAppendable storage = ctx.RequestServices.GetRequiredService<IAppendable>();
        RemoteWriteResult result;
        try
        {
            result = RemoteWriteHandler.Write(decoded, storage, Cache);
        }
        catch (RemoteWriteException e)
        {
            return Text(StatusCodes.Status400BadRequest, e.Message);
        }
        if (result.IsComplete) return Results.NoContent();
        // The rest is stored: 400 (not 5xx) so the sender does not retry what would be refused again.
        return Text(StatusCodes.Status400BadRequest, "partial write: " + result.Describe());
    }

    private static IResult Text(int status, string message) => Results.Text(message + "\n", TextPlain, Encoding.UTF8, status);
}
