using System.Globalization;
using Metrics.Query.Engine;
using Metrics.Store.Time;
using Microsoft.AspNetCore.Http;

namespace Metrics.Query.Http;

/// <summary>Reads API parameters from the URL or a form body, and parses Prometheus's time and duration notations.</summary>
internal static class ApiParams
{
    /// <summary>Prometheus's minimum and maximum representable times, used when start/end are absent.</summary>
    public const long MinTimeMs = -9223309901257974L;
    public const long MaxTimeMs = 9223309901257974L;

    public static async Task<IFormCollection?> ReadFormAsync(HttpContext ctx)
    {
        if (!ctx.Request.HasFormContentType) return null;
        try
        {
            return await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new QueryException(QueryErrorType.BadData, "error parsing form values: " + e.Message);
        }
    }

    /// <summary>The first value of a parameter, from the form body first, then the URL, as Go's FormValue does.</summary>
    public static string? Get(HttpContext ctx, IFormCollection? form, string name)
    {
        if (form is not null && form.TryGetValue(name, out var fv) && fv.Count > 0) return fv[0];
        return ctx.Request.Query.TryGetValue(name, out var qv) && qv.Count > 0 ? qv[0] : null;
    }

    /// <summary>All values of a repeated parameter such as <c>match[]</c>, from both places.</summary>
    public static List<string> GetAll(HttpContext ctx, IFormCollection? form, string name)
    {
        var all = new List<string>();
        if (form is not null && form.TryGetValue(name, out var fv)) all.AddRange(fv.Where(v => v is not null)!);
        if (ctx.Request.Query.TryGetValue(name, out var qv)) all.AddRange(qv.Where(v => v is not null)!);
        return all;
    }

    /// <summary>Unix seconds with up to millisecond precision, or RFC 3339.</summary>
    public static long ParseTime(string? text, string name, long fallbackMs)
    {
        if (string.IsNullOrEmpty(text)) return fallbackMs;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > MaxTimeMs / 1000.0)
                throw BadParam(name, $"cannot parse \"{text}\" to a valid timestamp");
            double whole = Math.Truncate(seconds);
            return (long)whole * 1000 + (long)Math.Round((seconds - whole) * 1000);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset dto)
            && text.Contains('T', StringComparison.Ordinal))
            return dto.ToUnixTimeMilliseconds();
        throw BadParam(name, $"cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>Float seconds (<c>15</c>, <c>0.5</c>) or a Prometheus duration (<c>15s</c>).</summary>
    public static long ParseDurationMs(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) throw BadParam(name, "missing value");
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            double ms = seconds * 1000;
            if (double.IsNaN(ms) || ms >= long.MaxValue || ms <= long.MinValue)
                throw BadParam(name, $"cannot parse \"{text}\" to a valid duration. It overflows int64");
            return (long)Math.Round(ms);
        }
        if (PromDuration.TryParseMilliseconds(text, out long d)) return d;
        throw BadParam(name, $"cannot parse \"{text}\" to a valid duration");
    }

    public static QueryException BadParam(string name, string problem)
        => new(QueryErrorType.BadData, $"invalid parameter \"{name}\": {problem}");
}
